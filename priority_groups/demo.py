"""Demo records: the seed report's two priority groups (Croydon, 2021-22). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils.text import slugify

from cscp.demo import agency
from cscp.models import ReportingYear, Theme

from .models import (
    Action,
    Aim,
    AimAssessment,
    Attendance,
    Cadence,
    Escalation,
    Meeting,
    MemberResponse,
    Outcome,
    PriorityGroup,
    Workstream,
)

D = dt.date
ACHIEVED = Outcome.Status.ACHIEVED
EMBEDDED = Outcome.Status.EMBEDDED
IN_PROGRESS = Outcome.Status.IN_PROGRESS

MHPG = {
    "name": "Mental Health Priority Group",
    "purpose": (
        "The CSCP Executive identified this priority in recognition of the increasing pressures "
        "and poor outcomes for children and young people who had poor mental health."
    ),
    "chair_name": "Elaine Clancy",
    "chair_role": "Joint Chief Nurse Croydon CCG/CHS",
    "chair_agency": "CCG",
    "start_date": D(2021, 6, 15),
    "cadence": Cadence.MONTHLY,
    "members": [
        "CCG",
        "CHS",
        "CAMHS",
        "Children's Social Care",
        "Early Help",
        "Public Health",
        "Education",
        "Police",
        "YOS",
        "BME Forum",
    ],
}

MHPG_AIMS = [
    (
        "Identify opportunities and resources to generate change activity and outcomes which "
        "positively impact front line practice, making a difference to mental health outcomes "
        "for all children under 18 (including those with a disability 0-24).",
        AimAssessment.Result.ACHIEVED,
        "Outcomes delivered in all three agreed areas (see below).",
    ),
    (
        "Identify risks and obstacles and work collaboratively to mitigate or address these.",
        AimAssessment.Result.PARTLY,
        "Staff wellbeing and service delivery pressures remain; raised to the Executive "
        "(August 2022).",
    ),
    (
        "Contribute to the Safeguarding Children Partnership practice learning and improvement "
        "program.",
        AimAssessment.Result.ACHIEVED,
        "Trauma awareness course live; LGBTQ+ and self-harm/suicide training commissioned.",
    ),
]

# (workstream, intended outcomes, [(label, text, date, status, evidence, theme, produced by)])
MHPG_WORKSTREAMS = [
    (
        "Commissioning & Accountability",
        [
            "Young people's mental health needs are met because there are systems and procedures "
            "in place to hold commissioners and providers of relevant services to account."
        ],
        [
            (
                "a)",
                "We have assurance from commissioners that Mental Health is very much on the "
                "current agenda. The Commissioning Team will be developing the THRIVE model "
                "which is also linked to the ICS (Integrated Care System) which is bringing "
                "together and replacing CCGs and provider organisations.",
                D(2021, 9, 21),
                ACHIEVED,
                "Commissioners' assurance presented to the group (minutes, September 2021).",
                "Mental health",
                "",
            ),
            (
                "b)",
                "Suggested questions to be considered at every audit to evidence outcomes for "
                "mental health has been developed and circulated for partnership use.",
                D(2021, 11, 16),
                ACHIEVED,
                "Audit question set circulated to partners (November 2021).",
                "Mental health",
                "Multi-agency audit programme",
            ),
            (
                "c)",
                "Influenced and co-produced the Local Self-Harm & Suicide Prevention Strategy & "
                "Action Plan",
                D(2022, 1, 18),
                ACHIEVED,
                "Group named as co-author in the strategy and action plan.",
                "Suicide and self-harm",
                "Rapid review learning on suicide",
            ),
        ],
    ),
    (
        "Holding The Risk",
        [
            "Professionals know where to access resources to support young people and their "
            "families.",
            "There is a clear pathway for professionals and families to access and escalate "
            "concerns",
        ],
        [
            (
                "a)",
                "Co-production of the Early Help Directory",
                D(2021, 10, 19),
                ACHIEVED,
                "Early Help Directory published with the group's contributions.",
                "Mental health",
                "",
            ),
            (
                "b)",
                "Joint Working Protocol refresh",
                D(2022, 2, 15),
                ACHIEVED,
                "Refreshed protocol agreed by the group (February 2022).",
                "Information sharing",
                "",
            ),
            (
                "c)",
                "Presentations have helped professionals understand where and how services are "
                "accessed",
                D(2021, 12, 14),
                EMBEDDED,
                "Service presentations at each meeting; members report using the pathways.",
                "Mental health",
                "",
            ),
            (
                "d)",
                "Influenced the need for the new Risk & Vulnerabilities panel which will "
                "consider 1125s where professionals are concerned their needs are not being met.",
                D(2022, 3, 15),
                IN_PROGRESS,
                "",
                "Mental health",
                "",
            ),
            (
                "e)",
                "Staff wellbeing/service delivery pressures. Raised to Exec (Aug 2022)",
                D(2022, 3, 15),
                IN_PROGRESS,
                "",
                "",
                "",
            ),
        ],
    ),
    (
        "Learning & Development",
        [
            "Professionals have access to quality training to recognise and respond to MH "
            "concerns when working with young people."
        ],
        [
            (
                "a)",
                "Trauma Awareness online course is live on CSCP website",
                D(2021, 11, 16),
                EMBEDDED,
                "Course live on the CSCP website.",
                "Trauma-informed practice",
                "Trauma Awareness online course",
            ),
            (
                "b)",
                "Co-production of the Trauma awareness training offer",
                D(2021, 10, 19),
                ACHIEVED,
                "Training offer co-produced with the group and published.",
                "Trauma-informed practice",
                "CSCP training programme",
            ),
            (
                "c)",
                "Developed and commissioned the delivery of LGBGTQ+ & Self-Harm Suicide",
                D(2022, 1, 18),
                ACHIEVED,
                "Training commissioned and dates published.",
                "Suicide and self-harm",
                "CSCP training programme",
            ),
            (
                "d)",
                "Improved take up/visibility of other training on offer across the partnership",
                D(2022, 3, 15),
                ACHIEVED,
                "Training bookings reported to the group.",
                "",
                "CSCP training programme",
            ),
        ],
    ),
]

VAPG = {
    "name": "Vulnerable Adolescent Priority Group",
    "purpose": (
        "Oversees the recommendations of the Vulnerable Adolescent Review (2019) and drives the "
        "partnership's understanding of, and response to, vulnerability in adolescents."
    ),
    "chair_name": "Fiona Martin",
    "chair_role": "Detective Superintendent, CSCP Executive member",
    "chair_agency": "Police",
    "start_date": D(2019, 4, 16),
    "cadence": Cadence.BI_MONTHLY,
    "members": [
        "Police",
        "Children's Social Care",
        "Early Help",
        "YOS",
        "CHS",
        "CCG",
        "CAMHS",
        "Education",
        "Croydon College",
        "Ment4",
        "CPFC",
        "Public Health",
    ],
}

VAPG_NOTE = "As of July 2022, these aims were achieved, some were embedded better than others."
VAPG_AIMS = [
    "To provide oversight of the recommendations of the Vulnerable Adolescent Review",
    "To identify and report on the prevalence of vulnerable adolescents in Croydon",
    "To contribute to the Local Strategic Partnership Youth Plan",
    "To drive wider partnership understanding of vulnerability in adolescents and how it "
    "translates into need for service",
    "To provide strategic advice and oversight in the effective delivery of services for "
    "vulnerable adolescents",
    "To promote and drive wider understanding of community-based resources available to Croydon "
    "children.",
]

REVIEW = "Members' review of the year's work"
# (text, status, evidence, theme, produced by)
VAPG_ACHIEVEMENTS = [
    (
        "Worked hard to identify, discuss & consider responses to emerging need of vulnerable CYP",
        ACHIEVED,
        f"{REVIEW}; emerging need a standing item at every meeting.",
        "Extra-familial harm",
        "",
    ),
    (
        "Extra-Familial Harm – raised awareness, address & respond to vulnerabilities (via "
        "Missing Protocol/RHIs etc)",
        EMBEDDED,
        "Missing Protocol and return home interviews in use across agencies.",
        "Extra-familial harm",
        "National Panel report 'It Was Hard to Escape'",
    ),
    (
        "Helped partners review strategic responses/services",
        ACHIEVED,
        f"{REVIEW}; 'Critical Reachable Moments' used in briefings across the partnership.",
        "",
        "Critical Reachable Moments",
    ),
    (
        "Good partnership understanding of this cohort",
        ACHIEVED,
        "Analysis of the questions raised by 'It Was Hard to Escape' showed Croydon knows its "
        "cohort.",
        "Extra-familial harm",
        "National Panel report 'It Was Hard to Escape'",
    ),
    (
        "First steps addressing disproportionality",
        IN_PROGRESS,
        "YOS Disproportionality Dashboard shared as best practice.",
        "Disproportionality",
        "",
    ),
    (
        "Data Accelerator bid – useful although not successful",
        ACHIEVED,
        "Bid submitted; not funded, but the data work was useful.",
        "",
        "",
    ),
    (
        "Highlighted the need for early intervention",
        ACHIEVED,
        REVIEW,
        "",
        "",
    ),
]

VAPG_QUESTION = (
    "What are you doing differently (in your organisation) as a result of the VAR60 or the work "
    "you have heard about in the VAPG?"
)
VAPG_RESPONSES = [
    ("Children's Social Care", "Collaboration – joint work/planning around TAS"),
    ("Early Help", "Early Help Offer – interface with Youth Engagement/Young Croydon"),
    ("Early Help", "Supported early help keyworkers to feel confident to deliver"),
    ("Early Help", "Will inform Family Hubs work too"),
    ("YOS", "All Staff Trauma Trained/Culture Competent/Extra Familial Harm (YOS)"),
    ("YOS", "Integrated Offender Management Panel (co-ordinated with Police)"),
    (
        "YOS",
        "Disproportionality Dashboard (YOS) – shared as best practice. YOS embed into their work "
        "culture",
    ),
    ("Education", "Emphasis on Contextual Safeguarding training"),
    ("Children's Social Care", "Signs of Safety/Action Plans more robust"),
    ("CCG", "Achieving Health Equity Core 20 Plus (SWL CCG)"),
    ("CAMHS", "Has informed the PCREF (Patient & Carer Race Equality Framework)"),
    ("CHS", "Service Design (chill zone in Paediatric Hub)"),
]

# 2021-22 meetings. MHPG met monthly from June 2021 (not in August or December).
MHPG_MEETINGS = [
    D(2021, 6, 15),
    D(2021, 7, 20),
    D(2021, 9, 21),
    D(2021, 10, 19),
    D(2021, 11, 16),
    D(2022, 1, 18),
    D(2022, 2, 15),
    D(2022, 3, 15),
]
VAPG_MEETINGS = [
    D(2021, 4, 20),
    D(2021, 6, 22),
    D(2021, 8, 24),
    D(2021, 10, 26),
    D(2021, 12, 14),
    D(2022, 2, 22),
]

# Per agency, the meetings (by position) it missed: "A" absent, "X" sent apologies.
MHPG_MISSED = {
    "Police": {2: "X", 5: "X"},
    "Education": {3: "X"},
    "YOS": {1: "X", 6: "A"},
    "BME Forum": {0: "A", 2: "X", 4: "A", 7: "X"},
}
VAPG_MISSED = {
    "CCG": {2: "X"},
    "CAMHS": {1: "X", 4: "X"},
    "Croydon College": {0: "A", 2: "A", 3: "X", 5: "A"},
    "Ment4": {1: "X", 4: "A"},
    "CPFC": {3: "X"},
    "Public Health": {4: "X"},
}
MISSED_STATUS = {"A": Attendance.Status.ABSENT, "X": Attendance.Status.APOLOGIES}

# (group, meeting date, description, owner, due, status, completed on, update)
ACTIONS = [
    (
        MHPG,
        D(2022, 3, 15),
        "Report staff wellbeing and service delivery pressures to the Executive",
        "CCG",
        D(2022, 8, 31),
        Action.Status.DONE,
        D(2022, 8, 10),
        "Raised to the Executive in August 2022.",
    ),
    (
        MHPG,
        D(2022, 2, 15),
        "Circulate the refreshed Joint Working Protocol to all teams",
        "Children's Social Care",
        D(2022, 4, 30),
        Action.Status.OPEN,
        None,
        "",
    ),
    (
        MHPG,
        D(2022, 3, 15),
        "Propose terms of reference for the Risk & Vulnerabilities panel",
        "CAMHS",
        D(2022, 6, 30),
        Action.Status.OPEN,
        None,
        "Draft terms of reference discussed with commissioners.",
    ),
    (
        VAPG,
        D(2021, 12, 14),
        "Share the YOS Disproportionality Dashboard with partners",
        "YOS",
        D(2022, 2, 22),
        Action.Status.DONE,
        D(2022, 2, 22),
        "Presented at the February meeting.",
    ),
    (
        VAPG,
        D(2022, 2, 22),
        "Brief social workers on Critical Reachable Moments",
        "Children's Social Care",
        D(2022, 5, 31),
        Action.Status.OPEN,
        None,
        "",
    ),
    (
        VAPG,
        D(2022, 2, 22),
        "Invite social care to the Every Child Every Time meeting",
        "Police",
        D(2022, 6, 30),
        Action.Status.OPEN,
        None,
        "",
    ),
]


def _theme(name: str):
    return Theme.objects.get(slug=slugify(name)) if name else None


def _group(spec: dict) -> PriorityGroup:
    group, _ = PriorityGroup.objects.update_or_create(
        name=spec["name"],
        defaults={
            "slug": slugify(spec["name"]),
            "purpose": spec["purpose"],
            "chair_name": spec["chair_name"],
            "chair_role": spec["chair_role"],
            "chair_agency": agency(spec["chair_agency"]),
            "start_date": spec["start_date"],
            "cadence": spec["cadence"],
            "status": PriorityGroup.Status.ACTIVE,
        },
    )
    group.members.set([agency(short) for short in spec["members"]])
    return group


def _aims(group, year, aims):
    for order, (text, result, note) in enumerate(aims, start=1):
        aim, _ = Aim.objects.update_or_create(group=group, order=order, defaults={"text": text})
        AimAssessment.objects.update_or_create(
            aim=aim, year=year, defaults={"result": result, "note": note}
        )


def _meetings(group, dates, missed, members):
    for index, day in enumerate(dates):
        meeting, _ = Meeting.objects.update_or_create(
            group=group,
            date=day,
            defaults={"decisions": "Minutes held by CSCP business support."},
        )
        for short in members:
            status = MISSED_STATUS.get(missed.get(short, {}).get(index), Attendance.Status.PRESENT)
            Attendance.objects.update_or_create(
                meeting=meeting, agency=agency(short), defaults={"status": status}
            )


def load(stdout=None) -> None:
    year = ReportingYear.objects.get(start_year=2021)

    mhpg = _group(MHPG)
    _aims(mhpg, year, MHPG_AIMS)
    outcome_e = None
    for order, (name, intended, outcomes) in enumerate(MHPG_WORKSTREAMS, start=1):
        workstream, _ = Workstream.objects.update_or_create(
            group=mhpg,
            name=name,
            defaults={"order": order, "intended_outcomes": "\n".join(intended)},
        )
        for label, text, day, status, evidence, theme, produced_by in outcomes:
            outcome, _ = Outcome.objects.update_or_create(
                group=mhpg,
                workstream=workstream,
                label=label,
                defaults={
                    "text": text,
                    "date": day,
                    "status": status,
                    "evidence": evidence,
                    "theme": _theme(theme),
                    "produced_by": produced_by,
                },
            )
            if text.startswith("Staff wellbeing"):
                outcome_e = outcome
    Escalation.objects.update_or_create(
        group=mhpg,
        date=D(2022, 8, 9),
        defaults={
            "issue": "Staff wellbeing/service delivery pressures",
            "raised_to": "CSCP Executive",
            "outcome_of": outcome_e,
            "outcome": "",
        },
    )
    _meetings(mhpg, MHPG_MEETINGS, MHPG_MISSED, MHPG["members"])

    vapg = _group(VAPG)
    _aims(vapg, year, [(text, AimAssessment.Result.ACHIEVED, VAPG_NOTE) for text in VAPG_AIMS])
    for text, status, evidence, theme, produced_by in VAPG_ACHIEVEMENTS:
        Outcome.objects.update_or_create(
            group=vapg,
            text=text,
            defaults={
                "workstream": None,
                "date": D(2022, 2, 22),
                "status": status,
                "evidence": evidence,
                "theme": _theme(theme),
                "produced_by": produced_by,
            },
        )
    for order, (short, answer) in enumerate(VAPG_RESPONSES, start=1):
        MemberResponse.objects.update_or_create(
            group=vapg,
            year=year,
            question=VAPG_QUESTION,
            order=order,
            defaults={"agency": agency(short), "answer": answer},
        )
    _meetings(vapg, VAPG_MEETINGS, VAPG_MISSED, VAPG["members"])

    groups = {MHPG["name"]: mhpg, VAPG["name"]: vapg}
    for spec, day, description, owner, due, status, done_on, update in ACTIONS:
        group = groups[spec["name"]]
        Action.objects.update_or_create(
            group=group,
            description=description,
            defaults={
                "meeting": Meeting.objects.get(group=group, date=day),
                "owner_agency": agency(owner),
                "due_date": due,
                "status": status,
                "completed_on": done_on,
                "update": update,
            },
        )
    if stdout is not None:
        stdout.write("Priority groups: Mental Health and Vulnerable Adolescent groups loaded.")
