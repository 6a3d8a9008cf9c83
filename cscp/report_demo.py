"""The demo 2021-22 annual report (the seed report, Croydon): its narrative, the reflections
(Fiona Martin's received; three awaited), and the partnership records the report needs that no
other app owns. Every figure of statistics, reviews, training and feedback comes from the apps'
own demo records through their contributions, not from text typed here.

Idempotent: records are looked up by natural keys and updated.
"""

from __future__ import annotations

import datetime as dt

from cscp.demo import agency
from cscp.models import ReportingYear, Theme, User
from cscp.reporting import services
from cscp.reporting.models import (
    AgencyAssurance,
    AnnualReport,
    AssuranceStandard,
    Contribution,
    GlossaryTerm,
    ImpactEvidence,
    NarrativeBlock,
    NextYearPriority,
    PartnerFunding,
    ReportSection,
    ReportTransition,
    ScrutinyActivity,
)

D = dt.date
P = ImpactEvidence.Prompt

NARRATIVE: dict[str, list[tuple[str, str, str]]] = {
    "foreword": [
        (
            "",
            "> “It’s amazing how much we can achieve when it doesn’t matter who gets the "
            "credit” – Harry S. Truman\n\n"
            "The CSCP is tasked with ensuring partnership working delivers an effective "
            "safeguarding system which protects children in Croydon from harm. We aim to raise "
            "safeguarding standards across all agencies working with children. We do this by "
            "supporting professionals to have access to quality learning resources, focussing on "
            "specific themes like Vulnerable Adolescents and Mental Health Outcomes, regularly "
            "reviewing and being up to date with both local and national safeguarding advice and "
            "using data to understand the landscape and challenge performance.\n\n"
            "Performance data is important as an indicator of safeguarding activity, but the "
            "quality of our work is not necessarily evident by shifts in data. For example, our "
            "work to raise awareness of Neglect is important to ensure early identification and "
            "is likely to lead to a rise in numbers rather than a reduction. Training and "
            "development are key to developing our staff and improving how they work together. "
            "Our multi-agency forums are a vibrant and respected space for professionals to "
            "collaborate, be challenged and have access to excellent presentations from a wide "
            "range of partners supporting better outcomes for children. This intangible benefit "
            "is hard to quantify but is always cited by professionals attending CSCP meetings "
            "and events as highly valuable.\n\n"
            "The CSCP Executive leads by example, meeting monthly to ensure a cohesive "
            "understanding of the challenges facing the 3 key agencies charged with "
            "safeguarding children in Croydon and a joint approach to agreeing the plans and "
            "work required to discharge its duty.\n\n"
            "This report provides evidence of that work. In July 2022 we also commissioned an "
            "Independent Report into the effectiveness of the CSCP. The preliminary findings "
            "echo what is in this Annual Report and will help to shape the work for 2023.",
            "The CSCP Executive",
        )
    ],
    "scrutineer_message": [
        (
            "",
            "The role of the Independent Scrutineer is to provide oversight and challenge, and "
            "to support the partnership in its work. I do not see myself as independent of "
            "Croydon, but independent from any operational or management role in Croydon. Like "
            "others involved in the partnership I am passionate about the work we do to improve "
            "outcomes for the most vulnerable children and young people in Croydon. This report "
            "is a testament to that work.\n\n"
            "During the year I have had the opportunity to work with dedicated, committed, and "
            "knowledgeable practitioners and managers from across social care, early help, "
            "health, police, schools, education and the voluntary sector. It is important to "
            "reflect on what has worked well. However, we also learn from the sad and tragic "
            "events where children have suffered from harm. This report includes details on "
            "both aspects of our work.\n\n"
            "As I said last year, Croydon is a vibrant, diverse and complex borough. It is an "
            "exciting but challenging environment in which to work. The partnership is "
            "committed and strong, and the report reflects that.",
            "Eleanor Brazil – Independent Scrutineer",
        )
    ],
    "introduction": [
        (
            "",
            "This annual report covers the period April 2021 – March 2022. It seeks to address "
            "the question of how effective this partnership is, in accordance with the "
            "requirements of Working Together 2018. Specifically:\n\n"
            "- **Part 1: The What?** – what have we done as a result of the arrangements, "
            "including on child safeguarding practice reviews, and how effective these "
            "arrangements have been in practice?\n"
            "- **Part 2: The So What?** – evidence of the impact of the work of the safeguarding "
            "partners and relevant agencies, including training, on outcomes for children and "
            "families from early help to looked-after children and care leavers.\n"
            "- **Part 3: The Why Not?** – an analysis of any areas where there has been little "
            "or no evidence of progress on agreed priorities.\n"
            "- **Part 4: The What Next?** – a record of decisions and actions taken by the "
            "partners in the report’s period (or planned to be taken) to implement the "
            "recommendations of any local and national child safeguarding practice reviews, "
            "including any resulting improvements.\n"
            "- **Part 5: What Children & Families Say** – ways in which the partners have "
            "sought and utilised feedback from children and families to inform their work and "
            "influence service provision.",
            "",
        )
    ],
    "statistics": [
        (
            "",
            "The CSCP regularly reviews statistics and performance data via a specific dataset "
            "group which informs the data taken to the Quality Improvement Group and Executive. "
            "Some data is monitored throughout the year, other is periodical or themed. For "
            "example, we now have data about the number of young people attending A&E "
            "experiencing a deterioration in mental health in addition to those attending due "
            "to self-harm. This has given us a greater understanding of the increase in poor "
            "mental health generally and has influenced the work within the Mental Health "
            "Priority Group.",
            "",
        )
    ],
    "part1_overview": [
        (
            "",
            "Despite the ongoing significant challenges due to Covid-19 we continued to see good "
            "multi-agency attendance at all meetings. We have worked hard to ensure available "
            "technology has assisted our work. Almost all meetings occurred on MS Teams. We "
            "also started to make use of break out rooms, survey software and other technical "
            "innovation to enable us to have more engagement with our partner agencies.\n\n"
            "We have continued with our published arrangements where the 3 Safeguarding "
            "Partners form the Executive, alongside the Director for Education and the "
            "Independent Scrutineer.",
            "",
        )
    ],
    "community_safety": [
        (
            "",
            "Croydon adopted a public health approach to reducing violence in June 2019 and has "
            "since started work to create a violence reduction network to implement it. The "
            "following themes and principles were developed:\n\n"
            "1. **Using data to drive our approach** – building a strong evidence base and a "
            "common screening tool that can be used across organisations to predict who, where "
            "and why individuals and families are more likely to be involved in violent or "
            "aggressive behaviours, and identifying the interventions that will have the "
            "maximum impact.\n"
            "2. **Preventing violence before it occurs** – the periods and key influences in a "
            "person’s life journey, from pre-birth to adulthood, which can increase the risks "
            "of becoming involved in violent behaviour.\n"
            "3. **Community based support** – the strength of the Community and Voluntary "
            "Sector at the heart of Croydon’s public health approach to violence reduction.\n"
            "4. **Targeted interventions** – a family centred approach, based on clear "
            "safeguarding and case management approaches.\n"
            "5. **Intensive interventions and enforcement** – personalised support for those "
            "motivated to step away from a life of violence, using the full range of "
            "enforcement against those whose behaviour places others at risk of harm.\n\n"
            "The CSCP has supported work to inform the new Community Safety Strategy and "
            "benefits from regular membership and engagement from the Violence Reduction "
            "Network, including ongoing performance data to evidence the impact of partnership "
            "work to reduce crime.",
            "",
        )
    ],
    "community_support": [
        (
            "",
            "We continued to see our community-based organisations providing significant "
            "support for families, especially during Covid. The BME Forum worked "
            "collaboratively with several schools and the council, backed by the Young "
            "Londoner’s Fund, to offer targeted support at the transitional phases between "
            "primary and secondary school and school/college. This work had a direct impact to "
            "safeguard some of the children most at risk of harm and at risk of exclusion from "
            "school.",
            "",
        )
    ],
    "scrutiny": [
        (
            "",
            "Our Independent Scrutineer introduced conversations with front line practitioners, "
            "as a means to gathering feedback about the effectiveness of the partnership.",
            "",
        )
    ],
    "impact_briefings": [
        (
            "",
            "Much of our work is to provide the conduit for safeguarding professionals to "
            "access the relevant briefing materials around safeguarding learning in Croydon. "
            "The safeguarding leads then take the learning and resources back to their own "
            "agencies and share in reflective sessions or update policy as required. We hold "
            "regular themed briefing sessions for any multi-agency professional working in "
            "Croydon, with good multi-agency representation.",
            "",
        )
    ],
    "impact_activity": [
        (
            "",
            "CSCP members are seen as experts in Safeguarding and the value of the ad-hoc "
            "conversations across the partnership to influence workstreams, provide assurance "
            "about the appropriateness of escalations or attend team meetings to provide "
            "safeguarding expertise cannot be underestimated.",
            "",
        )
    ],
    "little_progress": [
        (
            "",
            "Whilst Working Together 2018 requires the 3 Lead Agencies to be equally "
            "responsible for discharging their duty, there continues to be an imbalance in both "
            "the level of funding applied and the proactivity of each of the partners. This is "
            "largely due to historical expectations and is in keeping with other LSCPs.\n\n"
            "There are key (and often longstanding), experienced members of the Police and "
            "CCG/Health actively engaged at relevant CSCP meetings. However, the drive and "
            "direction of the core work more often comes from the Local Authority. This doesn’t "
            "specifically impact on the effectiveness of the partnership as when directed, "
            "other agencies are responsive, but it does limit the scope and reach of the "
            "partnership. The Independent Review of the CSCP also recognises this. An "
            "identified risk is that if those key members were to leave the partnership, it "
            "could significantly impact on the effectiveness of the partnership.",
            "",
        )
    ],
    "audits": [
        (
            "",
            "In addition to multi-agency audits, we had the opportunity to be assured of, and "
            "challenge the safeguarding arrangements of key agencies, which was very useful for "
            "the wider partnership to appreciate the scope and activity of partner agencies "
            "which is largely hidden in day-to-day multi-agency work.",
            "",
        )
    ],
    "learning": [
        (
            "",
            "Given the number of Croydon SPRs we have introduced a spreadsheet which tracks the "
            "most re-occurring themes for Babies & Toddlers, Children and Adolescents. These "
            "themes are used in bi-monthly briefings to both senior leaders and the wider "
            "multi-agency workforce. This has helped us to be more SMART when deciding how to "
            "implement recommendations across several reviews and has ensured we have more "
            "pace to not only complete the recommendations, but share the learning at an "
            "earlier stage. Our single page briefings have been commended by professionals as "
            "a really helpful way to distil the learning in a more accessible format.",
            "",
        )
    ],
    "voice": [
        (
            "",
            "The CSCP publish this report to summarise its work in 2021/22. You can find more "
            "information on our website [croydonlcsb.org.uk](https://croydonlcsb.org.uk/) as "
            "well as details of how to contact us.",
            "",
        )
    ],
}

FIONA_MARTIN = (
    "“The last year has been a challenge coming out of Covid, but lessons learned from 2020-21 "
    "have been embedded and improved liaison with partners and our service to children. Some "
    "of these have been in the way we work, and some have been about maintaining better "
    "practices. One example of this is the “Every Child Every Time” (ECET) programme which "
    "continues in the custody suite at Croydon. This has been running since June 2020, to "
    "improve awareness of officers who are dealing with children in custody as a reminder that "
    "we need to understand their vulnerabilities as children and to encourage “the voice of the "
    "child”. Performance of this programme is monitored at the weekly ECET meetings. The "
    "meeting also reviews incidents where children have been placed in police protection "
    "ensuring that safeguarding and multi-agency working has been effective.\n\n"
    "The “one front door” team was set up in February 2021 in response to the increased demand "
    "for multi-agency meetings regarding contextual safeguarding issues that affect children "
    "who may be drawn into criminality, risk of exploitation, gangs, missing episodes and living "
    "with domestic violence within their home setting. Working with our partners we have now "
    "implemented a booking process that allows social care to directly book appointments with "
    "the relevant teams. The implementation of the booking process is improving police "
    "attendance at these meetings.\n\n"
    "The Child Criminal Exploitation and Child Sexual Exploitation team continues to hold "
    "regular operations with the British Transport Police and Safer Neighbourhood team, other "
    "agencies, and surrounding forces particularly around transport hubs. As a result we have "
    "diverted a number of children from high risk activities and ensured their safety.\n\n"
    "I have chaired The Vulnerable Adolescent Group for the past year. The meeting has been "
    "really effective in bringing colleagues together from across the statutory and voluntary "
    "sector. It knows the size and scope of the challenges in Croydon and can evidence traction "
    "against the original recommendations from the Vulnerable Adolescent Review carried out in "
    "2019, however it is difficult to quantify this against outcomes for children.\n\n"
    "Recognising the need to constantly learn, the police have an active role in Safeguarding "
    "Practice Reviews. We have also been pleased to welcome some Croydon Social workers to a "
    "CAIT training day so we could exchange learning. It was a great success and started some "
    "great working relationships.”"
)

# name, role, received text (None: awaited)
CONTRIBUTIONS = [
    ("Fiona Martin", "Detective Superintendent (CSCP Executive)", FIONA_MARTIN),
    ("Elaine Clancy", "Joint Chief Nurse Croydon CCG/CHS (CSCP Executive Officer)", None),
    ("Debbie Jones", "Corporate Director Children Families & Education (Croydon Council)", None),
    ("Shelley Davies", "Director of Education (Croydon Council)", None),
]

# title, agency short name, date, prompt, prompted-by label, theme, change, reached, label
IMPACT = [
    ("Safeguarding supervision in CAMHS", "CAMHS", D(2022, 2, 10), P.BRIEFING,
     "Safeguarding Supervision Guidance briefing", "Safeguarding supervision",
     "CAMHS holds regular “Time to Talk Sessions” and as a result of our recommendation, are "
     "planning to introduce specific safeguarding supervision for 2022/23. We have also "
     "refreshed our Safeguarding Supervision Guidance for multiagency professionals to "
     "support this.", None, ""),
    ("A whole-college approach to sexual violence", "Croydon College", D(2022, 1, 20),
     P.BRIEFING, "Sexual Violence Resources", "Child sexual abuse",
     "Croydon College used the Sexual Violence Resources to deliver all staff training in "
     "January 2022 and have implemented a whole college approach to Sexual Violence & Abuse.",
     None, ""),
    ("Healthy relationships and consent sessions", "Croydon College", D(2022, 2, 15),
     P.BRIEFING, "Sexual Violence Resources", "Child sexual abuse",
     "Croydon College and the Police worked together to deliver student awareness sessions on "
     "healthy relationships & consent.", None, ""),
    ("Head injuries in non-mobile children", "CHS", D(2021, 11, 3), P.BRIEFING,
     "Rapid review learning briefing", "Information sharing",
     "Junior Doctors had sessions delivered to them to promote the need for appropriate "
     "multi-agency discussion around head injuries for non-mobile children and unexplained "
     "injuries in children in general.", 2, "sessions for junior doctors"),
    ("Claire’s Law briefing", "Police", D(2021, 9, 14), P.BRIEFING,
     "Police briefing on Claire’s Law", "Domestic abuse",
     "The Police produced a briefing on Claire’s Law which has been widely circulated and has "
     "led to increased confidence for professionals to either make an application themselves, "
     "or to empower potential victims of domestic abuse to make one.", None, ""),
    ("“Was not brought” instead of “did not attend”", "CHS", D(2021, 10, 1), P.REVIEW_THEME,
     "Safeguarding practice review theme: neglect", "Neglect",
     "Health colleagues at Croydon University Hospital are promoting the use of “was not "
     "brought” instead of “did not attend” to keep the focus on it being the parent’s "
     "responsibility to ensure their child comes to medical appointments – and not bringing "
     "them is potentially a sign of neglect.", None, ""),
    ("Work with fathers and professional curiosity", "Children's Social Care", D(2021, 7, 1),
     P.REVIEW_THEME, "Key themes of our safeguarding practice reviews",
     "Importance of fathers/male carers",
     "Children’s Social Care has “work with fathers” and “professional curiosity” as Practice "
     "Improvement Areas.", None, ""),
    ("Graded Care Profile 2 in schools", "Education", D(2022, 1, 12), P.TRAINING,
     "Graded Care Profile 2 training", "Neglect",
     "Education Services promoted the Child Wellbeing Tool and the Graded Care Profile 2 Tool "
     "(GCP2), leading to the first Education based professionals to be licenced to use the "
     "GCP2 Tool.", None, ""),
    ("Young people’s mental health kept visible", "CCG", D(2022, 3, 1), P.PRIORITY_GROUP,
     "Mental Health Priority Group", "Mental health",
     "We have raised the profile of young people’s mental health and are keeping it visible by "
     "using what has been learnt to influence partnership work across the borough; the culture "
     "of partnership working around mental health has improved.", None, ""),
    ("Manager coaching programme", "Children's Social Care", D(2021, 12, 1), P.OTHER,
     "Multi-agency audit findings", "Professional curiosity",
     "We introduced a manager coaching programme – to improve managers’ supervision skills "
     "and oversight of work with children, young people and families.", None, ""),
    ("Transition mentoring", "BME Forum", D(2021, 9, 1), P.OTHER, "Young Londoner’s Fund", "",
     "Targeted support at the transitional phases between primary and secondary school and "
     "school/college.", 81, "young people took up places"),
    ("Mentoring sessions completed", "BME Forum", D(2022, 3, 31), P.OTHER,
     "Young Londoner’s Fund", "",
     "Young people completed between 7 and 14 mentoring sessions.", 121,
     "young people completed between 7 and 14 mentoring sessions"),
    ("Diversionary activities", "BME Forum", D(2022, 3, 31), P.OTHER, "Young Londoner’s Fund",
     "", "Young people completed diversionary activities.", 38,
     "young people completed diversionary activities"),
]  # fmt: skip

SCRUTINY_POINTS = [
    "Most staff positive about working relationships with external partners",
    "Importance of good relationships with schools",
    "Covid had made working with families more challenging, but staff had kept face to face "
    "working throughout",
    "Reflective supervision valued",
    "Changes in social workers can be difficult, continuity is really important",
    "Information on partnership website and training offered really valued",
]

SCRUTINY = [
    (D(2022, 3, 9), "Staff from Children’s Social Care and Early Help",
     "Part of the Practice Week themes on Neglect.", SCRUTINY_POINTS),
    (D(2022, 3, 29), "Front-line Health practitioners",
     "A second session, with a group of front-line Health practitioners.", []),
]  # fmt: skip

# framework, agency short name, date, standards [(standard, rag)], challenge, follow-up
ASSURANCE = [
    (AgencyAssurance.Framework.POLICE, "Police", D(2021, 11, 16),
     [("Voice of the child in police protection decisions", "green"),
      ("Attendance at strategy discussions", "amber"),
      ("Safeguarding training of custody officers", "green")],
     "Challenged on police attendance at strategy discussions.",
     "Booking process for strategy discussions; attendance reported to the Executive."),
    (AgencyAssurance.Framework.HEALTH, "CHS", D(2022, 1, 25),
     [("Safeguarding supervision for front-line staff", "amber"),
      ("Mandated health visiting checks (2–2½ years)", "red"),
      ("Safeguarding training compliance", "green")],
     "Challenged on developmental checks on two-year-olds not happening often enough.",
     "Health Visiting Services and commissioners to report progress on mandated checks."),
    (AgencyAssurance.Framework.EDUCATION, "Education", D(2022, 2, 22),
     [("Designated safeguarding leads trained", "green"),
      ("Response to harmful sexual behaviour (Everyone’s Invited)", "amber")],
     "Challenged on schools’ response to peer-on-peer abuse.",
     "Handbook, tools and a review provided to schools."),
]  # fmt: skip

FUNDING = [("Local authority", 185000), ("CCG", 62000), ("Police", 38000)]

PRIORITIES = [
    ("Safeguarding asylum seekers", "CSCP Executive",
     "Government policy is changing and we are ensuring we are sighted on the multi-agency work "
     "within the Asylum Seekers/Homes For Ukraine space as well as offering training support "
     "for those public and professional people supporting asylum seekers. Croydon has asylum "
     "seekers placed in hotels as well as Ukrainian refugees; the CSCP will need assurance of "
     "the multi-agency safeguarding arrangements for these potentially vulnerable people."),
    ("Early help transformation", "Early Help",
     "The wider partnership are sighted on, and involved in, the Early Help Transformation "
     "work, so that safeguarding leads and other multi-agency professionals can work closer "
     "and smarter on the themes already identified:\n\n- Greater professional curiosity\n"
     "- Understanding who the significant adults are in children’s lives\n"
     "- Better information sharing"),
    ("Domestic abuse", "CSCP Executive",
     "Now children are recognised as victims in their own right, the CSCP will consider how it "
     "can best ensure that the incidence and impact of Domestic Abuse where children are "
     "present is fully understood and that professionals are using all the tools and skills "
     "available to them. Our own SPRs and the National Report relating to Star & Arthur "
     "feature domestic abuse; the voice of the child and the extended family were poorly "
     "articulated and this will also be an area of examination for next year."),
    ("Sexual abuse", "CSCP Executive",
     "The CSCP recognises that its data and understanding of who the victims of Child Sexual "
     "Abuse (CSA) are and how we are working together to reduce it is poor. More work is "
     "required in this area including intra and extra familial abuse and supporting "
     "professionals to have constructive conversations in this tricky domain."),
    ("Independent review", "CSCP Executive",
     "The CSCP Executives have commissioned an Independent Review of the Partnership to assess "
     "the effectiveness of the Partnership. The findings of this work will influence the 2023 "
     "work plan."),
]  # fmt: skip

GLOSSARY = [
    ("BME", "Black Minority Ethnic"),
    ("BCU", "Basic Command Unit"),
    ("BME Forum", "Black Minority Ethnic Forum – A Community Partner"),
    ("CAMHS", "Child & Adolescent Mental Health Service"),
    ("CAP", "Complex Adolescent Panel"),
    ("CCE", "Child Criminal Exploitation"),
    ("CCG", "Clinical Commissioning Group"),
    ("CDOP", "Child Death Overview Panel"),
    ("CDR", "Child Death Review"),
    ("CHat", "Child Health at home"),
    ("CHIST", "Croydon Health Integrated Safeguarding Team"),
    ("CHS", "Croydon Health Service"),
    ("CIN", "Child in Need"),
    ("CLA", "Children Looked After"),
    ("CLIP", "Croydon Local Intelligence Programme"),
    ("CP", "Child Protection"),
    ("CPFC", "Crystal Palace Football Club"),
    ("CQC", "Care Quality Commission"),
    ("CSC", "Children’s Social Care"),
    ("CSE", "Child Sexual Exploitation"),
    ("CWD", "Children with Disabilities"),
    ("CYP", "Children & young people"),
    ("DA/DASV", "Domestic Abuse/ Domestic Abuse & Sexual Violence"),
    ("ETE", "Education, Training & Employment"),
    ("FGM", "Female Genital Mutilation"),
    ("GCP2", "Grade Care Profile version 2"),
    ("HV", "Health Visitor"),
    ("ICPC", "Initial Child Protection Conference"),
    ("JSNA", "Joint Strategic Needs Analysis"),
    ("KPI", "Key Performance Indicator"),
    ("LADO", "Local Authority Designated Officer"),
    ("LCSPR", "Local Child Safeguarding Practice Review"),
    ("LeDeR", "Learning Disabilities Mortality Review"),
    ("M/A", "Multiagency"),
    ("MACE", "Multiagency Child Exploitation Panel"),
    ("MH", "Mental Health"),
    ("PH/PHN", "Public Health/Public Health Nursing"),
    ("QA", "Quality Assurance"),
    ("RISE", "Refuge, Information, Support and Education Charity"),
    ("S & L/ SALT", "Speech & Language/ Speech & Language Therapy"),
    ("SCR", "Serious Case Review"),
    ("SEND", "Special Educational Needs & Disabilities"),
    ("SLAM", "South London & Maudsley NHS Trust"),
    ("SPOC", "Single Point of Contact"),
    ("SYV", "Serious Youth Violence"),
    ("TAS", "Team Around the School"),
    ("VAR", "Vulnerable Adolescent Review"),
    ("VOC", "Voice of the Child"),
    ("WT", "Working Together 2018"),
    ("YAG", "Youth Advisory Group"),
    ("YOS", "Youth Offending Service"),
]


def _theme(name: str):
    return Theme.objects.filter(name__iexact=name).first() if name else None


def load(stdout=None) -> None:
    support = User.objects.get(username="support")
    year = ReportingYear.objects.get(start_year=2021)
    report, created = AnnualReport.objects.get_or_create(
        year=year,
        defaults={
            "title": "Croydon Safeguarding Children Partnership Annual Report 2021-22"
        },  # fmt: skip
    )
    services.ensure_sections(report=report)
    sections = {s.key: s for s in ReportSection.objects.filter(report=report)}
    for key, blocks in NARRATIVE.items():
        for position, (heading, body, signature) in enumerate(blocks, start=1):
            block = NarrativeBlock.objects.filter(section=sections[key], position=position).first()
            block = block or NarrativeBlock(section=sections[key], position=position)
            block.heading, block.body, block.signature = heading, body, signature
            block.save()

    for position, (name, role, text) in enumerate(CONTRIBUTIONS, start=1):
        contribution = Contribution.objects.filter(report=report, name=name).first()
        contribution = contribution or Contribution(report=report, name=name)
        contribution.role_title = role
        contribution.position = position
        contribution.email = f"{name.lower().replace(' ', '.')}@cscp.example.org"
        contribution.requested_on = D(2022, 6, 1)
        contribution.due_on = D(2022, 7, 15)
        contribution.text = text or ""
        contribution.received_on = D(2022, 7, 8) if text else None
        contribution.save()

    if report.status == AnnualReport.Status.DRAFT and not report.transitions.exists():
        report.status = AnnualReport.Status.CONTRIBUTIONS_REQUESTED
        report.save(update_fields=["status"])
        ReportTransition.objects.create(
            report=report,
            from_status=AnnualReport.Status.DRAFT,
            to_status=AnnualReport.Status.CONTRIBUTIONS_REQUESTED,
            by=support,
            note="Reflections requested from the executive members.",
        )

    for title, short, date, prompt, label, theme, change, reached, reached_label in IMPACT:
        ImpactEvidence.objects.update_or_create(
            year=year,
            title=title,
            defaults={
                "agency": agency(short),
                "date": date,
                "prompted_by": prompt,
                "prompted_by_label": label,
                "theme": _theme(theme),
                "change": change,
                "people_reached": reached,
                "people_reached_label": reached_label,
            },
        )

    for date, whom, summary, points in SCRUTINY:
        ScrutinyActivity.objects.update_or_create(
            year=year,
            date=date,
            with_whom=whom,
            defaults={
                "kind": ScrutinyActivity.Kind.CONVERSATION,
                "summary": summary,
                "key_points": "\n".join(points),
            },
        )

    for framework, short, date, standards, challenge, follow_up in ASSURANCE:
        assurance, _ = AgencyAssurance.objects.update_or_create(
            year=year,
            framework=framework,
            agency=agency(short),
            defaults={"date": date, "challenge_notes": challenge, "follow_up_actions": follow_up},
        )
        for standard, rag in standards:
            AssuranceStandard.objects.update_or_create(
                assurance=assurance, standard=standard, defaults={"rag": rag}
            )

    for short, amount in FUNDING:
        PartnerFunding.objects.update_or_create(
            year=year, agency=agency(short), defaults={"amount": amount}
        )

    for position, (title, lead, rationale) in enumerate(PRIORITIES, start=1):
        NextYearPriority.objects.update_or_create(
            year=year,
            title=title,
            defaults={"position": position, "lead": lead, "rationale": rationale},
        )

    for term, meaning in GLOSSARY:
        GlossaryTerm.objects.update_or_create(term=term, defaults={"meaning": meaning})

    _publish_as_the_real_report_was(report, support)

    if stdout is not None:
        stdout.write(f"Annual report {report.label}: {report.get_status_display()}.")


NOT_RECEIVED_REASON = "Not received by the publication deadline; published without it"


def _publish_as_the_real_report_was(report, support) -> None:
    """The real 2021-22 report was published with three reflections "(awaits)": business
    support record each as not received (a recorded decision), then the report goes through
    its workflow to version 1, so the public page shows it from `make run` on."""
    S = AnnualReport.Status
    if report.snapshots.exists():
        return  # already published (the demo is idempotent)
    for contribution in Contribution.objects.filter(
        report=report, received_on__isnull=True, not_received_on__isnull=True
    ):
        services.record_not_received(
            contribution=contribution, by=support, reason=NOT_RECEIVED_REASON, on=D(2022, 9, 20)
        )
    executive = User.objects.get(username="executive")
    for to, by, note in [
        (S.IN_REVIEW, support, "All received or recorded as not received."),
        (S.APPROVED, executive, "Approved by the executive."),
        (
            S.PUBLISHED,
            support,
            "Published, as the real report was, with three reflections awaited.",
        ),
    ]:
        if report.status != to:
            services.transition(report=report, to_status=to, by=by, note=note)
            report.refresh_from_db()
