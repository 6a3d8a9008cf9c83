"""Every page that takes a reporting year reads it one way (cscp/years.py, cscp/converters.py,
decision 0014): the URL form `2021-22` opens that year, a bad value is a 404 (never a 500), no
year opens on the rule's default; and no module parses the year its own way."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from cscp.models import ReportingYear
from cscp.reporting.models import AnnualReport

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ["cscp", "reviews", "priority_groups", "training", "datasets", "feedback"]

pytestmark = pytest.mark.django_db

# Pages that take ?year= and show the year picker.
PICKER_PAGES = [
    "/reviews/",
    "/reviews/themes/",
    "/reviews/learning/",
    "/priority-groups/",
    "/training/dashboard/",
    "/datasets/pack/",
    "/feedback/",
]
# Downloads that take ?year= and name the year in the file name.
EXPORTS = ["/datasets/pack/export.csv", "/datasets/pack/export.xlsx"]
BAD = ["1990-91", "2021-23", "21-22", "nonsense", "2021-22x", "99999999999", "9999", "\x00"]


@pytest.fixture
def years(db):
    return {y: ReportingYear.objects.create(start_year=y) for y in (2020, 2021, 2022)}


@pytest.fixture
def reader(client, years, support_user, executive_user):
    support_user.groups.add(*executive_user.groups.all())
    client.force_login(support_user)
    AnnualReport.objects.create(year=years[2021])  # the rule's default: the report year
    return client


@pytest.mark.parametrize("url", PICKER_PAGES)
def test_picker_pages_open_the_asked_year_the_default_or_a_404(reader, url):
    default = reader.get(url).content.decode()
    assert 'value="2021-22" selected' in default
    for label in ("2020-21", "2022-23"):
        page = reader.get(url, {"year": label})
        assert page.status_code == 200
        assert f'value="{label}" selected' in page.content.decode(), label
    # The older start-year form still opens the year (old links), shown in the URL form.
    assert 'value="2020-21" selected' in reader.get(url, {"year": "2020"}).content.decode()
    for bad in BAD:
        assert reader.get(url, {"year": bad}).status_code == 404, (url, bad)


@pytest.mark.parametrize("url", EXPORTS)
def test_exports_take_the_same_year(reader, url):
    assert "dataset-pack-2021-22." in reader.get(url)["Content-Disposition"]
    asked = reader.get(url, {"year": "2020-21"})
    assert "dataset-pack-2020-21." in asked["Content-Disposition"]
    for bad in BAD:
        assert reader.get(url, {"year": bad}).status_code == 404, (url, bad)


def test_feedback_all_years_is_a_blank_year(reader):
    page = reader.get("/feedback/", {"year": ""}).content.decode()
    assert '<option value="" selected>All years</option>' in page


def test_report_pages_take_the_year_in_the_path(reader):
    assert reverse("report_detail", kwargs={"label": "2021-22"}) == "/reports/2021-22/"
    assert reverse("report_detail", kwargs={"label": 2021}) == "/reports/2021-22/"
    assert reader.get("/reports/2021-22/").status_code == 200
    assert reader.get("/reports/2021/").status_code == 200  # older links
    for bad in ("2021-23", "1990-91", "2020-21", "nonsense", "21-22"):
        assert reader.get(f"/reports/{bad}/").status_code == 404, bad
        assert reader.get(f"/reports/{bad}/word/").status_code == 404, bad


def test_priority_group_pages_take_the_year_in_the_path(reader):
    from tests.priority_groups.factories import PriorityGroupFactory

    group = PriorityGroupFactory(name="Neglect")
    url = reverse("priority_group_detail", kwargs={"slug": group.slug, "year": 2021})
    assert url == f"/priority-groups/{group.slug}/2021-22/"
    assert reader.get(url).status_code == 200
    assert reader.get(f"/priority-groups/{group.slug}/2021/").status_code == 200
    for bad in ("2021-23", "1990-91", "nonsense"):
        assert reader.get(f"/priority-groups/{group.slug}/{bad}/").status_code == 404, bad


@pytest.mark.parametrize(
    ("changelist", "make"),
    [
        ("admin:feedback_feedbackitem_changelist", "feedback"),
        ("admin:training_completion_changelist", "training"),
    ],
)
def test_admin_year_filters_read_the_url_form(reader, support_client, changelist, make):
    import datetime as dt

    if make == "feedback":
        from tests.feedback.factories import FeedbackItemFactory

        inside = FeedbackItemFactory(received_on=dt.date(2022, 3, 31))
        FeedbackItemFactory(received_on=dt.date(2022, 4, 1))
    else:
        from tests.training.factories import CompletionFactory

        inside = CompletionFactory(completed_on=dt.date(2022, 3, 31))
        CompletionFactory(completed_on=dt.date(2022, 4, 1))
    url = reverse(changelist)
    for value in ("2021-22", "2021"):
        page = support_client.get(url, {"year": value})
        assert page.status_code == 200
        assert [o.pk for o in page.context["cl"].result_list] == [inside.pk]
    assert 'href="?year=2021-22"' in support_client.get(url).content.decode()
    for bad in ("2021-23", "nonsense", "9999"):
        response = support_client.get(url, {"year": bad})
        assert response.status_code == 302 and response["Location"].endswith("?e=1"), bad


# --- No module reads the year its own way ---------------------------------------------------

AD_HOC = [
    (re.compile(r"""GET(\.get\(|\[)\s*["']year["']"""), "reads ?year= itself"),
    (re.compile(r"start_year=int\("), "makes a year from a bare number"),
    (re.compile(r"\bstart_year_from_label\("), "parses a label itself"),
    (re.compile(r"""(year|label).*\.(partition|split)\(\s*["']-["']"""), "splits a label itself"),
]
# Where the year is defined and parsed: the model (label <-> start year), the shared module,
# and the converter; datasets/services.py reads a comparators file's column (data, not a URL).
ALLOWED = {"cscp/models.py", "cscp/years.py", "cscp/converters.py", "datasets/services.py"}
URL_SEGMENT = re.compile(r"<(?:int|str|slug|path):[^>]*(?:year|label)[^>]*>")


def _code():
    for app in CODE_DIRS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and "demo" not in path.name:
                yield path.relative_to(ROOT).as_posix(), path.read_text()


def test_no_module_parses_the_year_its_own_way():
    offenders = []
    for rel, text in _code():
        for number, line in enumerate(text.splitlines(), 1):
            for pattern, why in AD_HOC:
                if pattern.search(line) and rel not in ALLOWED:
                    offenders.append(f"{rel}:{number} {why}: {line.strip()}")
            if rel.endswith("urls.py") and URL_SEGMENT.search(line):
                offenders.append(f"{rel}:{number} a year in a path not as <year:...>")
    assert offenders == []


def test_templates_link_to_years_in_the_url_form():
    offenders = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"year=\{\{[^}]*start_year", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_grep_would_see_a_view_reading_the_year_itself():
    line = 'year = int(request.GET.get("year", 2021))'
    assert any(pattern.search(line) for pattern, _ in AD_HOC)
    assert any(p.search('start = int(year_label.split("-")[0])') for p, _ in AD_HOC)
    assert URL_SEGMENT.search('RETURN = "returns/<int:agency_id>/<int:start_year>/q1/"')
