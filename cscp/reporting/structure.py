"""The structure of a report as plain data: parts of sections, each showing apps'
contributions and the partnership's own records.

Reports take their structure from their template (`ReportTemplate`, data business support edit
in the admin); the two shipped templates are defined here and seeded by a data migration:
- "Working Together 2018" (`PARTS`): the seed report's Parts 1–5, also the structure used where
  a report has no template (e.g. content composed before templates were data);
- "Working Together 2023 yearly report" (`WT2023_PARTS`), the default for 2024-25 onwards, with
  its statutory contents checklist (`WT2023_CHECKLIST`, rules in cscp.reporting.statutory).

This module imports nothing at load time, so models, the checklist, the composer and the
templates can all read it without importing each other. `cscp.reporting.compose` builds its
`Part`/`Section` objects from `PARTS`; a section's key is what `ReportSection.key` holds. A
composed report's content carries its structure in this same shape.

Each part: `key`, `title`, `subtitle`, `sections`. Each section:
- `key`, `title`;
- `includes`: the apps whose report templates the section shows, each
  `{"app": <app label>, "template": <template name>}`, given that app's contribution;
- `records`: the partnership's own records the section shows ("" for none; see
  `cscp.reporting.selectors.own_records`);
- `needs_narrative`: the checklist fails while the section has no narrative block;
- `heading`: show the section's own heading (sections made only of app templates get theirs
  there);
- `narrative_after`: narrative after the apps' templates (before the own records), not first.
"""

# Which app a section's included template comes from, as the report names it ("Source: ...").
APP_LABELS = {
    "reviews": "Reviews",
    "priority_groups": "Priority groups",
    "training": "Training",
    "datasets": "Datasets",
    "feedback": "Feedback",
}


# The apps' contributions a section can show: a name (stored in TemplateSection.shows) for
# each (app, template) the app provides.
APP_TEMPLATES: dict[str, tuple[str, str]] = {
    "datasets.statistics": ("datasets", "datasets/report/statistics.html"),
    "datasets.data_examination": ("datasets", "datasets/report/data_examination.html"),
    "reviews.practice_reviews": ("reviews", "reviews/report/practice_reviews.html"),
    "reviews.inspections": ("reviews", "reviews/report/inspections.html"),
    "reviews.audits": ("reviews", "reviews/report/audits.html"),
    "reviews.learning": ("reviews", "reviews/report/learning.html"),
    "priority_groups.groups": ("priority_groups", "priority_groups/report/groups.html"),
    "training.training": ("training", "training/report/training.html"),
    "training.new_courses": ("training", "training/report/new_courses.html"),
    "feedback.voice": ("feedback", "feedback/report/voice.html"),
    "feedback.surveys": ("feedback", "feedback/report/surveys.html"),
}
TEMPLATE_NAMES = {pair: name for name, pair in APP_TEMPLATES.items()}

# The partnership's own records a section can show (cscp/templates/cscp/report/records/).
RECORDS: dict[str, str] = {
    "contributions": "Reflections requested from partners",
    "scrutiny": "Independent scrutineer's conversations and challenges",
    "scrutiny_review": "The scrutineer's review of this report and the partners' response",
    "briefing_impact": "Impact evidence prompted by briefings",
    "community_impact": "Impact evidence from voluntary and community agencies",
    "activity_impact": "Other impact evidence",
    "stage_impact": "Impact evidence by stage of help (early help to care leavers)",
    "funding": "Partners' funding and the shared budget",
    "assurance": "Agencies' safeguarding assurance",
    "priorities": "Next year's priorities",
    "priority_progress": "Progress on this year's priorities",
    "recommendation_responses": "Decisions and actions on review recommendations",
    "education_agencies": "Designated education and childcare agencies",
    "glossary": "Glossary",
}
# Records every report's content carries (the seed's); the others only when a section of the
# report's template shows them, so a template without them costs no queries for them.
ALWAYS = (
    "contributions", "briefing_impact", "community_impact", "activity_impact", "scrutiny",
    "assurance", "funding", "priorities", "glossary",
)  # fmt: skip


def _section(key, title, *, includes=(), records="", needs_narrative=False, heading=True,
             narrative_after=False):  # fmt: skip
    return {
        "key": key,
        "title": title,
        "includes": [{"app": app, "template": template} for app, template in includes],
        "records": records,
        "needs_narrative": needs_narrative,
        "heading": heading,
        "narrative_after": narrative_after,
    }


PARTS = [
    {
        "key": "foreword",
        "title": "Foreword from the CSCP Executive",
        "subtitle": "",
        "sections": [
            _section("foreword", "Foreword from the CSCP Executive", needs_narrative=True,
                     heading=False),
        ],
    },
    {
        "key": "scrutineer",
        "title": "Message from the Independent Scrutineer",
        "subtitle": "",
        "sections": [
            _section("scrutineer_message", "Message from the Independent Scrutineer",
                     needs_narrative=True, heading=False),
        ],
    },
    {
        "key": "introduction",
        "title": "Introduction",
        "subtitle": "",
        "sections": [
            _section("introduction", "Introduction", needs_narrative=True, heading=False),
        ],
    },
    {
        "key": "statistics",
        "title": "Safeguarding statistics",
        "subtitle": "",
        "sections": [
            _section("statistics", "Safeguarding statistics", heading=False,
                     includes=[("datasets", "datasets/report/statistics.html")]),
        ],
    },
    {
        "key": "part1",
        "title": "Part 1: The What?",
        "subtitle": (
            "What have we done as a result of the arrangements, including on child "
            "safeguarding practice reviews, and how effective these arrangements have been in "
            "practice?"
        ),
        "sections": [
            _section("part1_overview", "Overview", heading=False),
            _section("practice_reviews", "Safeguarding practice reviews", heading=False,
                     includes=[("reviews", "reviews/report/practice_reviews.html")]),
            _section("priority_groups", "Priority groups", heading=False,
                     includes=[("priority_groups", "priority_groups/report/groups.html")]),
            _section("community_safety", "Community Safety Partnership", needs_narrative=True),
            _section("inspections", "Inspections", heading=False,
                     includes=[("reviews", "reviews/report/inspections.html")]),
            _section("community_support", "Community based support", needs_narrative=True,
                     records="community_impact"),
            _section("scrutiny", "Independent Scrutineer conversations", records="scrutiny"),
            _section("reflections", "Reflections from the partnership",
                     records="contributions"),
        ],
    },
    {
        "key": "part2",
        "title": "Part 2: The So What?",
        "subtitle": (
            "Evidence of the impact of the work of the safeguarding partners and relevant "
            "agencies, including training, on outcomes for children and families from early "
            "help to looked-after children and care leavers."
        ),
        "sections": [
            _section("impact_briefings", "Impact of our briefing materials",
                     records="briefing_impact"),
            _section("data_examination", "Impact from data examination", heading=False,
                     records="data_impact", narrative_after=True,
                     includes=[("datasets", "datasets/report/data_examination.html"),
                               ("feedback", "feedback/report/surveys.html")]),
            _section("impact_activity", "Impact of our activity", records="activity_impact",
                     includes=[("training", "training/report/new_courses.html")]),
            _section("training", "Training", heading=False,
                     includes=[("training", "training/report/training.html")]),
        ],
    },
    {
        "key": "part3",
        "title": "Part 3: The Why Not?",
        "subtitle": (
            "An analysis of any areas where there has been little or no evidence of progress "
            "on agreed priorities."
        ),
        "sections": [
            _section("little_progress", "Partnership working", needs_narrative=True,
                     records="funding"),
            _section("audits", "Audits", records="assurance", heading=False,
                     narrative_after=True, includes=[("reviews", "reviews/report/audits.html")]),
        ],
    },
    {
        "key": "part4",
        "title": "Part 4: The What Next?",
        "subtitle": (
            "A record of decisions and actions taken by the partners in the report’s period "
            "(or planned to be taken) to implement the recommendations of any local and "
            "national child safeguarding practice reviews, including any resulting "
            "improvements."
        ),
        "sections": [
            _section("learning", "Safeguarding practice review learning", heading=False,
                     includes=[("reviews", "reviews/report/learning.html")]),
            _section("next_priorities", "Planned work", records="priorities", heading=False),
        ],
    },
    {
        "key": "part5",
        "title": "Part 5: What children & families say",
        "subtitle": (
            "Ways in which the partners have sought and utilised feedback from children and "
            "families to inform their work and influence service provision."
        ),
        "sections": [
            _section("voice", "What children and families say", heading=False,
                     includes=[("feedback", "feedback/report/voice.html")]),
        ],
    },
    {
        "key": "glossary",
        "title": "Glossary",
        "subtitle": "",
        "sections": [
            _section("glossary", "Glossary", heading=False, records="glossary"),
        ],
    },
]  # fmt: skip

SECTION_KEYS = [section["key"] for part in PARTS for section in part["sections"]]
SECTION_TITLES = {
    section["key"]: section["title"] for part in PARTS for section in part["sections"]
}

# --- Templates as data ---------------------------------------------------------------------

WT2018_NAME = "Working Together 2018"
# Reports from 2019-20, the first year of the arrangements WT2018 set up.
WT2018_FROM_YEAR = 2019
DEFAULT_STRUCTURE: list[dict] = PARTS

# --- Working Together 2023 yearly report -------------------------------------------------

WT2023_NAME = "Working Together 2023 yearly report"
WT2023_FROM_YEAR = 2024


def _shows(*names):
    return [APP_TEMPLATES[name] for name in names]


_W = {
    "foreword": [
        _section("foreword", "Foreword from the lead safeguarding partners",
                 needs_narrative=True, heading=False),
    ],
    "about": [
        _section("arrangements", "Our arrangements", needs_narrative=True),
        _section("education_childcare", "Education and childcare agencies",
                 needs_narrative=True, records="education_agencies"),
    ],
    "what": [
        _section("practice_reviews", "Child safeguarding practice reviews", heading=False,
                 includes=_shows("reviews.practice_reviews")),
        _section("priority_groups", "Our priority groups", heading=False,
                 includes=_shows("priority_groups.groups")),
        _section("inspections", "Inspections", heading=False,
                 includes=_shows("reviews.inspections")),
        _section("audits", "Multi-agency audits and assurance", heading=False,
                 records="assurance", narrative_after=True, includes=_shows("reviews.audits")),
        _section("effectiveness", "How effective the arrangements have been",
                 needs_narrative=True, records="contributions"),
    ],
    "impact": [
        _section("impact_stages", "Impact from early help to care leavers",
                 needs_narrative=True, records="stage_impact"),
        _section("impact_activity", "Impact of our activity", records="activity_impact",
                 includes=_shows("training.new_courses")),
        _section("training", "Training and its impact", heading=False,
                 includes=_shows("training.training")),
    ],
    "data": [
        _section("statistics", "Our agreed data set", heading=False,
                 includes=_shows("datasets.statistics", "datasets.data_examination")),
    ],
    "priorities": [
        _section("priority_progress", "Progress on our priorities",
                 records="priority_progress"),
        _section("little_progress", "Where progress has been little or none",
                 needs_narrative=True),
    ],
    "reviews": [
        _section("learning", "Learning from reviews", heading=False,
                 includes=_shows("reviews.learning")),
        _section("recommendations", "Decisions and actions on review recommendations",
                 records="recommendation_responses"),
    ],
    "voice": [
        _section("voice", "What children and families told us", heading=False,
                 includes=_shows("feedback.voice", "feedback.surveys")),
        _section("voice_used", "How we used what they told us", needs_narrative=True),
    ],
    "scrutiny": [
        _section("scrutiny", "Independent scrutiny", records="scrutiny_review"),
        _section("scrutiny_activity", "The scrutineer's conversations and challenges",
                 records="scrutiny"),
    ],
    "budget": [_section("budget", "Our shared budget", records="funding")],
    "next": [
        _section("next_priorities", "Our priorities for next year", records="priorities",
                 heading=False),
    ],
    "glossary": [_section("glossary", "Glossary", heading=False, records="glossary")],
}  # fmt: skip


def _part(key, title, subtitle=""):
    return {"key": key, "title": title, "subtitle": subtitle, "sections": _W[key]}


WT2023_PARTS: list[dict] = [
    _part("foreword", "Foreword"),
    _part("about", "About our partnership"),
    _part(
        "what",
        "What we did and how effective it was",
        "What the safeguarding partners have done as a result of the arrangements, including "
        "on child safeguarding practice reviews, and how effective the arrangements have been.",
    ),
    _part(
        "impact",
        "Impact on outcomes for children and families",
        "Evidence of the impact of the partners' and relevant agencies' work, including "
        "training, on outcomes from early help to looked-after children and care leavers.",
    ),
    _part("data", "Our agreed data set", "The data set the partners agreed, with comparators."),
    _part(
        "priorities",
        "Progress on our priorities",
        "Every priority's progress, and an analysis of any with little or no progress.",
    ),
    _part(
        "reviews",
        "Learning from local and national reviews",
        "Decisions and actions on the recommendations of local and national child safeguarding "
        "practice reviews, and the improvements they made.",
    ),
    _part(
        "voice",
        "What children and families told us",
        "How the partners sought and used feedback from children and families.",
    ),
    _part(
        "scrutiny",
        "Independent scrutiny",
        "Who scrutinised the arrangements, what they found and how the partners responded.",
    ),
    _part("budget", "Our shared budget", "The shared budget and each partner's contribution."),
    _part("next", "What next"),
    _part("glossary", "Glossary"),
]
WT2023_SECTIONS: list[dict] = [s for part in WT2023_PARTS for s in part["sections"]]

# The statutory contents checklist of the WT2023 template: (rule, requirement, section key).
WT2023_CHECKLIST: list[tuple[str, str, str]] = [
    ("partners_activity",
     "What the partners did as a result of the arrangements, including child safeguarding "
     "practice reviews, and how effective the arrangements were", "effectiveness"),
    ("impact_outcomes",
     "Evidence of impact on outcomes from early help to looked-after children and care "
     "leavers, training included", "impact_stages"),
    ("priority_progress",
     "Every priority has a progress status; those with little or no progress carry an "
     "analysis", "little_progress"),
    ("review_recommendations",
     "Decisions and actions on local and national practice review recommendations, with "
     "improvement status", ""),
    ("children_families_voice",
     "How feedback from children and families was sought and used", "voice_used"),
    ("independent_scrutiny",
     "Independent scrutiny: who scrutinised, what they found, the partners' response", ""),
    ("data_set", "The agreed data set, with comparators", ""),
    ("budget", "The shared budget and each partner's contribution", ""),
    ("education_childcare",
     "How designated education and childcare agencies were involved", "education_childcare"),
]  # fmt: skip


def seed(apps, label: str = "reporting") -> None:
    """Write the two shipped templates (idempotent by name; used by the data migration with
    its historical models, and by tests with the real ones)."""
    Template = apps.get_model(label, "ReportTemplate")
    TemplatePart = apps.get_model(label, "TemplatePart")
    TemplateSection = apps.get_model(label, "TemplateSection")
    Requirement = apps.get_model(label, "ChecklistRequirement")

    def created(model, **fields):
        """The row and its first history record (as simple-history writes on a save)."""
        import datetime as dt

        row = model.objects.create(**fields)
        try:
            history = apps.get_model(label, f"Historical{model.__name__}")
        except LookupError:
            return row
        values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
        history.objects.create(**values, history_date=dt.datetime.now(dt.UTC), history_type="+")
        return row

    shipped = [
        (WT2018_NAME, "Working Together to Safeguard Children 2018", WT2018_FROM_YEAR, PARTS, []),
        (WT2023_NAME, "Working Together to Safeguard Children 2023", WT2023_FROM_YEAR,
         WT2023_PARTS, WT2023_CHECKLIST),
    ]  # fmt: skip
    for name, guidance, from_year, parts, checklist in shipped:
        if Template.objects.filter(name=name).exists():
            continue
        template = created(Template, name=name, guidance=guidance, default_from_year=from_year)
        by_key = {}
        for p_pos, part in enumerate(parts, start=1):
            row = created(
                TemplatePart,
                template=template, key=part["key"], title=part["title"],
                subtitle=part["subtitle"], position=p_pos,
            )  # fmt: skip
            for s_pos, s in enumerate(part["sections"], start=1):
                by_key[s["key"]] = created(
                    TemplateSection,
                    part=row, key=s["key"], title=s["title"], position=s_pos,
                    shows=[TEMPLATE_NAMES[(i["app"], i["template"])] for i in s["includes"]],
                    records=s["records"], narrative_required=s["needs_narrative"],
                    heading=s["heading"], narrative_after=s["narrative_after"],
                )  # fmt: skip
        for position, (rule, requirement, section_key) in enumerate(checklist, start=1):
            created(
                Requirement,
                template=template, position=position, rule=rule, requirement=requirement,
                section=by_key.get(section_key),
            )  # fmt: skip


def sections_of(structure: list[dict]) -> list[dict]:
    return [s for part in structure for s in part["sections"]]
