"""Settings for the Local Offer platform.

Every deploy-dependent value comes from the environment, with a default that lets
`make demo` run with nothing set. `config/production.py` hardens these for a server.
The README lists every variable.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-development-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SQLITE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", SQLITE_URL), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # BEGIN IMMEDIATE: a transaction takes SQLite's write lock when it starts, so a second person saving
    # the same budget waits for the first and then gets the version-conflict message, never
    # "database is locked" (which deferred transactions hit when both try to upgrade their read locks).
    # WAL: readers never wait for a writer (in SQLite's default rollback journal, every commit locks readers
    # out and they sleep in the busy handler: under concurrent visitors that was most of a page's time).
    # synchronous=NORMAL is the setting SQLite documents for WAL: a commit is durable against a crash of
    # the application, and at worst the last transactions roll back after a power cut.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Empty: the directory is searched through the database backend.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "localoffer")
# Seconds a search request may take before the page falls back to the database backend.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))

# Postcode lookup: "offline" (shipped files + imported ONSPD) or "postcodes.io" (with offline fallback).
POSTCODE_LOOKUP = os.environ.get("POSTCODE_LOOKUP", "offline")

# Ofsted's public page for a childcare provider's inspection reports, by its URN.
OFSTED_REPORT_URL = "https://reports.ofsted.gov.uk/provider/16/{urn}"
# The largest Ofsted register file an editor may upload (the national CSV is about 20 MB).
OFSTED_MAX_UPLOAD_BYTES = 40 * 1024 * 1024

INSTALLED_APPS = [
    "accounts",
    "places",
    "localoffer",
    "budgets",
    "search",
    "shortlist",
    "problems",
    "ofsted",
    "providers",
    "insight",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.csp.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "accounts.ratelimits.PathRateLimitMiddleware",
    "accounts.middleware.SecurityEventsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "localoffer.context_processors.site_chrome",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Built by `make assets` from npm's govuk-frontend and frontend/ (not committed).
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Receipts and other private evidence: outside the web root, served only by permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Local Offer <no-reply@localoffer.example>")

# Background tasks (django-tasks, database queue). The worker: `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# One cache shared by every process: rate limits and lockouts must count across all gunicorn workers
# and servers. Redis when REDIS_URL (or CACHE_URL) names one; otherwise a database table, created by
# `manage.py migrate` (accounts' post-migrate hook), so `make demo` needs nothing else.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")


def cache_settings(redis_url: str, table: str, key_prefix: str = "", max_entries: int = 300) -> dict:
    if redis_url:
        # Redis evicts by its own maxmemory policy (docs/operations.md); MAX_ENTRIES is the table's.
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": key_prefix,
        }
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": table,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "")
CACHES = {
    # Rate limits, lockouts, the content version, postcode look-ups, import progress: small, and never
    # culled to make room for pages.
    "default": cache_settings(
        REDIS_URL, os.environ.get("CACHE_TABLE", "localoffer_cache"), CACHE_KEY_PREFIX, max_entries=100_000
    ),
    # Whole anonymous pages and directory results (localoffer.caching): many, large and cheap to make
    # again, so in a room of their own. In one cache, the database table's cull (a third of the table
    # once it held 300 entries) threw out rate-limit counters whenever visitors read enough pages.
    "pages": cache_settings(
        REDIS_URL,
        os.environ.get("PAGE_CACHE_TABLE", "localoffer_page_cache"),
        f"{CACHE_KEY_PREFIX}pages",
        max_entries=int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "5000")),
    ),
}

# The council's reverse proxies (addresses or networks, comma-separated). Only a request from one of
# these may name the client in X-Forwarded-For (or TRUSTED_CLIENT_IP_HEADER); every rate limit and the
# security log use that address (accounts.network.client_ip). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# A header the proxy sets to the client's address instead of X-Forwarded-For (e.g. X-Real-IP).
TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER", "")

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 4)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/budgets/"

# Accounts (django-allauth): email only, verified before use, no enumeration, rate-limited.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Local Offer] "
FEEDBACK_LIMIT_PER_HOUR = int(os.environ.get("FEEDBACK_LIMIT_PER_HOUR", "5"))
# allauth's limiter counts every limit in the shared cache, per client address (accounts.network) or per
# key; the last three are this site's own, used by accounts.ratelimits.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "3/h/user",
    "reauthenticate": "10/m/user",
    "feedback": f"{FEEDBACK_LIMIT_PER_HOUR}/h/key",
    "search": os.environ.get("SEARCH_RATE_LIMIT", "120/m/ip"),
    "api": os.environ.get("API_RATE_LIMIT", "300/m/ip"),
    "shortlist_email": os.environ.get("SHORTLIST_EMAIL_RATE_LIMIT", "5/h/key"),
    "problem_report": os.environ.get("PROBLEM_REPORT_RATE_LIMIT", "10/h/key"),
}
# Paths limited on every request, GET included (accounts.ratelimits.PathRateLimitMiddleware).
RATE_LIMITED_PATHS = {"/services/": "search", "/search/": "search", "/api/oruk/": "api"}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Camden SEND Local Offer")
MFA_RECOVERY_CODE_COUNT = 10

# Personal budgets
BUDGET_RETENTION_YEARS = int(os.environ.get("BUDGET_RETENTION_YEARS", "7"))
BUDGET_EVIDENCE_MAX_BYTES = int(os.environ.get("BUDGET_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
BUDGET_INVITATION_DAYS = int(os.environ.get("BUDGET_INVITATION_DAYS", "14"))
# Bank statement uploads (CSV/OFX) larger than this are refused before they are read.
BUDGET_IMPORT_MAX_BYTES = int(os.environ.get("BUDGET_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# Council staff (accounts.staff.is_council_staff) must have passed their second factor in this session
# before any page under these paths answers (accounts.middleware).
STAFF_MFA_PROTECTED_PREFIXES = ["/admin/", "/django-admin/", "/budgets/", "/documents/"]

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Camden SEND Local Offer")
# One way in: Wagtail's own login and password-reset forms are closed (config/urls.py) and every
# sign-in goes through allauth, with its lockout, verified email and second factor.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No avatars fetched from another site: the Content-Security-Policy allows images from this one only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The dashboard's "new version" check calls releases.wagtail.org from staff browsers; the policy refuses
# connections elsewhere, and upgrades come through requirements.txt anyway.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_I18N_ENABLED = False

# Headers. Content-Security-Policy (django-csp): no script but this site's files and GOV.UK Frontend's
# one-line `js-enabled` snippet in templates/base.html, allowed by its hash rather than a per-request
# nonce, so a page served from the anonymous page cache (and its ETag) is the same for every visitor;
# tests/accounts/test_headers.py fails if the snippet changes without its hash. accounts.csp loosens
# scripts and styles under /admin/ for Wagtail.
GOVUK_JS_ENABLED_SNIPPET_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", GOVUK_JS_ENABLED_SNIPPET_HASH],
        "style-src": ["'self'"],
        # The spending chart sizes itself with style attributes; no <style> element is allowed.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
CSP_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
# Where a successful POST is a staff change, written to the security log (accounts.middleware).
STAFF_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
CSP_ADMIN_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "style-src-attr": None,
}
# Features no page here uses are switched off (django-permissions-policy).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "usb": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json_line": {"()": "accounts.security_log.JSONLineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # The security log: one JSON object per line, on stderr unless SECURITY_LOG_FILE names a file.
        "security": {"class": "logging.StreamHandler", "formatter": "json_line"}
        if not os.environ.get("SECURITY_LOG_FILE")
        else {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": os.environ.get("SECURITY_LOG_FILE", ""),
            "formatter": "json_line",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "search": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        "security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}


# ---------------------------------------------------------------------------------------------------
# Scale-out: object storage and the anonymous page cache. Kept in one block so it reads on its own.
# ---------------------------------------------------------------------------------------------------

# Uploads on S3-compatible object storage when a bucket is named, so that every app server behind a
# load balancer sees the same files; otherwise the file system (MEDIA_ROOT, PRIVATE_MEDIA_ROOT).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as _BotoConfig

    _S3_CONNECTION = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL", "") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID", "") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", "") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME", "") or None,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,
        # Checksums only where S3 requires them: boto3's newer default headers are refused by many
        # S3-compatible servers (Ceph, S3Proxy, some managed stores).
        "client_config": _BotoConfig(
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }
    # Images and documents editors publish. Whether the bucket is readable by the public (or fronted by
    # a CDN) is the council's bucket policy; set AWS_QUERYSTRING_AUTH=1 to sign every link instead.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_CONNECTION,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "location": os.environ.get("AWS_MEDIA_LOCATION", "media"),
            "default_acl": os.environ.get("AWS_DEFAULT_ACL", "") or None,
            "querystring_auth": env_flag("AWS_QUERYSTRING_AUTH", default=False),
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN", "") or None,
        },
    }
    # Families' receipts: a private bucket (or a private prefix of the same bucket), objects written
    # private, any URL signed and short-lived. The site streams them through the permission-checked view.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_CONNECTION,
            "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME", "") or AWS_STORAGE_BUCKET_NAME,
            "location": os.environ.get("AWS_PRIVATE_LOCATION", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("AWS_PRIVATE_URL_SECONDS", "60")),
        },
    }
    # Documents go through Wagtail's view (collection privacy is checked), not a redirect to the bucket.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
else:
    STORAGES["private"] = {"BACKEND": "budgets.storage.PrivateFileSystemStorage"}

# Anonymous pages (home, information, service pages, directory results) are kept in the shared cache
# until the next publish; this many seconds at most, in case a change arrives by another path.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Directory query results, in the shared cache, until the next publish.
SEARCH_RESULTS_CACHE_SECONDS = int(os.environ.get("SEARCH_RESULTS_CACHE_SECONDS", "600"))
MIDDLEWARE = [*MIDDLEWARE, "localoffer.caching.AnonymousPageCacheMiddleware"]
# A database restart (failover, upgrade) must cost a few failed requests, not every persistent
# connection's next request: check a reused connection before the request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
