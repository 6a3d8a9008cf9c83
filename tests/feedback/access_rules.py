from tests.access_rules import READERS, everyone, only

RULES = {
    # The public form and its thank-you page: anyone, signed in or not.
    "feedback_public_form": everyone(),
    "feedback_public_thanks": everyone(),
    # Approved feedback by theme and service: partnership-wide readers only.
    "feedback_overview": only(*READERS),
}
