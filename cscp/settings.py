"""Settings come from the environment only; see README "Configuration".

With no environment beyond DEBUG=true the app runs on SQLite and runs Celery tasks
in-process, so a newcomer needs neither PostgreSQL nor Redis.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Set SECRET_KEY in the environment "
            "(or DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "cscp",
    "cscp.reporting",
    "reviews",
    "priority_groups",
    "training",
    "datasets",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cscp.middleware.SessionIdleTimeoutMiddleware",
    "cscp.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "cscp.access.DenyByDefaultMiddleware",
    "cscp.middleware.AdminInvalidLookupMiddleware",
]

ROOT_URLCONF = "cscp.urls"
WSGI_APPLICATION = "cscp.wsgi.application"
ASGI_APPLICATION = "cscp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cscp.context_processors.navigation",
                "cscp.context_processors.partnership",
            ],
            # `number`, `suppress`: the site's number format is available in every template.
            "builtins": ["cscp.templatetags.cscp_tags"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent requests against SQLite wait for the write lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["TEST"] = {"NAME": ""}
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cscp.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Evidence files attached to priority-group outcomes: at most this many MB (cscp/uploads.py).
EVIDENCE_MAX_UPLOAD_MB = int(os.environ.get("EVIDENCE_MAX_UPLOAD_MB", "10"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Caching: Redis when REDIS_URL is set (shared by every process, needed for rate limits
# under gunicorn), otherwise memory of this process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: no broker means tasks run in-process, eagerly, so the app works without Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# Nothing reads a task's result (outcomes are records: OutboxMessage, PdfRender): none is kept.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# No broker: a serving process runs the outbox in a thread of its own, so no request waits on a
# task (cscp/outbox.py, ADR 0008). OUTBOX_EMBEDDED_WORKER=false runs them inside the request.
OUTBOX_EMBEDDED_WORKER = os.environ.get(
    "OUTBOX_EMBEDDED_WORKER", "false" if CELERY_BROKER_URL else "true"
).lower() in {"1", "true", "yes"}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Tasks whose dispatch the broker refused (see cscp/outbox.py) are sent again.
    "outbox-redispatch": {"task": "cscp.outbox.redispatch_pending", "schedule": 60},
    "training-follow-ups": {"task": "training.tasks.request_due_follow_ups", "schedule": 86400},
    "report-contribution-reminders": {
        "task": "cscp.reporting.tasks.send_contribution_reminders",
        "schedule": 60 * 60 * 24,
    },
    "dataset-return-reminders": {
        "task": "datasets.tasks.send_return_reminders",
        "schedule": 60 * 60 * 24,
    },
    "rapid-review-clocks": {"task": "reviews.tasks.send_clock_reminders", "schedule": 86400},
}

# E-mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cscp@localhost")

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "safeguarding-demo-2026")

# Where people reach the site: the base of links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Forms: GOV.UK Design System patterns.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# The admin's history shows past versions; nobody reverts from it (cscp.access, decision 0004).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Login lockout: 5 failures lock the username from that address for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The proxies in front of the app (addresses or networks, comma-separated): only their
# X-Forwarded-For entries are believed. Rate limits and the lockout both use this client_ip.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "cscp.netaddr.client_ip"

# Two-factor authentication (TOTP): anyone may turn it on; REQUIRE_STAFF_2FA makes it
# compulsory for business support, executive members and the scrutineer.
REQUIRE_STAFF_2FA = env_bool("REQUIRE_STAFF_2FA")
# The yearly report: published within this many months of the period's end ([check] 3, WT2023),
# shown on the home page this many days before; reports for years from this start year
# (Working Together 2023) need the scrutineer's review and every lead partner's sign-off.
REPORT_PUBLICATION_DUE_MONTHS = int(os.environ.get("REPORT_PUBLICATION_DUE_MONTHS", "3"))
REPORT_DUE_WARNING_DAYS = int(os.environ.get("REPORT_DUE_WARNING_DAYS", "60"))
REPORT_SIGN_OFF_FROM_YEAR = int(os.environ.get("REPORT_SIGN_OFF_FROM_YEAR", "2024"))
# Working Together 2023 [check]: the published yearly report goes to the Child Safeguarding
# Practice Review Panel and to Foundations (the What Works centre) within this many days.
REPORT_DISPATCH_DAYS = int(os.environ.get("REPORT_DISPATCH_DAYS", "7"))
# Practice reviews (docs/decisions/0018-practice-review-lifecycle.md): the final report goes to
# the Panel and the Secretary of State this many working days before publication; a published
# review stays online at least this many months; the Panel answers a rapid review in about this
# many working days.
REVIEW_COPY_WORKING_DAYS_BEFORE_PUBLICATION = max(
    0, int(os.environ.get("REVIEW_COPY_WORKING_DAYS_BEFORE_PUBLICATION", "7"))
)
REVIEW_MIN_MONTHS_ONLINE = max(12, int(os.environ.get("REVIEW_MIN_MONTHS_ONLINE", "12")))
REVIEW_PANEL_RESPONSE_WORKING_DAYS = max(
    0, int(os.environ.get("REVIEW_PANEL_RESPONSE_WORKING_DAYS", "10"))
)


def OTP_TOTP_ISSUER(device):  # noqa: N802 - a setting; django-otp calls it per device
    """The partnership's own name in authenticator apps (it is data, not a setting)."""
    from cscp.partnership.selectors import otp_issuer

    return otp_issuer(device)


# Public forms (training bookings, feedback): submissions allowed per address per 10 minutes.
TRAINING_BOOKING_RATE_LIMIT = (int(os.environ.get("TRAINING_BOOKING_RATE_LIMIT", "10")), 600)

# Sessions: staff sessions end after inactivity (minutes).
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Production hardening (check --deploy is clean when DEBUG is off).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ping/$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# Apps that add to the annual report and the home page (cscp composes; it never reaches into
# another app's tables).
REPORT_CONTRIBUTIONS = {
    "reviews": "reviews.report.contribution",
    "priority_groups": "priority_groups.report.contribution",
    "training": "training.report.contribution",
    "datasets": "datasets.report.contribution",
    "feedback": "feedback.report.contribution",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
