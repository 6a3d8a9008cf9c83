from tests.access_rules import ROLES, Rule, everyone, only

RULES = {
    "home": only("support", "agency_lead", "executive", "scrutineer"),
    "health": everyone(),
    "login": Rule(
        expect={
            "anonymous": 200,
            # A signed-in user is sent on to their home page.
            **dict.fromkeys(ROLES[1:], 302),
        }
    ),
    "logout": everyone(405),
}
