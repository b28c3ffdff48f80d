"""One settings module, driven by the environment (12-factor).

Environment variables:
- DJANGO_SECRET_KEY      required unless DJANGO_DEBUG=1 (make run writes one to var/secret_key)
- DJANGO_DEBUG           "1" for development
- DJANGO_ALLOWED_HOSTS   comma-separated, default "127.0.0.1,localhost"
- DATABASE_URL           e.g. postgres://user@host:5432/db; default SQLite in var/
- KONSULTASI_VAR_DIR     SQLite file and media; default ./var
- KONSULTASI_PG_PREPARE  "off" behind a transaction-mode pooler (PostgreSQL prepared statements)
- DJANGO_EMAIL_*         SMTP for outgoing mail (see below); WHATSAPP_* the WhatsApp gateway
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KONSULTASI_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set (make run generates a local one).")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - DEBUG only, never served
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "axes",
    "ninja",  # serves its Swagger UI assets from our static files, not a CDN
    "konsultasi.offices",
    "konsultasi.accounts",
    "konsultasi.consultations",
    "konsultasi.notifications",
    "konsultasi.walkins",
    "konsultasi.knowledge",
    "konsultasi.feedback",
    "konsultasi.inbound",
    "konsultasi.desk",
    "konsultasi.portal",
    "konsultasi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "konsultasi.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "konsultasi.accounts.middleware.OfficeTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "konsultasi.partials.PartsNotKeptAsPagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "konsultasi.urls"
# A form sent with an expired security token: said in the site's words (konsultasi/refusals.py).
CSRF_FAILURE_VIEW = "konsultasi.refusals.expired_form"
LOGIN_URL = "login"
# Staff land on the home of their role (konsultasi.desk.views.home decides).
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "login"
WSGI_APPLICATION = "konsultasi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "konsultasi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "konsultasi.portal.context.portal",
            ],
        },
    },
]


def postgresql_options() -> dict[str, Any]:
    """PostgreSQL parses and plans a statement sent as text every time, and the ORM sends the
    same few dozen shapes all day. Bound on the server, a statement run 5 times on a connection
    is prepared: the backend reuses its parse and, where PostgreSQL judges the generic plan as
    good, its plan (a submission's backend CPU halved, an inbox page's cut by a quarter:
    bench/RESULTS.md, session 17). A transaction-mode pooler (PgBouncer before 1.21) cannot
    carry prepared statements: there, set KONSULTASI_PG_PREPARE=off."""
    if os.environ.get("KONSULTASI_PG_PREPARE") == "off":
        return {}
    return {"server_side_binding": True, "prepare_threshold": 5}


def database_from_environment() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        database: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
        if database["ENGINE"] == "django.db.backends.postgresql":
            database["OPTIONS"] = {**database.get("OPTIONS", {}), **postgresql_options()}
        return database
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "konsultasi.sqlite3",
        # Each web thread keeps its connection, as on PostgreSQL: opening one runs the PRAGMAs
        # below, and closing the last one checkpoints the WAL — per request, that was a third
        # of a submission's CPU.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            # The web server and the task worker write the same file: WAL lets readers go on
            # while one writes, IMMEDIATE takes the write lock at BEGIN (so a transaction never
            # fails half-way upgrading a read lock), and the timeout makes a writer wait its turn
            # instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": database_from_environment()}


def cache_from_environment() -> dict[str, Any]:
    """The cache holds the API's rate counts and the kiosk's and walk-in's per-minute limits.
    One process (`make run`) keeps them in its memory; several (gunicorn workers, app servers)
    must share one Redis, or each would allow the whole limit on its own."""
    url = os.environ.get("KONSULTASI_CACHE_URL", "")
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"KONSULTASI_CACHE_URL must be a Redis URL (redis://host:6379/0), got {url!r}"
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "konsultasi",
    }


CACHES = {"default": cache_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "konsultasi.accounts.hashers.OfficeArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "konsultasi.accounts.backends.AccountBackend",
]
# Login throttling (django-axes): failures are counted per user name *and* address together,
# so an attacker elsewhere cannot lock an officer out by failing with their name; a lockout
# lifts by itself after the cool-off, and a successful sign-in clears the count.
AXES_FAILURE_LIMIT = 5
AXES_VERBOSE = False  # no banner on every management command
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "konsultasi.accounts.throttling.attempted_username"
# The address is REMOTE_ADDR (no proxy headers are trusted: they could be forged).

# E-mailed links: registration, a guest's address, a new address (hours valid, used once);
# a guest's link to their consultation; password reset (Django's, in seconds).
EMAIL_LINK_HOURS = 24
GUEST_LINK_HOURS = 72
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Indonesian first, English second; times stored in UTC, shown in the office's zone.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "konsultasi" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The design system and vendored assets shared by every web app (desk, later the portal).
STATICFILES_DIRS = [BASE_DIR / "konsultasi" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# How often the officers' inbox asks the server for fresh rows, in seconds. Browser tests
# shorten it to see a new consultation arrive without waiting.
DESK_POLL_SECONDS = 15

# The REST API: requests per API key (or signed-in person) per window, counted in the cache.
API_RATE_LIMIT = int(os.environ.get("KONSULTASI_API_RATE_LIMIT", "300"))
API_RATE_WINDOW = int(os.environ.get("KONSULTASI_API_RATE_WINDOW", "60"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("KONSULTASI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Django's database sessions, read with a query kept per process (accounts/sessions.py).
SESSION_ENGINE = "konsultasi.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "konsultasi@localhost")
# SMTP, when DJANGO_EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("DJANGO_EMAIL_USE_SSL")
EMAIL_TIMEOUT = 30

# Notifications: the outbox's retries (8 attempts, waits of 1, 2, 4 … minutes, at most 6 h).
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("KONSULTASI_OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_BACKOFF_SECONDS = int(os.environ.get("KONSULTASI_OUTBOX_BACKOFF_SECONDS", "60"))
# Links in messages (follow-up, survey invitations) point here (e.g. https://konsultasi.kppn.example).
KONSULTASI_SITE_URL = os.environ.get("KONSULTASI_SITE_URL", "http://127.0.0.1:8000")
# WhatsApp Business Platform (Cloud API shape): outbound messages and the inbound webhook.
WHATSAPP_API_BASE = os.environ.get("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
WHATSAPP_TOKEN = os.environ.get("WHATSAPP_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
