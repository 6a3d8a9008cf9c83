from tests.access_rules import ROLES, Rule, everyone, only

RULES = {
    "home": only("support", "agency_lead", "executive", "scrutineer"),
    "health": everyone(),
    "ping": everyone(),
    "login": Rule(
        expect={
            "anonymous": 200,
            # A signed-in user is sent on to their home page.
            **dict.fromkeys(ROLES[1:], 302),
        }
    ),
    # Signing out is a POST (a GET answers 405); everyone ends up on the login page.
    "logout": everyone("login", method="post"),
    # Every reader may open the scrutiny page; only the scrutineer has it in the navigation.
    "scrutiny": only("support", "executive", "scrutineer"),
    "two_factor_setup": only("support", "agency_lead", "executive", "scrutineer"),
    # With no device to verify there is nothing to do: sent home.
    "two_factor_verify": only("support", "agency_lead", "executive", "scrutineer", allowed=302),
}
