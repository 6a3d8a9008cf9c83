"""The lock file is complete, hashed and has no orphan pins; the CI audit fails on a finding
and says so plainly when it could not audit."""

import importlib.util
import json
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _audit_module():
    spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lock():
    """{canonical name: (pin line, hash count, 'via' names)} from requirements.lock."""
    entries, current = {}, None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        pin = re.match(r"^([A-Za-z0-9._-]+)==(\S+)", line)
        if pin:
            current = canonicalize_name(pin.group(1))
            entries[current] = {"hashes": 0, "via": set()}
        elif current and "--hash=sha256:" in line:
            entries[current]["hashes"] += 1
        elif current and line.startswith("    #") and line.strip() != "# via":
            text = line.strip().lstrip("#").strip().removeprefix("via").strip()
            if text:
                entries[current]["via"].add(text)
    return entries


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_declared_dependency_is_locked_with_hashes():
    project = _project()
    declared = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["build-system"]["requires"],
    ]
    lock = _lock()
    for text in declared:
        name = canonicalize_name(Requirement(text).name)
        assert name in lock, f"{name} is in pyproject.toml but not locked: run make lock"
    for name, entry in lock.items():
        assert entry["hashes"] >= 1, f"{name} has no hash"


def test_no_orphan_pins():
    # pip-compile writes why each pin is there; a pin added by hand has no such line, and a pin
    # left behind by a dependency that was dropped names a package that is no longer locked.
    lock = _lock()
    for name, entry in lock.items():
        assert entry["via"], f"{name} is pinned for no reason"
        for reason in entry["via"]:
            if reason.startswith("cscp (pyproject.toml"):
                continue
            assert canonicalize_name(reason) in lock, f"{name} is pinned via {reason}, not locked"


def test_makefile_installs_only_the_hashed_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q --require-hashes -r requirements.lock" in makefile
    assert "pip install -q --no-deps --no-build-isolation -e ." in makefile


def test_pip_audit_fails_on_a_known_vulnerability():
    audit = _audit_module()
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "six", "version": "1.17.0", "vulns": []},
        ]
    }
    code, message = audit.pip_verdict(json.dumps(report), "")
    assert code == 1
    assert "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in message


def test_pip_audit_passes_a_clean_lock():
    audit = _audit_module()
    report = {"dependencies": [{"name": "six", "version": "1.17.0", "vulns": []}]}
    assert audit.pip_verdict(json.dumps(report), "") == (
        0,
        "No known vulnerabilities in the 1 locked packages",
    )


def test_pip_audit_says_when_it_could_not_audit_and_does_not_fail():
    audit = _audit_module()
    skipped = {"dependencies": [{"name": "six", "skip_reason": "Dependency not found on PyPI"}]}
    code, message = audit.pip_verdict(json.dumps(skipped), "")
    assert (code, message.split(":")[0]) == (0, "NOT AUDITED")
    code, message = audit.pip_verdict("", "requests.exceptions.ConnectionError: Max retries")
    assert (code, message.split(":")[0]) == (0, "NOT AUDITED")
    # Anything else that stops pip-audit is a broken build, not an unreachable service.
    code, message = audit.pip_verdict("", "ERROR: requirements.lock: no such file")
    assert code == 1


def test_npm_audit_fails_on_a_known_vulnerability_and_not_on_an_unreachable_service():
    audit = _audit_module()
    found = {
        "vulnerabilities": {"govuk-frontend": {}},
        "metadata": {"vulnerabilities": {"high": 1, "total": 1}, "dependencies": {"prod": 1}},
    }
    assert audit.npm_verdict(json.dumps(found))[0] == 1
    clean = {"vulnerabilities": {}, "metadata": {"vulnerabilities": {"total": 0}}}
    assert audit.npm_verdict(json.dumps(clean))[0] == 0
    code, message = audit.npm_verdict(json.dumps({"message": "405 Method Not Allowed"}))
    assert (code, message.split(":")[0]) == (0, "NOT AUDITED")
