"""Demo reviews reproducing the seed report (Croydon 2021-22).

2021-22: 7 rapid reviews, 3 of them taken forward to one thematic review of serious youth
violence; 5 practice review reports completed ("Ben" and "Carl & Max" published in March 2022,
one not to be published, two pending coroner or criminal proceedings); the five key themes; the
Neglect and Domestic Violence audits; the July 2021 Ofsted focused visit and the October 2021
Local Area SEND inspection. 2020-21: 3 rapid reviews and 1 published review.

Case references and the pseudonyms of unpublished reviews are invented (the seed names only
"Ben" and "Carl & Max"). Idempotent: every record is found by a natural key.
"""

from __future__ import annotations

import datetime as dt

from cscp.demo import agency
from cscp.models import ReportingYear, Theme

from .models import (
    Action,
    Audit,
    AuditTarget,
    Cohort,
    HarmCategory,
    Inspection,
    InspectionFinding,
    KeyTheme,
    LearningActivity,
    PracticeReview,
    RapidReview,
    RapidReviewAgency,
    RapidReviewChild,
    Recommendation,
    ReviewTheme,
    notification_due,
)

D = dt.date
RR = RapidReview.Decision
H = HarmCategory
B, C, A = Cohort.BABIES, Cohort.CHILDREN, Cohort.ADOLESCENTS

FATHERS = "Importance of fathers/male carers"
CURIOSITY = "Professional curiosity"
SHARING = "Information sharing"
SUPERVISION = "Safeguarding supervision"
EFH = "Extra-familial harm"
KEY_THEMES_2021 = [FATHERS, CURIOSITY, SHARING, SUPERVISION, EFH]

SYV_RATIONALE = (
    "Three young people involved in serious youth violence where another child was killed: "
    "their learning is best drawn together in one thematic review."
)

# reference: (start year, aware, incident, harms, age band, sex, decision, rationale, themes)
RAPID_REVIEWS = {
    "RR-2020-01": (
        2020,
        D(2020, 6, 8),
        "serious_harm",
        [H.PHYSICAL],
        [("under_1", "male")],
        RR.LOCAL,
        "Injuries to a baby; the role of the mother's partner was not explored.",
        [(CURIOSITY, B), (FATHERS, B)],
    ),
    "RR-2020-02": (
        2020,
        D(2020, 9, 14),
        "serious_harm",
        [H.NEGLECT, H.EMOTIONAL],
        [("5_9", "male"), ("10_15", "male")],
        RR.LOCAL,
        "Two brothers; domestic abuse at home and gaps in sharing information between agencies.",
        [(SHARING, C), ("Domestic abuse", C)],
    ),
    "RR-2020-03": (
        2020,
        D(2021, 1, 18),
        "death",
        [H.NEGLECT],
        [("1_4", "female")],
        RR.LOCAL,
        "Death of a young child where neglect was known; learning for supervision of workers.",
        [("Neglect", C), (SUPERVISION, C)],
    ),
    "RR-2021-01": (
        2021,
        D(2021, 5, 10),
        "death",
        [H.SERIOUS_YOUTH_VIOLENCE, H.CRIMINAL_EXPLOITATION],
        [("16_17", "male")],
        RR.THEMATIC,
        SYV_RATIONALE,
        [(EFH, A), ("Serious youth violence", A), (SHARING, A)],
    ),
    "RR-2021-02": (
        2021,
        D(2021, 8, 2),
        "serious_harm",
        [H.SERIOUS_YOUTH_VIOLENCE],
        [("16_17", "male")],
        RR.THEMATIC,
        SYV_RATIONALE,
        [(EFH, A), ("Serious youth violence", A)],
    ),
    "RR-2021-03": (
        2021,
        D(2021, 11, 15),
        "serious_harm",
        [H.SERIOUS_YOUTH_VIOLENCE, H.CRIMINAL_EXPLOITATION],
        [("10_15", "male")],
        RR.THEMATIC,
        SYV_RATIONALE,
        [(EFH, A), (CURIOSITY, A)],
    ),
    "RR-2021-04": (
        2021,
        D(2021, 6, 21),
        "serious_harm",
        [H.PHYSICAL],
        [("under_1", "female")],
        RR.NO_FURTHER,
        "Learning already being addressed through the Ben review; shared in a briefing.",
        [(FATHERS, B), (CURIOSITY, B)],
    ),
    "RR-2021-05": (
        2021,
        D(2021, 9, 27),
        "death",
        [H.NEGLECT],
        [("under_1", "male")],
        RR.NO_FURTHER,
        "Good practice found; learning on supervision shared through a briefing.",
        [(FATHERS, B), (SUPERVISION, B)],
    ),
    "RR-2021-06": (
        2021,
        D(2022, 1, 10),
        "death",
        [H.SUICIDE_SELF_HARM],
        [("16_17", "female")],
        RR.NO_FURTHER,
        "Learning taken into the Suicide & Self-harm Strategy refresh and a learning event.",
        [("Suicide and self-harm", A), ("Mental health", A)],
    ),
    "RR-2021-07": (
        2021,
        D(2022, 2, 14),
        "serious_harm",
        [H.SUICIDE_SELF_HARM],
        [("10_15", "female")],
        RR.NO_FURTHER,
        "Learning taken into the Suicide & Self-harm Strategy refresh and a learning event.",
        [("Suicide and self-harm", A), (SHARING, A)],
    ),
}

P = PracticeReview.Publication

# title: fields, rapid review references, themes
PRACTICE_REVIEWS = {
    "Dylan": (
        {
            "kind": PracticeReview.Kind.LOCAL,
            "decision_on": D(2019, 11, 4),
            "completed_on": D(2020, 10, 12),
            "publication": P.PUBLISHED,
            "published_on": D(2021, 2, 22),
            "sent_to_panel_on": D(2020, 10, 19),
            "sent_to_secretary_of_state_on": D(2020, 10, 19),
        },
        [],
        [("Neglect", C), (CURIOSITY, C)],
    ),
    "Ben": (
        {
            "kind": PracticeReview.Kind.LOCAL,
            "decision_on": D(2020, 7, 20),
            "completed_on": D(2021, 6, 28),
            "publication": P.PUBLISHED,
            "published_on": D(2022, 3, 14),
            "sent_to_panel_on": D(2021, 7, 5),
            "sent_to_secretary_of_state_on": D(2021, 7, 5),
            "summary": "Published following the conclusion of the criminal case.",
        },
        ["RR-2020-01"],
        [(FATHERS, B), (CURIOSITY, B), (SHARING, B)],
    ),
    "Carl & Max": (
        {
            "kind": PracticeReview.Kind.LOCAL,
            "decision_on": D(2020, 10, 26),
            "completed_on": D(2021, 9, 20),
            "publication": P.PUBLISHED,
            "published_on": D(2022, 3, 28),
            "sent_to_panel_on": D(2021, 9, 27),
            "sent_to_secretary_of_state_on": D(2021, 9, 27),
        },
        ["RR-2020-02"],
        [(SHARING, C), (SUPERVISION, C), ("Domestic abuse", C)],
    ),
    "Ella": (
        {
            "kind": PracticeReview.Kind.LOCAL,
            "decision_on": D(2021, 2, 22),
            "completed_on": D(2021, 12, 6),
            "publication": P.NOT_PUBLISHED,
            "not_published_reason": "To protect the anonymity and wellbeing of surviving "
            "subjects and family members.",
            "sent_to_panel_on": D(2021, 12, 13),
            "sent_to_secretary_of_state_on": D(2021, 12, 13),
        },
        ["RR-2020-03"],
        [("Neglect", C), (SUPERVISION, C), (CURIOSITY, C)],
    ),
    "Finn": (
        {
            "kind": PracticeReview.Kind.LOCAL,
            "decision_on": D(2020, 5, 18),
            "completed_on": D(2021, 10, 25),
            "publication": P.PENDING,
            "pending_reason": PracticeReview.PendingReason.CRIMINAL,
            "pending_detail": "Trial listed for 2022-23.",
            "sent_to_panel_on": D(2021, 11, 1),
            "sent_to_secretary_of_state_on": D(2021, 11, 1),
        },
        [],
        [(EFH, A), (SHARING, A)],
    ),
    "Gina": (
        {
            "kind": PracticeReview.Kind.LOCAL,
            "decision_on": D(2020, 8, 10),
            "completed_on": D(2022, 2, 7),
            "publication": P.PENDING,
            "pending_reason": PracticeReview.PendingReason.CORONER,
            "pending_detail": "Awaiting the coroner's inquest.",
            "sent_to_panel_on": D(2022, 2, 14),
            "sent_to_secretary_of_state_on": D(2022, 2, 14),
        },
        [],
        [(FATHERS, B), (SUPERVISION, B)],
    ),
    "Serious youth violence thematic review": (
        {
            "kind": PracticeReview.Kind.THEMATIC,
            "decision_on": D(2022, 1, 17),
            "revised_completion_on": D(2022, 11, 30),
            "summary": "Young people involved in serious youth violence where another child "
            "has been killed.",
        },
        ["RR-2021-01", "RR-2021-02", "RR-2021-03"],
        [(EFH, A), ("Serious youth violence", A), (SHARING, A)],
    ),
}

S = Action.Status

# review title: [(recommendation text, [(action, agency, owner, due, status, evidence, done)])]
RECOMMENDATIONS = {
    "Ben": [
        (
            "Partner agencies should ensure that fathers and male carers are identified, "
            "engaged and assessed, including men who are not the child's parent.",
            [
                (
                    "Make work with fathers a Practice Improvement Area, with practice guidance "
                    "and audit.",
                    "Children's Social Care",
                    "Head of Quality Assurance",
                    D(2022, 3, 31),
                    S.COMPLETE,
                    "“Work with fathers” is a CSC Practice Improvement Area; guidance issued and "
                    "tested in Windows into Practice audits.",
                    D(2022, 3, 25),
                ),
                (
                    "Share the national “Myth of Invisible Men” learning with health visiting "
                    "and midwifery teams.",
                    "CHS",
                    "Named Nurse for Safeguarding Children",
                    D(2022, 6, 30),
                    S.COMPLETE,
                    "Briefing circulated to all health visiting and midwifery teams.",
                    D(2022, 5, 16),
                ),
            ],
        ),
        (
            "Professionals should show professional curiosity about who lives in and visits "
            "the household.",
            [
                (
                    "Make professional curiosity a Practice Improvement Area and include it in "
                    "supervision.",
                    "Children's Social Care",
                    "Principal Social Worker",
                    D(2022, 9, 30),
                    S.IN_PROGRESS,
                    "",
                    None,
                ),
                (
                    "Use “was not brought” instead of “did not attend” in health records.",
                    "CHS",
                    "Named Doctor for Safeguarding Children",
                    D(2022, 3, 31),
                    S.COMPLETE,
                    "Croydon University Hospital promotes “was not brought”; outpatient letters "
                    "changed.",
                    D(2022, 2, 28),
                ),
            ],
        ),
    ],
    "Carl & Max": [
        (
            "Agencies should share information about domestic abuse promptly with the "
            "single point of contact.",
            [
                (
                    "Produce and circulate a briefing on Claire's Law (the Domestic Violence "
                    "Disclosure Scheme).",
                    "Police",
                    "Detective Inspector, Public Protection",
                    D(2022, 1, 31),
                    S.COMPLETE,
                    "Claire's Law briefing produced and widely circulated to professionals.",
                    D(2022, 1, 24),
                ),
                (
                    "Review MASH information-sharing where fathers are concerned.",
                    "Children's Social Care",
                    "MASH Service Manager",
                    D(2022, 6, 30),
                    S.NOT_STARTED,
                    "",
                    None,
                ),
            ],
        ),
        (
            "Schools should use the Graded Care Profile 2 tool where neglect is suspected.",
            [
                (
                    "Train and license education-based professionals in the GCP2 tool.",
                    "Education",
                    "Education Safeguarding Lead",
                    D(2022, 7, 31),
                    S.PAUSED,
                    "",
                    None,
                ),
            ],
        ),
    ],
}

LEARNING = [
    (
        "One-page briefing: Ben",
        LearningActivity.Kind.BRIEFING,
        D(2022, 3, 21),
        [FATHERS, CURIOSITY, SHARING],
        ["Ben"],
        "Commended by professionals as a helpful way to distil the learning.",
    ),
    (
        "Briefing: the Myth of Invisible Men",
        LearningActivity.Kind.BRIEFING,
        D(2021, 11, 8),
        [FATHERS],
        [],
        "",
    ),
    (
        "Briefing: Claire's Law (Police)",
        LearningActivity.Kind.BRIEFING,
        D(2022, 1, 24),
        ["Domestic abuse"],
        ["Carl & Max"],
        "Increased confidence to make an application, or to empower potential victims of "
        "domestic abuse to make one.",
    ),
    (
        "Neglect Thematic Practice Week",
        LearningActivity.Kind.EVENT,
        D(2022, 3, 7),
        ["Neglect"],
        ["Ella"],
        "",
    ),
    (
        "Learning event: suicide and self-harm",
        LearningActivity.Kind.EVENT,
        D(2022, 9, 21),
        ["Suicide and self-harm", "Mental health"],
        [],
        "",
    ),
]

AUDITS = [
    {
        "topic": "Neglect",
        "started_on": D(2021, 10, 1),
        "completed_on": D(2022, 3, 31),
        "theme": "Neglect",
        "agencies": ["Children's Social Care", "Education", "CHS", "Police", "Early Help"],
        "summary": "Supplemented by the Neglect Thematic Practice Week in March 2022: Windows "
        "into Practice audits, multi-agency appreciative inquiry events, practice "
        "observations and multi-agency learning events, including raising the profile of the "
        "Graded Care Profile Tool (GCP2 Tool).",
        "strengths": "Professionals are contributing to decision making and oversight of "
        "progress. Schools were particularly identified as key players and contributors to "
        "planning and progress monitoring",
        "areas_for_improvement": "Interventions tend to focus too much on the adult, "
        "particularly where adults have significant vulnerabilities, and less on experiences "
        "of children.",
    },
    {
        "topic": "Domestic Violence",
        "started_on": None,
        "completed_on": None,
        "theme": "Domestic abuse",
        "agencies": ["Children's Social Care", "Police"],
        "summary": "CSC and the Police have both undertaken audit work in this area. CSC "
        "involved partnership agencies and the Independent Scrutineer in Appreciative Enquiry "
        "sessions.",
        "strengths": "effective communication & partnership working among agencies are "
        "promoting good assessments and support to children and families",
        "areas_for_improvement": "",
        "actions": "CSC have shared their findings with the wider partnership via Quality "
        "Improvement Group meetings. The Police have been asked to adopt a similar approach "
        "for 2022/23.",
    },
]

INSPECTIONS = [
    (
        "Ofsted focused visit – the front door",
        "Ofsted",
        D(2021, 7, 1),
        "Despite the challenges of Covid-19, the significant changes to the permanent senior "
        "leadership and the considerable and ongoing financial challenges, staff at the “front "
        "door” were making safe and appropriate decisions on most referrals.",
        [
            "Contacts and referrals for children in need or at risk of harm are managed "
            "effectively in the single point of contact (SPOC). Social workers routinely seek "
            "information from partner agencies and take account of family history when making "
            "decisions about levels of risk. SPOC managers are taking appropriate action to "
            "improve the consistency and quality of multi-agency information-sharing",
        ],
    ),
    (
        "Local Area SEND inspection",
        "Ofsted and the CQC",
        D(2021, 10, 1),
        "A joint inspection of the effectiveness of Croydon in implementing the SEND reforms "
        "of the Children and Families Act 2014. Inspectors found that developmental checks on "
        "two-year-olds are not happening often enough.",
        [
            "Current leaders understand the context of the area well and, especially since "
            "2018, have used their knowledge to develop a coherent and ambitious SEND strategy. "
            "This has improved the pace of improvement and means that leaders are tackling the "
            "right things in the right order.",
            "Leaders in Croydon evaluate the effectiveness of their response to the 2014 "
            "reforms accurately. They know what is serving children and young people with SEND "
            "well and where there is still more to do.",
        ],
    ),
]

INVOLVED_AGENCIES = ["Children's Social Care", "Police", "CHS"]


def _tag(themes: dict, *, rapid_review=None, practice_review=None, tags) -> None:
    for name, cohort in tags:
        ReviewTheme.objects.get_or_create(
            theme=themes[name],
            cohort=cohort,
            rapid_review=rapid_review,
            practice_review=practice_review,
        )


def load(stdout=None) -> None:
    from cscp.working_days import add_working_days

    themes = {t.name: t for t in Theme.objects.all()}
    years = {y.start_year: y for y in ReportingYear.objects.all()}
    for start in (2020, 2021):
        if start not in years:
            years[start], _ = ReportingYear.objects.get_or_create(start_year=start)
    agencies = {name: agency(name) for name in {*INVOLVED_AGENCIES, "Education", "Early Help"}}

    rapid = {}
    for ref, (start, aware, incident, harms, kids, decision, why, tags) in RAPID_REVIEWS.items():
        sent = notification_due(aware) if ref != "RR-2021-02" else add_working_days(aware, 3)
        meeting = add_working_days(sent, 10)
        review, _ = RapidReview.objects.update_or_create(
            reference=ref,
            defaults={
                "year": years[start],
                "la_aware_on": aware,
                "notification_sent_on": sent,
                "incident_type": incident,
                "harm_categories": [str(h) for h in harms],
                "meeting_on": meeting,
                "submitted_to_panel_on": add_working_days(sent, 14),
                "decision": decision,
                "decision_rationale": why,
            },
        )
        rapid[ref] = review
        if not review.children.exists():
            for age_band, sex in kids:
                RapidReviewChild.objects.create(
                    rapid_review=review, age_band=age_band, sex=sex, known_to_csc=True
                )
        for name in INVOLVED_AGENCIES:
            RapidReviewAgency.objects.update_or_create(
                rapid_review=review,
                agency=agencies[name],
                defaults={"requested_on": aware, "received_on": add_working_days(aware, 5)},
            )
        _tag(themes, rapid_review=review, tags=tags)

    practice = {}
    for title, (fields, refs, tags) in PRACTICE_REVIEWS.items():
        review, _ = PracticeReview.objects.update_or_create(title=title, defaults=fields)
        review.rapid_reviews.set([rapid[r] for r in refs])
        practice[title] = review
        _tag(themes, practice_review=review, tags=tags)

    for title, recommendations in RECOMMENDATIONS.items():
        for number, (text, actions) in enumerate(recommendations, start=1):
            rec, _ = Recommendation.objects.update_or_create(
                practice_review=practice[title], number=number, defaults={"text": text}
            )
            for description, owner_agency, owner, due, status, evidence, done in actions:
                Action.objects.update_or_create(
                    recommendation=rec,
                    description=description,
                    defaults={
                        "owner_agency": agencies.get(owner_agency) or agency(owner_agency),
                        "owner": owner,
                        "due_on": due,
                        "status": status,
                        "evidence": evidence,
                        "completed_on": done,
                    },
                )

    for position, name in enumerate(KEY_THEMES_2021, start=1):
        KeyTheme.objects.update_or_create(
            year=years[2021], theme=themes[name], defaults={"position": position}
        )

    for title, kind, held_on, theme_names, reviews, feedback in LEARNING:
        activity, _ = LearningActivity.objects.update_or_create(
            title=title, held_on=held_on, defaults={"kind": kind, "feedback": feedback}
        )
        activity.themes.set([themes[n] for n in theme_names])
        activity.practice_reviews.set([practice[r] for r in reviews])

    AuditTarget.objects.update_or_create(year=years[2021], defaults={"target": 3})
    for item in AUDITS:
        fields = dict(item)
        topic = fields.pop("topic")
        agency_names = fields.pop("agencies")
        fields["theme"] = themes[fields["theme"]]
        audit, _ = Audit.objects.update_or_create(year=years[2021], topic=topic, defaults=fields)
        audit.agencies.set([agency(n) for n in agency_names])

    for title, inspectorate, day, summary, quotes in INSPECTIONS:
        inspection, _ = Inspection.objects.update_or_create(
            title=title,
            inspected_on=day,
            defaults={"inspectorate": inspectorate, "summary": summary},
        )
        for position, quote in enumerate(quotes, start=1):
            InspectionFinding.objects.update_or_create(
                inspection=inspection, position=position, defaults={"quote": quote}
            )
    if stdout is not None:
        stdout.write(f"Reviews: {len(rapid)} rapid reviews, {len(practice)} practice reviews.")
