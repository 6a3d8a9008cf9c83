"""One journey per role (issue 16), as a person in that job lives an ordinary day, in a real
browser, from sign-in to done, with the keyboard: business support chase a late return, the
agency lead answers a query on a late return, the executive reads what moved, the scrutineer
reads the returns without being able to change them, the public tell the partnership about
their experience. Every page passes axe-core and the home page fits 320 px. The partnership is
a fictional one (tests/journeys/fenmoor.py), not the demo."""

import pytest

from tests.browser import assert_accessible
from tests.hardening.test_keyboard_journeys import (
    keyboard_login,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.journeys import fenmoor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fen(live_server):
    return fenmoor.build()


def assert_fits(page, width: int) -> None:
    """No horizontal scrolling at `width` px."""
    page.set_viewport_size({"width": width, "height": 800})
    scroll = page.evaluate(
        "() => new Promise(done => requestAnimationFrame("
        "() => done(document.documentElement.scrollWidth)))"
    )
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"
    page.set_viewport_size({"width": 1280, "height": 800})


def nav_to(page, href: str) -> None:
    tab_to(page, f'nav[aria-label="Main"] a[href="{href}"]')
    press_and_wait(page, "Enter")


def choose(page, selector: str, value: str) -> None:
    """Focus a select by Tab and choose an option (type-ahead), checked by its value."""
    tab_to(page, selector)
    page.select_option(selector, value)
    assert page.eval_on_selector(selector, "e => e.value") == value


def test_business_support_chase_a_late_return(page, live_server, fen):
    from datasets.models import ReminderSent

    keyboard_login(page, live_server, "fen-support", fenmoor.PASSWORD)
    assert "Dataset returns" in page.content()
    assert_accessible(page)
    assert_fits(page, 320)
    nav_to(page, "/returns/")
    assert page.url.startswith(f"{live_server.url}/returns/")
    assert_accessible(page)
    choose(page, "#filter-status", "late")
    tab_to(page, 'form.cscp-filters button[type="submit"]')
    press_and_wait(page, "Enter")
    assert "status=late" in page.url
    table = page.locator("table").first.inner_text()
    assert "Fenmoor Health Board" in table
    assert "Fenmoor Constabulary" not in table  # its quarter was accepted
    assert_accessible(page)
    assert_fits(page, 320)
    tab_to(page, 'td form[action$="/returns/chase/"] button')
    press_and_wait(page, "Enter")
    assert "Reminder sent for 1 return." in page.content()
    assert "Reminded today" in page.content()
    assert ReminderSent.objects.filter(ret__agency=fen["health"]).count() == 1
    assert_accessible(page)


def test_agency_lead_answers_a_query_on_a_late_return(page, live_server, fen):
    from datasets.models import Return

    queried = fen["queried"]
    keyboard_login(page, live_server, "fen-lead", fenmoor.PASSWORD)
    home = page.content()
    assert "Your dataset returns to make" in home
    assert "Queried: answer the query" in home
    assert "Fenmoor: train custody staff on the missing-children protocol" in home
    assert_accessible(page)
    assert_fits(page, 320)
    tab_to(page, f'main a[href="/returns/{fen["police"].pk}/{queried.year.label}/q3/"]')
    press_and_wait(page, "Enter")
    form = page.content()
    assert '<h2 class="govuk-fieldset__heading">Children reported missing</h2>' in form
    assert "FM_MISSING" not in page.locator("main").inner_text()
    assert "please check and resubmit" in form
    assert "Overdue: " in form
    assert_accessible(page)
    type_into(page, 'input[name="value_FM_MISSING"]', "88")
    type_into(page, 'textarea[name="commentary_FM_MISSING"]', "Checked: two duplicates removed.")
    tab_to(page, 'button[value="submit"]')
    press_and_wait(page, "Enter")
    queried.refresh_from_db()
    assert queried.status == Return.Status.SUBMITTED
    done = page.content()
    assert "submitted to business support. It is late:" in done
    assert "working days late" in done
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    assert "Queried: answer the query" not in page.content()


def test_executive_reads_what_moved(page, live_server, fen):
    year = fen["current"]
    keyboard_login(page, live_server, "fen-executive", fenmoor.PASSWORD)
    home = page.locator("main").inner_text()
    assert f"Indicators that moved most since last year ({year.label}, like for like)" in home
    assert (
        f"Referrals to children's social care: 1,650 at Q2 {year.label}: 27% higher than at "
        f"Q2 {year.previous_label} (1,302)" in home
    )
    assert "Children reported missing: 71 at Q2" in home
    assert "Indicators furthest from comparable areas" in home
    assert "above statistical neighbours (120.4" in home
    assert "Overdue review actions: 1" in home
    assert "RR-FEN-001" in home
    assert_accessible(page)
    assert_fits(page, 320)
    tab_to(page, f'main a[href="/datasets/pack/?year={year.label}"]')
    press_and_wait(page, "Enter")
    table = page.locator("table").first.inner_text()
    assert "1,650" in table and "1,480" in table
    assert_accessible(page)
    assert_fits(page, 320)


def test_scrutineer_reads_the_returns_and_changes_nothing(page, live_server, fen):
    keyboard_login(page, live_server, "fen-scrutineer", fenmoor.PASSWORD)
    assert_accessible(page)
    assert_fits(page, 320)
    nav_to(page, "/returns/")
    returns = page.content()
    assert "Fenmoor Health Board" in returns
    assert page.locator('form[action$="/returns/chase/"]').count() == 0
    # No link to a form they may not open; a link to read each submitted or accepted return.
    assert page.locator('main table a[href*="/q"]').count() == 0
    review = page.locator('main table a[href*="/returns/review/"]').first
    review.focus()
    press_and_wait(page, "Enter")
    assert page.locator('main form[method="post"]').count() == 0
    assert_accessible(page)
    page.go_back()
    assert_accessible(page)
    page.goto(f"{live_server.url}/scrutiny/")
    assert page.locator("h1").inner_text()
    assert_accessible(page)
    nav_to(page, "/training/dashboard/")
    assert page.url.startswith(f"{live_server.url}/training/")
    assert_accessible(page)


def test_the_public_tell_the_partnership_about_their_experience(page, live_server, fen):
    from feedback.models import FeedbackItem

    page.goto(f"{live_server.url}/feedback/tell-us/")
    text = page.locator("body").inner_text()
    assert "Fenmoor Safeguarding Children Partnership" in text
    assert "Records here are confidential" not in text
    assert "01632 960 456" in text and "01632 960 123" in text
    assert_accessible(page)
    assert_fits(page, 320)
    type_into(page, 'textarea[name="text"]', "The school nurse listened to my daughter.")
    tab_to(page, 'input[name="source"]')
    page.keyboard.press("Space")
    tab_to(page, 'input[name="consent"]')
    page.keyboard.press("Space")
    tab_to(page, 'main button[type="submit"]')
    press_and_wait(page, "Enter")
    assert FeedbackItem.objects.filter(text__startswith="The school nurse").count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/training/courses/")
    assert "Fenmoor: recognising exploitation" in page.content()
    assert "Records here are confidential" not in page.content()
    assert_accessible(page)


HEADER_HOLDS_ITS_CONTENT = """() => {
    const header = document.querySelector('.cscp-header');
    const bar = parseFloat(getComputedStyle(header).borderBottomWidth);
    const inner = header.getBoundingClientRect().bottom - bar;
    const lowest = Math.max(...[...header.querySelectorAll('a, span, button')]
        .map(e => e.getBoundingClientRect().bottom));
    return {inner, lowest};
}"""
NAV_SECTION_TOPS = """() => [
    ...document.querySelectorAll('nav[aria-label="Main"] .cscp-nav__sections > li')
].map(li => Math.round(li.getBoundingClientRect().top))"""


def assert_header_holds_its_content(page) -> None:
    """The header grows with what it holds: nothing in it runs under its orange bar."""
    for width in (320, 375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        box = page.evaluate(HEADER_HOLDS_ITS_CONTENT)
        assert box["lowest"] <= box["inner"] + 0.5, f"{page.url} at {width} px: {box}"
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.mark.parametrize(
    "username", ["fen-support", "fen-lead", "fen-executive", "fen-scrutineer", None]
)
def test_the_header_holds_its_content_and_the_sections_fit_one_line(
    page, live_server, fen, username
):
    if username is None:
        page.goto(f"{live_server.url}/feedback/tell-us/")
    else:
        keyboard_login(page, live_server, username, fenmoor.PASSWORD)
    assert_header_holds_its_content(page)
    if username is not None:
        tops = page.evaluate(NAV_SECTION_TOPS)
        assert 1 <= len(tops) <= 8
        assert len(set(tops)) == 1, f"{username}'s sections take {len(set(tops))} lines"
