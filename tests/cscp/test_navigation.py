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
