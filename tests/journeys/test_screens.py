"""Screenshots of each role's home page at 1,280 and 375 px, against the demo (issue 16), into
docs/screens/ for README's "Screens" section. Slow (it loads the demo), so it runs only when
asked: `make screens` (CSCP_SCREENS=1). Re-run it after a change to a home page."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser import assert_accessible, sign_in_by_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("CSCP_SCREENS"), reason="make screens takes them"),
]

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
WIDTHS = (1280, 375)
# (file name, demo username or None for the public, the page that is their home)
HOMES = [
    ("support", "support", "/"),
    ("agency-lead", "agencylead", "/"),
    ("executive", "executive", "/"),
    ("scrutineer", "scrutineer", "/"),
    ("public", None, "/reports/public/"),
]


def test_home_page_screens(page, live_server, settings):
    from cscp.models import User

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    SCREENS.mkdir(parents=True, exist_ok=True)
    taken = []
    for name, username, url in HOMES:
        page.context.clear_cookies()
        if username:
            sign_in_by_cookie(page, live_server, User.objects.get(username=username))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 812})
            page.goto(f"{live_server.url}{url}")
            assert_accessible(page)
            path = SCREENS / f"home-{name}-{width}.png"
            page.screenshot(path=str(path), full_page=False)
            taken.append(path)
    assert all(p.stat().st_size > 0 for p in taken)
