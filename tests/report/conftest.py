import pytest

from tests.report import fake_apps


@pytest.fixture
def fake_apps_contributions(settings):
    """Every app contributes, with records and no failing checks (tests change STATE)."""
    fake_apps.reset()
    settings.REPORT_CONTRIBUTIONS = {app: f"tests.report.fake_apps.{app}" for app in fake_apps.APPS}
    yield fake_apps.STATE
    fake_apps.reset()


@pytest.fixture
def no_app_templates(settings, tmp_path):
    """App templates stand-ins, so tests of the report do not depend on each app's templates."""
    for app, names in {
        "datasets": ["statistics", "data_examination"],
        "reviews": ["practice_reviews", "inspections", "audits", "learning"],
        "priority_groups": ["groups"],
        "training": ["training", "new_courses"],
        "feedback": ["voice", "surveys"],
    }.items():
        folder = tmp_path / app / "report"
        folder.mkdir(parents=True)
        for name in names:
            (folder / f"{name}.html").write_text(
                '{% load cscp_tags %}<h3 class="govuk-heading-m">' + f"{app} {name}" + "</h3>"
                '<p class="govuk-body">Count: {{ data.count|suppress:public }}</p>'
            )
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return tmp_path


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
