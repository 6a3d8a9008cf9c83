from tests.access_rules import everyone, only

RULES = {
    "partnership_brand_css": everyone(),
    # The demo partnership has no logo.
    "partnership_logo": everyone(404),
}
RULES["governance"] = only("support", "executive", "scrutineer")
RULES["partnership_setup"] = only("support")
