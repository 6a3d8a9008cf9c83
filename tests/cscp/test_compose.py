"""docker-compose.yml validates (no Docker engine runs here; the client checks the file)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose_command():
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def test_compose_file_has_the_production_services_with_health_checks():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert "gunicorn" in services["web"]["command"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]


@pytest.mark.skipif(compose_command() is None, reason="no docker compose client on this machine")
def test_compose_config_validates():
    result = subprocess.run(
        [
            *compose_command(),
            "-f",
            str(ROOT / "docker-compose.yml"),
            "--project-directory",
            str(ROOT),
            "config",
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "POSTGRES_PASSWORD": "x", "SECRET_KEY": "x"},
    )
    assert result.returncode == 0, result.stderr
