"""A second, fictional partnership (two local authorities) for the tests that prove nothing in
the product belongs to the demo's partnership."""

from cscp.models import LocalAuthority, Partnership

WESSEX = {
    "name": "Wessex Vale Safeguarding Children Partnership",
    "short_name": "WVSCP",
    "website": "https://wessexvale.example.org/",
    "contact_email": "partnership@wessexvale.example.org",
    "contact_phone": "01632 960100",
    "children_services_phone": "01632 960111",
    "out_of_hours_phone": "01632 960999",
    "police_emergency_phone": "999",
    "police_non_emergency_phone": "101",
    "email_sign_off": "With thanks,\nThe Wessex Vale partnership team",
    "brand_colour": "#00594f",
}
# Fictional codes of the right shape (E06 unitary authorities).
WESSEX_AUTHORITIES = [("Wessex Vale", "E06000901"), ("Downshire", "E06000902")]


def make_wessex() -> Partnership:
    partnership = Partnership(**WESSEX)
    partnership.full_clean()
    partnership.save()
    for name, code in WESSEX_AUTHORITIES:
        LocalAuthority.objects.create(partnership=partnership, name=name, new_la_code=code)
    return partnership
