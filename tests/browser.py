"""Browser test harness: Debian's Chromium, headless, driven by Playwright against Django's
live server. Use the `page` fixture (pytest-playwright) with `live_server`, mark the test
`@pytest.mark.browser`, and finish each page with `assert_accessible(page)`."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_SCRIPT = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def logout(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    # Evaluated through the DevTools protocol: the page's CSP (rightly) forbids inline scripts.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical WCAG violation on the page as it is now."""
    violations = axe_violations(page)
    summary = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in violations
    ]
    assert violations == [], f"{page.url}: {json.dumps(summary, indent=1)}"


def sign_in_by_cookie(page, live_server, user) -> None:
    """Start a session for `user` without the login form (for tests that are not about it)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
