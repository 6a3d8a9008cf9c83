"""The demo's 2021-22 report prints the seed report's passages, section by section (decision
0015). Every `seed_passages/*.yaml` file (report.yaml: the report-level content; apps.yaml: the
apps') lists {section, passage}: a passage is an exact substring of the seed report (white
space, HTML entities and curly quotes aside), and the rendered report page must contain it.
A passage that is not in the seed fails, so none can be invented."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from cscp.models import User

FOLDER = Path(__file__).parent / "seed_passages"
SEED = FOLDER / "seed_report_2021-22.txt"

# The seed's sections, by their headings as the seed prints them (the agencies' examples, which
# follow the reflections without a heading of their own, are listed under the reflections).
SEED_SECTIONS = [
    "Forward From CSCP Executive",
    "Message From The Independent Scrutineer",
    "Introduction",
    "Safeguarding Statistics 2021-22",
    "Part 1: The What?",
    "Safeguarding Practice Reviews (SPRs)",
    "Key Themes for 2021/22:",
    "The Mental Health Priority Group",
    "Vulnerable Adolescent Priority Group",
    "Community Safety Partnership",
    "Ofsted Focussed Visit– The Front Door (July 2021)",
    "Local Area SEND – October 2021",
    "Community Based Support",
    "Independent Scrutineer Conversations",
    "Reflections From the Partnership",
    "Part 2: The So What?",
    "Impact of Our Briefing Materials",
    "Impact from Data Examination",
    "Impact of our Activity",
    "Training",
    "Part 3: The Why Not?",
    "Partnership Working",
    "Audits",
    "Part 4: The What Next?",
    "Safeguarding Practice Review (SPR) Learning",
    "Safeguarding Asylum Seekers",
    "Early Help Transformation",
    "Domestic Abuse",
    "Sexual Abuse",
    "Independent Review",
    "Part 5: What Children & Families Say:",
    "Glossary",
]

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
INLINE = re.compile(r"</?(?:a|strong|em|b|i|span|abbr|code)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]+>")


def normalise(text: str) -> str:
    """Entities decoded, curly quotes straight, white space single spaces."""
    return " ".join(html.unescape(text).translate(QUOTES).split())


def page_text(page: str) -> str:
    """The page's words as a reader sees them: inline tags vanish, block tags part words."""
    return normalise(TAG.sub(" ", INLINE.sub("", page)))


def entries() -> list[tuple[str, dict]]:
    found = []
    for file in sorted(FOLDER.glob("*.yaml")):
        for entry in yaml.safe_load(file.read_text(encoding="utf-8")) or []:
            found.append((file.name, entry))
    return found


ENTRIES = entries()
IDS = [f"{name}:{entry.get('section')}:{entry.get('passage', '')[:40]}" for name, entry in ENTRIES]


@pytest.fixture(scope="module")
def seed() -> str:
    return normalise(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker) -> str:
    """The demo's 2021-22 report page as text: the demo loads once for the module, inside a
    transaction rolled back afterwards, so no other test sees it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        client = Client()
        client.force_login(User.objects.get(username="executive"))
        response = client.get("/reports/2021-22/")
        assert response.status_code == 200
        text = page_text(response.content.decode())
        transaction.set_rollback(True)
    return text


def test_the_passage_files_are_well_formed():
    assert any(name == "report.yaml" for name, _ in ENTRIES)
    for name, entry in ENTRIES:
        assert set(entry) == {"section", "passage"}, (name, entry)
        assert isinstance(entry["passage"], str) and entry["passage"].strip(), (name, entry)


@pytest.mark.parametrize(("name", "entry"), ENTRIES, ids=IDS)
def test_each_passage_is_in_the_seed(seed, name, entry):
    assert normalise(entry["passage"]) in seed, f"{name}: not a passage of the seed"


@pytest.mark.parametrize(("name", "entry"), ENTRIES, ids=IDS)
def test_each_passage_is_under_a_heading_of_the_seed(name, entry):
    assert entry["section"] in SEED_SECTIONS, f"{name}: {entry['section']!r}"


def test_the_sections_are_the_seed_headings_in_order():
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    positions = [lines.index(heading) for heading in SEED_SECTIONS]
    assert positions == sorted(positions)


def test_every_section_of_the_seed_has_a_passage():
    covered = {entry["section"] for _name, entry in ENTRIES}
    assert [s for s in SEED_SECTIONS if s not in covered] == []


@pytest.mark.parametrize(("name", "entry"), ENTRIES, ids=IDS)
def test_the_demo_report_prints_each_passage(report, name, entry):
    assert normalise(entry["passage"]) in report, f"{name}: {entry['section']}"


def test_normalising_ignores_only_white_space_entities_and_quotes():
    assert normalise("“It’s&nbsp;here”\n  now") == normalise('"It\'s here" now')
    assert page_text("<p>a <strong>bold</strong> word</p><p>next</p>") == "a bold word next"
    assert normalise("multi-agency") != normalise("multiagency")
