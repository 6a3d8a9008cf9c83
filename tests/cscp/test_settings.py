"""Configuration comes from the environment only."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_in_subprocess(env: dict, expression: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "ALLOWED_HOSTS",
            "REDIS_URL",
            "EMAIL_HOST",
            "DEMO_PASSWORD",
        }
    }
    clean.update(env)
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cscp.settings'); "
        f"django.setup(); from django.conf import settings as s; print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


# The settings a deployment gives: debug off, a secret key, its host.
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "cscp.example.org"}


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = settings_in_subprocess({"DEBUG": "false"}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_starts_with_a_secret_key_and_debug_off():
    result = settings_in_subprocess(
        PRODUCTION,
        "s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['cscp.example.org'] True True"


def test_the_site_hashes_passwords_with_djangos_slow_default_not_the_tests_fast_one():
    result = settings_in_subprocess(PRODUCTION, "s.PASSWORD_HASHERS[0]")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_embedded_defaults_sqlite_in_process_tasks_console_email():
    result = settings_in_subprocess(
        {"DEBUG": "true"},
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND",
    )
    assert result.returncode == 0, result.stderr
    engine, eager, backend = result.stdout.strip().split(" ")
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert backend == "django.core.mail.backends.console.EmailBackend"


def test_database_broker_and_demo_password_from_environment():
    result = settings_in_subprocess(
        {
            "DEBUG": "true",
            "DATABASE_URL": "postgres://someone@db.internal:5432/cscp",
            "CELERY_BROKER_URL": "redis://broker.internal:6379/0",
            "DEMO_PASSWORD": "another-demo-password",
        },
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.DEMO_PASSWORD",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "False",
        "redis://broker.internal:6379/0",
        "another-demo-password",
    ]


def test_deploy_check_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k" * 30 + "Q7!x" * 10,
            "ALLOWED_HOSTS": "cscp.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
