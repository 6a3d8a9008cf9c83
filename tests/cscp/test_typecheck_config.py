"""The type checker (decision 0014): mypy with django-stubs over every app's services,
selectors and report contributions, named by glob so new code is checked, run by CI."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]


def test_every_service_selector_and_report_module_is_checked():
    globs = CONFIG["mypy"]["files"]
    checked = {p for g in globs for p in ROOT.glob(g)}
    wanted = {
        p
        for name in ("services.py", "selectors.py", "report.py")
        for p in ROOT.glob(f"**/{name}")
        if not {".venv", "node_modules", "tests", "bench"} & set(p.relative_to(ROOT).parts)
    }
    wanted |= {ROOT / "cscp/years.py", ROOT / "cscp/exports.py", ROOT / "cscp/reporting/compose.py"}
    assert len(wanted) > 10
    assert sorted(str(p.relative_to(ROOT)) for p in wanted - checked) == []


def test_mypy_runs_with_the_django_plugin_and_in_ci():
    assert "mypy_django_plugin.main" in CONFIG["mypy"]["plugins"]
    assert CONFIG["mypy"]["check_untyped_defs"] is True
    assert CONFIG["django-stubs"]["django_settings_module"] == "cscp.settings"
    assert "\ntypecheck:" in (ROOT / "Makefile").read_text()
    assert "\nmake typecheck\n" in (ROOT / ".ci/run").read_text()
