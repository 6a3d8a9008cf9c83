"""The structure of a report: parts of sections, each showing apps' contributions and the
partnership's own records. Reports take it from their template (ReportTemplate, data edited in
the admin); the two shipped templates are defined here and seeded by a data migration:

- "Working Together 2018": the seed report's Parts 1–5 (also the structure used when no
  template exists, e.g. a database emptied by a test);
- "Working Together 2023 yearly report": the default for 2024-25 onwards, with its statutory
  contents checklist (cscp.reporting.statutory).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    part: str
    # (app, template) pairs this section includes, each given that app's data.
    app_templates: tuple[tuple[str, str], ...] = ()
    # The partnership's own records shown in the section (see RECORDS).
    records: str = ""
    # A narrative block is expected: the checklist fails while the section has none.
    narrative_required: bool = False
    # Show the section's own heading (sections made only of app templates get theirs there).
    heading: bool = True
    # Narrative after the apps' templates (before the own records) rather than first.
    narrative_after: bool = False

    def as_content(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "app_templates": [list(pair) for pair in self.app_templates],
            "records": self.records,
            "narrative_required": self.narrative_required,
            "heading": self.heading,
            "narrative_after": self.narrative_after,
        }


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)

    def as_content(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "subtitle": self.subtitle,
            "sections": [s.as_content() for s in self.sections],
        }


def _s(key, title, part, shows=(), **kw) -> Section:
    return Section(
        key=key, title=title, part=part, app_templates=tuple(APP_TEMPLATES[n] for n in shows), **kw
    )


# --- Working Together 2018 (the seed report's structure) ---------------------------------

WT2018_NAME = "Working Together 2018"
# Reports from 2019-20, the first year of the arrangements WT2018 set up.
WT2018_FROM_YEAR = 2019

SECTIONS: list[Section] = [
    _s("foreword", "Foreword from the CSCP Executive", "foreword", narrative_required=True,
       heading=False),
    _s("scrutineer_message", "Message from the Independent Scrutineer", "scrutineer",
       narrative_required=True, heading=False),
    _s("introduction", "Introduction", "introduction", narrative_required=True, heading=False),
    _s("statistics", "Safeguarding statistics", "statistics", heading=False,
       shows=("datasets.statistics",)),
    _s("part1_overview", "Overview", "part1", heading=False),
    _s("practice_reviews", "Safeguarding practice reviews", "part1", heading=False,
       shows=("reviews.practice_reviews",)),
    _s("priority_groups", "Priority groups", "part1", heading=False,
       shows=("priority_groups.groups",)),
    _s("community_safety", "Community Safety Partnership", "part1", narrative_required=True),
    _s("inspections", "Inspections", "part1", heading=False, shows=("reviews.inspections",)),
    _s("community_support", "Community based support", "part1", narrative_required=True,
       records="community_impact"),
    _s("scrutiny", "Independent Scrutineer conversations", "part1", records="scrutiny"),
    _s("reflections", "Reflections from the partnership", "part1", records="contributions"),
    _s("impact_briefings", "Impact of our briefing materials", "part2",
       records="briefing_impact"),
    _s("data_examination", "Impact from data examination", "part2", heading=False,
       shows=("datasets.data_examination", "feedback.surveys")),
    _s("impact_activity", "Impact of our activity", "part2", records="activity_impact",
       shows=("training.new_courses",)),
    _s("training", "Training", "part2", heading=False, shows=("training.training",)),
    _s("little_progress", "Partnership working", "part3", narrative_required=True,
       records="funding"),
    _s("audits", "Audits", "part3", records="assurance", heading=False, narrative_after=True,
       shows=("reviews.audits",)),
    _s("learning", "Safeguarding practice review learning", "part4", heading=False,
       shows=("reviews.learning",)),
    _s("next_priorities", "Planned work", "part4", records="priorities", heading=False),
    _s("voice", "What children and families say", "part5", heading=False,
       shows=("feedback.voice",)),
    _s("glossary", "Glossary", "glossary", heading=False, records="glossary"),
]  # fmt: skip

SECTION_BY_KEY = {s.key: s for s in SECTIONS}

PARTS: list[Part] = [
    Part("foreword", "Foreword from the CSCP Executive"),
    Part("scrutineer", "Message from the Independent Scrutineer"),
    Part("introduction", "Introduction"),
    Part("statistics", "Safeguarding statistics"),
    Part(
        "part1",
        "Part 1: The What?",
        "What have we done as a result of the arrangements, including on child safeguarding "
        "practice reviews, and how effective these arrangements have been in practice?",
    ),
    Part(
        "part2",
        "Part 2: The So What?",
        "Evidence of the impact of the work of the safeguarding partners and relevant agencies, "
        "including training, on outcomes for children and families from early help to "
        "looked-after children and care leavers.",
    ),
    Part(
        "part3",
        "Part 3: The Why Not?",
        "An analysis of any areas where there has been little or no evidence of progress on "
        "agreed priorities.",
    ),
    Part(
        "part4",
        "Part 4: The What Next?",
        "A record of decisions and actions taken by the partners in the report’s period (or "
        "planned to be taken) to implement the recommendations of any local and national child "
        "safeguarding practice reviews, including any resulting improvements.",
    ),
    Part(
        "part5",
        "Part 5: What children & families say",
        "Ways in which the partners have sought and utilised feedback from children and "
        "families to inform their work and influence service provision.",
    ),
    Part("glossary", "Glossary"),
]
for _part in PARTS:
    _part.sections.extend(s for s in SECTIONS if s.part == _part.key)

DEFAULT_STRUCTURE: list[dict] = [p.as_content() for p in PARTS]


# --- Working Together 2023 yearly report -------------------------------------------------

WT2023_NAME = "Working Together 2023 yearly report"
WT2023_FROM_YEAR = 2024

WT2023_SECTIONS: list[Section] = [
    _s("foreword", "Foreword from the lead safeguarding partners", "foreword",
       narrative_required=True, heading=False),
    _s("arrangements", "Our arrangements", "about", narrative_required=True),
    _s("education_childcare", "Education and childcare agencies", "about",
       narrative_required=True, records="education_agencies"),
    _s("practice_reviews", "Child safeguarding practice reviews", "what", heading=False,
       shows=("reviews.practice_reviews",)),
    _s("priority_groups", "Our priority groups", "what", heading=False,
       shows=("priority_groups.groups",)),
    _s("inspections", "Inspections", "what", heading=False, shows=("reviews.inspections",)),
    _s("audits", "Multi-agency audits and assurance", "what", heading=False,
       records="assurance", narrative_after=True, shows=("reviews.audits",)),
    _s("effectiveness", "How effective the arrangements have been", "what",
       narrative_required=True, records="contributions"),
    _s("impact_stages", "Impact from early help to care leavers", "impact",
       narrative_required=True, records="stage_impact"),
    _s("impact_activity", "Impact of our activity", "impact", records="activity_impact",
       shows=("training.new_courses",)),
    _s("training", "Training and its impact", "impact", heading=False,
       shows=("training.training",)),
    _s("statistics", "Our agreed data set", "data", heading=False,
       shows=("datasets.statistics", "datasets.data_examination")),
    _s("priority_progress", "Progress on our priorities", "priorities",
       records="priority_progress"),
    _s("little_progress", "Where progress has been little or none", "priorities",
       narrative_required=True),
    _s("learning", "Learning from reviews", "reviews", heading=False,
       shows=("reviews.learning",)),
    _s("recommendations", "Decisions and actions on review recommendations", "reviews",
       records="recommendation_responses"),
    _s("voice", "What children and families told us", "voice", heading=False,
       shows=("feedback.voice", "feedback.surveys")),
    _s("voice_used", "How we used what they told us", "voice", narrative_required=True),
    _s("scrutiny", "Independent scrutiny", "scrutiny", records="scrutiny_review"),
    _s("scrutiny_activity", "The scrutineer's conversations and challenges", "scrutiny",
       records="scrutiny"),
    _s("budget", "Our shared budget", "budget", records="funding"),
    _s("next_priorities", "Our priorities for next year", "next", records="priorities",
       heading=False),
    _s("glossary", "Glossary", "glossary", heading=False, records="glossary"),
]  # fmt: skip

WT2023_PARTS: list[Part] = [
    Part("foreword", "Foreword"),
    Part("about", "About our partnership"),
    Part(
        "what",
        "What we did and how effective it was",
        "What the safeguarding partners have done as a result of the arrangements, including "
        "on child safeguarding practice reviews, and how effective the arrangements have been.",
    ),
    Part(
        "impact",
        "Impact on outcomes for children and families",
        "Evidence of the impact of the partners' and relevant agencies' work, including "
        "training, on outcomes from early help to looked-after children and care leavers.",
    ),
    Part("data", "Our agreed data set", "The data set the partners agreed, with comparators."),
    Part(
        "priorities",
        "Progress on our priorities",
        "Every priority's progress, and an analysis of any with little or no progress.",
    ),
    Part(
        "reviews",
        "Learning from local and national reviews",
        "Decisions and actions on the recommendations of local and national child safeguarding "
        "practice reviews, and the improvements they made.",
    ),
    Part(
        "voice",
        "What children and families told us",
        "How the partners sought and used feedback from children and families.",
    ),
    Part(
        "scrutiny",
        "Independent scrutiny",
        "Who scrutinised the arrangements, what they found and how the partners responded.",
    ),
    Part("budget", "Our shared budget", "The shared budget and each partner's contribution."),
    Part("next", "What next"),
    Part("glossary", "Glossary"),
]
for _part in WT2023_PARTS:
    _part.sections.extend(s for s in WT2023_SECTIONS if s.part == _part.key)

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
    shipped = [
        (WT2018_NAME, "Working Together to Safeguard Children 2018", WT2018_FROM_YEAR, PARTS, []),
        (WT2023_NAME, "Working Together to Safeguard Children 2023", WT2023_FROM_YEAR,
         WT2023_PARTS, WT2023_CHECKLIST),
    ]  # fmt: skip
    for name, guidance, from_year, parts, checklist in shipped:
        if Template.objects.filter(name=name).exists():
            continue
        template = Template.objects.create(
            name=name, guidance=guidance, default_from_year=from_year
        )
        by_key = {}
        for p_pos, part in enumerate(parts, start=1):
            row = TemplatePart.objects.create(
                template=template, key=part.key, title=part.title, subtitle=part.subtitle,
                position=p_pos,
            )  # fmt: skip
            for s_pos, s in enumerate(part.sections, start=1):
                by_key[s.key] = TemplateSection.objects.create(
                    part=row, key=s.key, title=s.title, position=s_pos,
                    shows=[TEMPLATE_NAMES[pair] for pair in s.app_templates],
                    records=s.records, narrative_required=s.narrative_required,
                    heading=s.heading, narrative_after=s.narrative_after,
                )  # fmt: skip
        for position, (rule, requirement, section_key) in enumerate(checklist, start=1):
            Requirement.objects.create(
                template=template, position=position, rule=rule, requirement=requirement,
                section=by_key.get(section_key),
            )  # fmt: skip


def structure_of(template_id: int | None) -> tuple[list[dict], str]:
    """The structure of a template as content (parts of sections), in 2 queries (parts with
    their template, then their sections); the WT2018 default where there is none."""
    from .models import TemplatePart, TemplateSection

    if template_id is None:
        return DEFAULT_STRUCTURE, WT2018_NAME
    from django.db.models import Prefetch

    parts = list(
        TemplatePart.objects.filter(template_id=template_id)
        .select_related("template")
        .prefetch_related(
            Prefetch("sections", queryset=TemplateSection.objects.order_by("position", "pk"))
        )
        .order_by("position", "pk")
    )
    if not parts:
        return DEFAULT_STRUCTURE, WT2018_NAME
    structure = [
        {
            "key": part.key,
            "title": part.title,
            "subtitle": part.subtitle,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "app_templates": [
                        list(APP_TEMPLATES[name]) for name in s.shows if name in APP_TEMPLATES
                    ],
                    "records": s.records,
                    "narrative_required": s.narrative_required,
                    "heading": s.heading,
                    "narrative_after": s.narrative_after,
                }
                for s in part.sections.all()
            ],
        }
        for part in parts
    ]
    return structure, parts[0].template.name


def sections_of(structure: list[dict]) -> list[dict]:
    return [s for part in structure for s in part["sections"]]
