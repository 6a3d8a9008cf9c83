"""The main navigation marks where the reader is, on the section's own page and below it."""

import re

import pytest

pytestmark = pytest.mark.django_db


def current_links(html: str) -> list[str]:
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a class="govuk-link" href="([^"]+)" aria-current="page">', nav)


def test_the_section_page_marks_itself(scrutineer_client):
    assert current_links(scrutineer_client.get("/training/dashboard/").content.decode()) == [
        "/training/dashboard/"
    ]


def test_a_page_below_a_section_marks_the_section_and_nothing_else(support_client):
    from tests.training.factories import SessionFactory

    session = SessionFactory()
    html = support_client.get(f"/training/registers/{session.pk}/").content.decode()
    assert current_links(html) == ["/training/registers/"]


def test_the_home_page_is_marked_only_on_itself(support_client):
    assert "/" not in current_links(support_client.get("/training/registers/").content.decode())


def test_the_scrutineer_has_a_training_link(scrutineer_client):
    nav = scrutineer_client.get("/").content.decode().split('aria-label="Main"', 1)[1]
    assert 'href="/training/dashboard/"' in nav.split("</nav>", 1)[0]


def sections(html: str) -> list[str]:
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    top = nav.split('class="cscp-nav__sections"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="govuk-link" href="[^"]+"[^>]*>([^<]+)</a>', top)


@pytest.mark.parametrize(
    "client_name", ["support_client", "agency_lead_client", "executive_client", "scrutineer_client"]
)
def test_every_role_has_at_most_eight_sections(client_name, request):
    """Eight sections fit on one line at 1,280 px (the browser test measures it)."""
    names = sections(request.getfixturevalue(client_name).get("/").content.decode())
    assert 1 <= len(names) <= 8
    assert names[0] == "Home"


def test_business_support_sees_the_sections_and_the_current_sections_pages(support_client):
    html = support_client.get("/training/registers/").content.decode()
    assert sections(html) == [
        "Home",
        "Reviews",
        "Priority groups",
        "Training",
        "Returns &amp; data",
        "Feedback",
        "Annual reports",
        "Set-up &amp; admin",
    ]
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    # The section is marked as holding the page; its pages are listed, the page marked.
    assert '<a class="govuk-link" href="/training/dashboard/" aria-current="true">Training' in nav
    pages = nav.split('class="cscp-nav__pages"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'href="([^"]+)"', pages) == [
        "/training/dashboard/",
        "/training/registers/",
        "/training/imports/",
    ]
    assert current_links(html) == ["/training/registers/"]


def test_a_section_of_one_page_a_role_may_open_is_shown_by_that_page(agency_lead_client):
    html = agency_lead_client.get("/").content.decode()
    names = sections(html)
    assert "Review actions" in names and "Reviews" not in names
    assert "Set-up &amp; admin" not in names and "Annual reports" not in names
    assert 'class="cscp-nav__pages"' not in html


def test_the_public_have_no_site_navigation(client):
    from django.urls import reverse

    html = client.get(reverse("feedback_public_form")).content.decode()
    assert 'aria-label="Main"' not in html
