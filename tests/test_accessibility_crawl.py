"""Every page a role can reach passes axe-core (no serious or critical violations) and fits
both a 1,280 px desktop window and a 320 px phone (WCAG 2.2 reflow, 1.4.10) without scrolling
sideways: a wide table scrolls inside its own box, never the page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cscp.models import User
from tests.browser import assert_accessible, sign_in_by_cookie
from tests.test_permission_matrix import all_url_patterns, declared_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_USERS = {
    "support": "support",
    "agency_lead": "agencylead",
    "executive": "executive",
    "scrutineer": "scrutineer",
}
NOT_HTML = (
    "export",
    "download",
    "pdf",
    "docx",
    "xlsx",
    "csv",
    "certificate",
    "health",
    "ping",
    "evidence",
    "brand_css",
)


def pages_to_visit():
    """(role, url) for every HTML page of the site, each visited once by a role allowed it."""
    rules = declared_rules()
    for name, _pattern in all_url_patterns():
        if not name or name.startswith("admin:") or any(word in name for word in NOT_HTML):
            continue
        rule = rules.get(name)
        if rule is None or rule.method != "get":
            continue
        url = reverse(name, kwargs=rule.kwargs()) + rule.query
        if rule.expect.get("anonymous") == 200:
            yield "anonymous", url
            continue
        for role in ("agency_lead", "support", "executive", "scrutineer"):
            if rule.expect.get(role) == 200:
                yield role, url
                break


VIEWPORTS = (1280, 320)
# The innermost elements that reach past the window: what to fix when a page does not fit.
WIDEST_ELEMENTS = """(width) => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
  .slice(0, 3).map(e => e.tagName + "." + e.className + ": " + e.textContent.slice(0, 40))"""


def overflow(page) -> dict[int, tuple]:
    """{viewport width: (page width, widest elements)} for each viewport it does not fit."""
    wider = {}
    for width in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": 800})
        # Measured after the next frame, once the resized layout is in place.
        scroll = page.evaluate(
            "() => new Promise(done => requestAnimationFrame("
            "() => done(document.documentElement.scrollWidth)))"
        )
        if scroll > width:
            wider[width] = (scroll, page.evaluate(WIDEST_ELEMENTS, width))
    page.set_viewport_size({"width": VIEWPORTS[0], "height": 800})
    return wider


def test_every_page_passes_axe_and_fits_the_window(page, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    visited, problems = 0, []
    current_role = None
    for role, url in sorted(pages_to_visit()):
        if role != current_role:
            page.context.clear_cookies()
            if role != "anonymous":
                sign_in_by_cookie(page, live_server, User.objects.get(username=DEMO_USERS[role]))
            current_role = role
        response = page.goto(f"{live_server.url}{url}")
        if response.status != 200:
            problems.append(f"{url} as {role}: HTTP {response.status}")
            continue
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(str(error))
        if too_wide := overflow(page):
            problems.append(f"{url} as {role} scrolls sideways: {too_wide}")
        visited += 1
    assert problems == [], "\n".join(problems)
    assert visited >= 3
