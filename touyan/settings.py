"""The one settings module. Every deployment difference comes from an environment variable.

| variable | meaning | default |
|---|---|---|
| DEBUG | development mode | off |
| SECRET_KEY | Django's signing key | an insecure development key (flagged by ``check --deploy``) |
| PERSONAL_DATA_KEYS | comma-separated keys, newest first, that encrypt ID and phone numbers at rest and key their lookup digest: the first encrypts, every one still decrypts and finds (a rollover, then ``touyan rotate-personal-data-key``; see docs/operations.md) | PERSONAL_DATA_KEY |
| PERSONAL_DATA_KEY | one key: read as a list of one when PERSONAL_DATA_KEYS is unset | derived from SECRET_KEY (flagged by `check --deploy`) |
| DATABASE_URL | e.g. ``postgres://user@host:5432/touyan`` | SQLite in ``$TOUYAN_DATA_DIR/touyan.sqlite3`` |
| CONN_MAX_AGE | seconds a worker keeps its database connection between requests (0: a new one per request) | 60 |
| DATABASE_PREPARED_STATEMENTS | PostgreSQL: ``0`` turns off server-side binding and prepared statements (needed behind a pooler in transaction mode that does not track them) | on |
| TOUYAN_DATA_DIR | local data folder (SQLite file, uploads) | ``var/`` beside the source checkout |
| ALLOWED_HOSTS | comma-separated host names | ``127.0.0.1,localhost`` |
| CSRF_TRUSTED_ORIGINS | comma-separated origins behind a proxy | none |
| CACHE_URL | ``db://`` (the database's ``touyan_cache`` table) or ``redis://host:6379/0``; shared by every process | ``db://`` |
| MEDIA_ROOT, STATIC_ROOT | where uploads and collected static files live | under the data folder |
| S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX | uploads in an S3-compatible bucket instead of MEDIA_ROOT | unset: MEDIA_ROOT |
| SECURE_HSTS_SECONDS | HSTS max-age when not in DEBUG | one year |
| PROXY_COUNT | how many reverse proxies you run in front of Touyan; the client's address is read from ``X-Forwarded-For`` behind them (audit trail, login throttling, public forms) | 0: the socket's address |
| BEHIND_TLS_PROXY | a proxy terminates HTTPS and sends ``X-Forwarded-Proto`` (``check --deploy`` warns if PROXY_COUNT is then unset) | off |
| EMAIL_URL-like settings | EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, DEFAULT_FROM_EMAIL | console backend in DEBUG |
| TOUYAN_SITE_URL | the site's address, put before the links in notification e-mails | ``http://127.0.0.1:8000`` |
| TOUYAN_BACKGROUND_JOBS | ``queue``: long work and mail go to the task queue (``touyan worker`` runs it); ``inline``: at once, in the caller | ``queue`` |
| QUEUE_URL | the task queue's broker: ``redis://host:6379/1`` for Redis; empty = the database (no extra service) | the database |
| QUEUE_WORKERS | worker processes per ``touyan worker`` | the CPU count |
| QUEUE_TIMEOUT | seconds a job may run before its worker is stopped; also a job's lease | 1800 |
| EMAIL_TIMEOUT | seconds before an SMTP connection gives up | 20 |
| IMPORT_QUEUE_ROWS | an import with more rows is confirmed by a job of the queue | 300 |
| RETENTION_UPLOADS_DAYS, RETENTION_OBJECTORS_DAYS, RETENTION_NOTIFICATIONS_DAYS, RETENTION_LOGIN_ATTEMPTS_DAYS, RETENTION_AUDIT_DAYS | how long unconfirmed uploads, objectors' names and contacts after their notice is finalised, notifications, login attempts and audit entries are kept (days; the audit trail never under 180) | 1, 90, 180, 90, 1095 |
| LOG_FORMAT | ``json`` (one JSON object per line) or ``text`` | ``text`` in DEBUG, else ``json`` |
| LOG_LEVEL | the root logger's level | ``INFO`` |
| ADMINS | who gets a mail for every server error (scrubbed of request bodies, ID and mobile numbers): ``Name <a@b>, c@d`` | nobody |
| SERVER_EMAIL | the sender of those mails | DEFAULT_FROM_EMAIL |
| SENTRY_DSN, SENTRY_ENVIRONMENT | send errors to an error-tracking service (Sentry protocol), scrubbed the same way | unset: none |
| TOUYAN_PDF_FONT | a CJK font file (``path`` or ``path#n`` for a face in a collection) embedded in generated PDFs; empty = none (readers supply the font) | searched in the usual places |
| CERTIFICATE_SIGNING_KEY_DIR | the folder holding the Ed25519 key that signs the digital credentials of certificates (created on first use, mode 0700, the key file 0600) and the public keys of retired keys; kept in backups (see docs/certificates.md) | ``$TOUYAN_DATA_DIR/certificate-keys`` |
| CERTIFICATE_PUBLIC_URL | the public address that certificate QR codes, verification links and credential ids point at (the public name of deploy/nginx) | TOUYAN_SITE_URL |
"""

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def parse_admins(value: str) -> list[tuple[str, str]]:
    """``"Name <a@b>, c@d"`` → ``[("Name", "a@b"), ("c@d", "c@d")]``."""
    admins = []
    for item in value.split(","):
        name, _, address = item.strip().rpartition("<")
        address = address.rstrip(">").strip()
        if address:
            admins.append((name.strip() or address, address))
    return admins


def _default_data_dir() -> Path:
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").exists():
        return checkout / "var"
    return Path.home() / ".local" / "share" / "touyan"


DATA_DIR = Path(os.environ.get("TOUYAN_DATA_DIR") or _default_data_dir())

DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-touyan-development-key-change-me"
# A single key is taken whole (it may hold a comma); the list is split on commas.
PERSONAL_DATA_KEYS = env_list("PERSONAL_DATA_KEYS") or (
    [os.environ["PERSONAL_DATA_KEY"]] if os.environ.get("PERSONAL_DATA_KEY") else []
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "touyan.audit.sysadmin_app.SysadminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "ninja",
    # Only for its static files: the built ProseMirror editor (publishing's post editor).
    "django_prose_editor",
    "touyan.core",
    "touyan.audit",
    "touyan.regions",
    "touyan.holidays",
    "touyan.accounts",
    "touyan.people",
    "touyan.demo",
    "touyan.allocation",
    "touyan.policies",
    "touyan.programmes",
    "touyan.studios",
    "touyan.assessment",
    "touyan.training",
    "touyan.certificates",
    "touyan.records",
    "touyan.compliance",
    "touyan.funding",
    "touyan.diagnosis",
    "touyan.library",
    "touyan.publishing",
    "touyan.community",
    "touyan.notifications",
    "django_q",
    "touyan.jobs",
    "touyan.backups",
    "touyan.selection",
    "touyan.api",
]

MIDDLEWARE = [
    # First: /livez and /healthz are answered before the host check and the HTTPS redirect.
    "touyan.core.health.HealthMiddleware",
    # A request id on every log line and on the response (X-Request-ID).
    "touyan.core.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "touyan.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "touyan.core.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known: their own write refreshes their 待办 (core/inbox.py).
    "touyan.core.inbox.OwnWorkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "touyan.urls"
WSGI_APPLICATION = "touyan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "touyan.core.context_processors.page_context",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'touyan.sqlite3'}",
        # Each web worker keeps its connection between requests (and checks it before reuse):
        # opening one per request costs a PostgreSQL server process a fork and an
        # authentication.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while an import writes; IMMEDIATE avoids lock upgrades.
    # A background job writes in one transaction (a batch of district forms takes seconds):
    # a request waits for it rather than failing after SQLite's default five seconds.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0"
):
    # Parameters bound by the server let psycopg prepare a statement the second time a
    # connection runs it: PostgreSQL then parses and plans each of the pages' queries once per
    # connection (kept for CONN_MAX_AGE) instead of on every request. A pooler in transaction
    # mode that does not track prepared statements (PgBouncer before 1.21, or without
    # max_prepared_statements) needs DATABASE_PREPARED_STATEMENTS=0.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 1,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process, so that an invalidation reaches them all: the database's
# table ``touyan_cache`` (created by core's migration 0002), or Redis.
CACHE_URL = os.environ.get("CACHE_URL", "db://")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL == "db://":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "touyan_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
else:
    raise ValueError(f"CACHE_URL must be db:// or redis://…, not {CACHE_URL!r}")
# Keeps nothing: the parts of a page read inside a transaction that changed them (core/kept.py).
CACHES["none"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The number of reverse proxies in front of Touyan that are trusted to append the client's
# address to X-Forwarded-For (touyan.core.addresses.client_address reads it; 0 = none).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# Failed logins are counted per (username, address): an attacker elsewhere cannot lock a
# victim out, and the victim's own address is only slowed after its own failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_CLIENT_IP_CALLABLE = "touyan.core.addresses.client_address"
# And per address across all accounts (password spraying), generously, because a whole school
# office may share one address: LOGIN_ADDRESS_BURST failed sign-ins pass at once, then one more
# every LOGIN_ADDRESS_INTERVAL seconds; beyond that the address is asked to wait (never locked).
LOGIN_ADDRESS_BURST = int(os.environ.get("LOGIN_ADDRESS_BURST", "50"))
LOGIN_ADDRESS_INTERVAL = int(os.environ.get("LOGIN_ADDRESS_INTERVAL", "30"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "touyan_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or DATA_DIR / "media")
if not os.environ.get("STATIC_ROOT"):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploads go to MEDIA_ROOT, or to an S3-compatible bucket when S3_BUCKET is set; every file is
# read and written through the storage API, never by a path.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not S3_BUCKET
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    },
    # Hashed names (cached for a year) and gzip/brotli copies, made by `collectstatic` (`make
    # setup` runs it). Tests swap in the plain storage and read the sources through the finders.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
ROSTER_MAX_UPLOAD_BYTES = int(os.environ.get("ROSTER_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# Per upload kind (touyan/core/uploads.py): the largest file, and the largest request body
# (several files at once); a larger body is refused before it is read.
UPLOAD_LIMITS = {
    "roster": {"file": ROSTER_MAX_UPLOAD_BYTES, "body": ROSTER_MAX_UPLOAD_BYTES},
    "records": {"file": ROSTER_MAX_UPLOAD_BYTES, "body": ROSTER_MAX_UPLOAD_BYTES},
    "activity": {"file": 20 * 1024 * 1024, "body": 100 * 1024 * 1024},
    "evidence": {"file": 20 * 1024 * 1024, "body": 100 * 1024 * 1024},
    "deliverable": {"file": 20 * 1024 * 1024, "body": 40 * 1024 * 1024},
    "seal": {"file": 5 * 1024 * 1024, "body": 6 * 1024 * 1024},
    "receipt": {"file": 10 * 1024 * 1024, "body": 12 * 1024 * 1024},
    "resource": {"file": 20 * 1024 * 1024, "body": 24 * 1024 * 1024},
    "post": {"file": 20 * 1024 * 1024, "body": 100 * 1024 * 1024},
    # An online study session's material: a reading (PDF, .docx) or a recording (.mp4).
    "study": {"file": 200 * 1024 * 1024, "body": 210 * 1024 * 1024},
}
# What an imported workbook may hold, checked before and while it is parsed.
SPREADSHEET_LIMITS = {
    "roster": {"unpacked": 100 * 1024 * 1024, "rows": 200_000, "cells": 4_000_000},
    "records": {"unpacked": 100 * 1024 * 1024, "rows": 200_000, "cells": 4_000_000},
}
UPLOAD_ZIP_MAX_ENTRIES = 2000

# The online community (docs/community.md): a post containing one of these words (a comma-
# separated list, matched case-insensitively anywhere in the title or text) is held for the
# host's (or the centre's) review instead of being shown.
COMMUNITY_WATCHED_WORDS = env_list("COMMUNITY_WATCHED_WORDS")

# Security headers; the production values apply whenever DEBUG is off.
# Content-Security-Policy: scripts, styles, images and requests from this site only; no inline
# script, event handler, <style> or style attribute anywhere (the Django admin needs none).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "touyan@localhost")
TOUYAN_SITE_URL = os.environ.get("TOUYAN_SITE_URL") or "http://127.0.0.1:8000"
# Certificates (结业证书): the signing key's folder and the public address their links carry.
CERTIFICATE_SIGNING_KEY_DIR = Path(
    os.environ.get("CERTIFICATE_SIGNING_KEY_DIR") or DATA_DIR / "certificate-keys"
)
CERTIFICATE_PUBLIC_URL = (os.environ.get("CERTIFICATE_PUBLIC_URL") or TOUYAN_SITE_URL).rstrip("/")
TOUYAN_PDF_FONT = os.environ.get("TOUYAN_PDF_FONT")
TOUYAN_BACKGROUND_JOBS = os.environ.get("TOUYAN_BACKGROUND_JOBS", "queue")

# The task queue (touyan/jobs, django-q2): the database is the broker unless QUEUE_URL names
# Redis. A delivery not acknowledged within ``retry`` seconds (its worker died) is delivered
# again; the job's lease is the timeout, shorter, so the next delivery may take it.
QUEUE_URL = os.environ.get("QUEUE_URL", "")
JOB_LEASE_SECONDS = int(os.environ.get("QUEUE_TIMEOUT", "1800"))
JOB_RETRY_BACKOFF = int(os.environ.get("QUEUE_RETRY_BACKOFF", "30"))
JOB_WAIT_ALERT_SECONDS = int(os.environ.get("QUEUE_WAIT_ALERT", "600"))
JOB_HEARTBEAT_ALERT_SECONDS = int(os.environ.get("QUEUE_HEARTBEAT_ALERT", "180"))
TOUYAN_JOB_MODULES = env_list("TOUYAN_JOB_MODULES")
# An import with more rows than this is confirmed by a job; the preview page shows its progress.
IMPORT_QUEUE_ROWS = int(os.environ.get("IMPORT_QUEUE_ROWS", "300"))
Q_CLUSTER = {
    "name": "touyan",
    "workers": int(os.environ.get("QUEUE_WORKERS", "0")) or None,
    "timeout": JOB_LEASE_SECONDS,
    "retry": JOB_LEASE_SECONDS + max(2, JOB_LEASE_SECONDS // 10),
    "max_attempts": 10,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 500,
    "label": "任务队列",
}
if QUEUE_URL.startswith("redis"):
    Q_CLUSTER["redis"] = QUEUE_URL
else:
    Q_CLUSTER["orm"] = "default"

# How long each kind of data is kept, in days (touyan/core/retention.py has the defaults and
# the reasons; its system check refuses a value that is no number, or an audit period under
# 180 days).
RETENTION = {
    kind: os.environ[f"RETENTION_{kind.upper()}_DAYS"]
    for kind in ("uploads", "objectors", "notifications", "login_attempts", "audit")
    if os.environ.get(f"RETENTION_{kind.upper()}_DAYS")
}

# Logs: JSON lines (one object per line, with the request id and the user id) unless DEBUG;
# every handler masks ID and mobile numbers. Errors go to ADMINS by mail, scrubbed first.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("text" if DEBUG else "json")
ADMINS = parse_admins(os.environ.get("ADMINS", ""))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
DEFAULT_EXCEPTION_REPORTER = "touyan.core.error_reports.ScrubbedExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "touyan.core.error_reports.ScrubbingReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_personal_data": {"()": "touyan.core.logging.MaskPersonalData"},
        "request_context": {"()": "touyan.core.logging.RequestContext"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "touyan.core.logging.MaskedJsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {
            "()": "touyan.core.logging.MaskedTextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s u%(user_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context", "mask_personal_data"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_context", "mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Font subsetting logs every glyph it keeps at INFO.
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# An error-tracking service (Sentry or compatible), only when a DSN is given: no personal data
# sent, events scrubbed like the error mail (touyan/core/error_tracking.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from touyan.core.error_tracking import start_error_tracking

    start_error_tracking(SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", ""))
