"""Dependency audit for CI: `python scripts/audit.py pip` or `python scripts/audit.py npm`.

Fails (exit 1) on a known vulnerability. When the vulnerability service cannot be reached the
audit did not happen: that is said plainly and the build goes on (exit 0), because an unreachable
service is not a finding, and a quiet "no known vulnerabilities" would be a false one.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = [
    str(ROOT / ".venv" / "bin" / "pip-audit"),
    # The lock is complete and hashed: audit exactly its pins, install nothing.
    *("--disable-pip", "--require-hashes", "-r", "requirements.lock"),
    *("--progress-spinner", "off", "--format", "json"),
]
NPM_AUDIT = ["npm", "audit", "--omit=dev", "--json"]
UNREACHABLE = "NOT AUDITED"


def pip_verdict(stdout, stderr):
    """(exit code, message) from pip-audit's JSON report."""
    try:
        deps = json.loads(stdout)["dependencies"]
    except (ValueError, KeyError, TypeError):
        tail = stderr.strip().splitlines()[-1:] or ["no output"]
        if any(word in stderr for word in ("ConnectionError", "ProxyError", "ServiceError")):
            return 0, f"{UNREACHABLE}: pip-audit could not reach its service ({tail[0]})"
        return 1, f"pip-audit failed: {tail[0]}"
    found = [d for d in deps if d.get("vulns")]
    if found:
        lines = [
            f"  {d['name']} {d['version']}: {v['id']} (fixed in {fixed})"
            for d in found
            for v in d["vulns"]
            for fixed in [", ".join(v.get("fix_versions", [])) or "-"]
        ]
        return 1, "Known vulnerabilities in requirements.lock:\n" + "\n".join(lines)
    skipped = [d for d in deps if d.get("skip_reason")]
    if skipped:
        return 0, (
            f"{UNREACHABLE}: PyPI's vulnerability data was not available for {len(skipped)} of "
            f"{len(deps)} locked packages (e.g. {skipped[0]['skip_reason']})"
        )
    return 0, f"No known vulnerabilities in the {len(deps)} locked packages"


def npm_verdict(stdout):
    """(exit code, message) from `npm audit --json`."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return 0, f"{UNREACHABLE}: npm audit gave no report"
    if "error" in report or "message" in report:
        return 0, f"{UNREACHABLE}: npm's audit service answered: {report.get('message', '?')}"
    counts = report["metadata"]["vulnerabilities"]
    if counts.get("total", 0):
        names = ", ".join(sorted(report.get("vulnerabilities", {})))
        return 1, f"Known vulnerabilities in shipped npm packages ({counts}): {names}"
    prod = report["metadata"].get("dependencies", {}).get("prod", 0)
    return 0, f"No known vulnerabilities in the {prod} shipped npm packages"


def main(which):
    command = PIP_AUDIT if which == "pip" else NPM_AUDIT
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if which == "pip":
        code, message = pip_verdict(run.stdout, run.stderr)
    else:
        code, message = npm_verdict(run.stdout)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
