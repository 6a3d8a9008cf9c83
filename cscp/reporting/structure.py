"""The annual report's static structure (Working Together 2018, as in the seed) as plain data.

This module imports nothing, so models, the checklist, the composer and a report template
stored as data can all read it without importing each other. `cscp.reporting.compose` builds
its `Part`/`Section` objects from `PARTS`; a section's key is what `ReportSection.key` holds.

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
