"""Demo partnership: the agencies, years and people of the seed report (Croydon, 2021-22).

Idempotent: every record is looked up by a natural key and updated, never duplicated.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.text import slugify

from .models import (
    Agency,
    GovernanceMember,
    LocalAuthority,
    Partnership,
    ReportingYear,
    Theme,
    User,
)
from .roles import Role, sync_role_groups

# (name, short name, kind). Short names match the owners in shared/seed/dataset_figures.csv.
AGENCIES = [
    ("Croydon Council", "Local authority", Agency.Kind.LOCAL_AUTHORITY),
    ("Children's Social Care", "Children's Social Care", Agency.Kind.LOCAL_AUTHORITY),
    ("Early Help", "Early Help", Agency.Kind.LOCAL_AUTHORITY),
    ("Youth Offending Service", "YOS", Agency.Kind.LOCAL_AUTHORITY),
    ("Public Health Croydon", "Public Health", Agency.Kind.LOCAL_AUTHORITY),
    ("Metropolitan Police – South Area BCU", "Police", Agency.Kind.POLICE),
    ("Croydon Health Services NHS Trust", "CHS", Agency.Kind.HEALTH),
    ("Croydon CCG (South West London)", "CCG", Agency.Kind.HEALTH),
    ("CAMHS – South London & Maudsley NHS Trust", "CAMHS", Agency.Kind.HEALTH),
    ("Child Death Overview Panel", "CDOP", Agency.Kind.OTHER),
    ("Education Services", "Education", Agency.Kind.EDUCATION),
    ("Croydon College", "Croydon College", Agency.Kind.EDUCATION),
    ("BME Forum", "BME Forum", Agency.Kind.VOLUNTARY),
    ("Ment4", "Ment4", Agency.Kind.VOLUNTARY),
    ("Crystal Palace FC Foundation", "CPFC", Agency.Kind.VOLUNTARY),
]

# The demo partnership's identity (the seed report's partnership; its public numbers).
PARTNERSHIP = {
    "name": "Croydon Safeguarding Children Partnership",
    "short_name": "CSCP",
    "website": "https://www.croydonlcsp.org.uk/",
    "contact_email": "cscp@croydon.gov.uk",
    "children_services_phone": "020 8255 2888",
    "out_of_hours_phone": "020 8726 6400",
    "police_emergency_phone": "999",
    "police_non_emergency_phone": "101",
    "email_sign_off": "Croydon Safeguarding Children Partnership",
}
LOCAL_AUTHORITIES = [("Croydon", "E09000008", "306")]
# The seed report names its independent scrutineer (in post through 2021-22); no other post
# holder is named there, so the governance page shows those posts as not recorded.
SCRUTINEER = ("Eleanor Brazil", "Independent Scrutineer", "2021-04-01")

YEARS = [2020, 2021, 2022]

# The shared vocabulary of themes (reviews, training, feedback and impact evidence use it).
THEMES = [
    "Importance of fathers/male carers",
    "Professional curiosity",
    "Information sharing",
    "Safeguarding supervision",
    "Extra-familial harm",
    "Neglect",
    "Domestic abuse",
    "Mental health",
    "Suicide and self-harm",
    "Serious youth violence",
    "Child sexual abuse",
    "Disproportionality",
    "Trauma-informed practice",
    "Voice of the child",
]

# username -> (first name, last name, role, agencies led by short name)
USERS = {
    "support": ("Sam", "Patel", Role.BUSINESS_SUPPORT, []),
    "agencylead": ("Alex", "Morgan", Role.AGENCY_LEAD, ["Children's Social Care"]),
    # Every other agency that returns figures has its lead too (the set-up page's "Agency
    # leads" step), so the demo is a complete partnership; invented people.
    "earlyhelp": ("Nia", "Campbell", Role.AGENCY_LEAD, ["Early Help"]),
    "policelead": ("Ravi", "Shah", Role.AGENCY_LEAD, ["Police"]),
    "cdoplead": ("Grace", "Okafor", Role.AGENCY_LEAD, ["CDOP"]),
    "executive": ("Jo", "Adeyemi", Role.EXECUTIVE, []),
    "scrutineer": ("Chris", "Bell", Role.SCRUTINEER, []),
}


def agency(short_name: str) -> Agency:
    return Agency.objects.get(short_name=short_name)


def load_partnership() -> Partnership:
    partnership = Partnership.objects.first() or Partnership()
    for field, value in PARTNERSHIP.items():
        setattr(partnership, field, value)
    partnership.full_clean()
    partnership.save()
    for name, code, old_code in LOCAL_AUTHORITIES:
        LocalAuthority.objects.update_or_create(
            new_la_code=code,
            defaults={"partnership": partnership, "name": name, "old_la_code": old_code},
        )
    name, title, since = SCRUTINEER
    GovernanceMember.objects.update_or_create(
        post=GovernanceMember.Post.SCRUTINEER,
        name=name,
        defaults={"role_title": title, "from_date": since},
    )
    return partnership


def load(stdout=None) -> None:
    sync_role_groups()
    load_partnership()
    for name, short, kind in AGENCIES:
        # Schools and colleges: designated education agencies (CWSA 2026 s.2).
        designated = kind == Agency.Kind.EDUCATION
        Agency.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                # Every agency of the seed report is named in its arrangements.
                "relevant_agency": True,
                "designated_education_childcare": designated,
            },
        )
    for name in THEMES:
        Theme.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    for start_year in YEARS:
        ReportingYear.objects.get_or_create(start_year=start_year)
    for username, (first, last, role, agencies) in USERS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@cscp.example.org",
                "is_active": True,
                # The admin is business support's tool; the scrutineer reads it (view only).
                "is_staff": role in (Role.BUSINESS_SUPPORT, Role.SCRUTINEER),
            },
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role.label)])
        user.agencies.set(Agency.objects.filter(short_name__in=agencies))
