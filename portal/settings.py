"""Settings for the Kennisportaal Ouderbetrokkenheid.

One settings module; everything that differs between a laptop, CI and
production comes from environment variables read by the strict helpers in
``portal.ops.env``. Without any variables set, ``DEBUG`` is off and
``SECRET_KEY`` is required: the run script sets ``DEBUG=1`` for local use.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.ops.env import database_config, env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", required=not DEBUG) or (
    "django-insecure-local-development-only-never-use-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "portal.web.views.csrf_failure"

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_prose_editor",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "portal",
    "practices",
    "meetings",
    "alerts",
    "dossiers",
    "api",
    # Member accounts (django-allauth, optional TOTP) and the closed forum.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "community",
    # After "portal": its db_worker (with the heartbeat) wraps this one's.
    "django_tasks_db",
]

MIDDLEWARE = [
    "portal.ops.logs.RequestLogMiddleware",
    "portal.web.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.web.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.web.headers.PermissionsPolicyMiddleware",
    "portal.web.headers.AdminStyleCSPMiddleware",
    "portal.web.headers.NoStoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.web.pagecache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Template tags live in the web room, not in portal/templatetags.
            "libraries": {
                "search_tags": "portal.web.templatetags.search_tags",
                "dates": "portal.web.templatetags.dates",
                "languages": "portal.web.templatetags.languages",
            },
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {"default": database_config("DATABASE_URL", VAR_DIR / "portal.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first (the source language: msgids are Dutch), English under /en/.
# No LocaleMiddleware: portal.web.language decides by the path, so a page
# always says the language it shows (issue 21).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The NL Design System CSS and the font come from the npm registry (npm ci in
# the setup scripts) and are served by Django/whitenoise: no CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/utrecht", NODE_MODULES / "@utrecht/component-library-css/dist"),
    ("vendor/noto-sans", NODE_MODULES / "@fontsource-variable/noto-sans"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads live on the local disk (MEDIA_ROOT, the default) or, with
# MEDIA_STORAGE=s3, in a private bucket of an S3-compatible object store
# (portal.files.storage). Either way every download goes through the app's
# access check at MEDIA_URL.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "local":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = {
        "BACKEND": "portal.files.storage.PrivateS3Storage",
        "OPTIONS": {
            "endpoint_url": env_str("S3_ENDPOINT_URL"),  # unset: Amazon S3 itself
            "bucket_name": env_str("S3_BUCKET", required=True),
            "access_key": env_str("S3_ACCESS_KEY_ID", required=True),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", required=True),
            "region_name": env_str("S3_REGION", "us-east-1"),
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r}: use local or s3.")

# Hashed, compressed static files in production; plain files while developing
# and testing (the manifest needs collectstatic first).
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Django 6.1 mailers. For SMTP set
# MAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the
# MAIL_HOST/MAIL_PORT/MAIL_USER/MAIL_PASSWORD/MAIL_USE_TLS variables. Mail holds
# personal data, so it is printed to the console only with DEBUG=1: without
# DEBUG, MAIL_BACKEND is required and the console backend refused. A pytest run
# (PYTEST_VERSION is set) needs none: pytest-django replaces every mailer with
# the locmem backend anyway.
MAIL_BACKEND = env_str("MAIL_BACKEND")
if MAIL_BACKEND is None:
    if DEBUG:
        MAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    elif env_str("PYTEST_VERSION"):
        MAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    else:
        raise ImproperlyConfigured(
            "MAIL_BACKEND is verplicht zonder DEBUG: stel de mailserver in, bijvoorbeeld "
            "MAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend met MAIL_HOST "
            "(en zo nodig MAIL_PORT, MAIL_USER, MAIL_PASSWORD, MAIL_USE_TLS)."
        )
if not DEBUG and MAIL_BACKEND.endswith(".console.EmailBackend"):
    raise ImproperlyConfigured(
        f"MAIL_BACKEND={MAIL_BACKEND} drukt mail (met persoonsgegevens) af op de console; "
        "dat mag alleen met DEBUG=1. Stel zonder DEBUG een echte mailserver in, "
        "bijvoorbeeld MAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend met MAIL_HOST."
    )
MAILERS = {"default": {"BACKEND": MAIL_BACKEND}}
if MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("MAIL_HOST", required=True),
        "port": env_int("MAIL_PORT", 587, minimum=1),
        "username": env_str("MAIL_USER", ""),
        "password": env_str("MAIL_PASSWORD", ""),
        "use_tls": env_bool("MAIL_USE_TLS", True),
        "timeout": env_int("MAIL_TIMEOUT", 10, minimum=1),
    }
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Kennisportaal Ouderbetrokkenheid <noreply@localhost>"
)

# Background tasks (django.tasks): mail, re-indexing, file processing. The
# tasks wait in the database (django-tasks-db, no broker) until a worker
# (`manage.py db_worker`) runs them. TASK_BACKEND=immediate runs every task at
# once in the calling process instead (no worker, no retries later on).
TASK_BACKEND = env_str("TASK_BACKEND", "database")
if TASK_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured("TASK_BACKEND moet 'database' of 'immediate' zijn.")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND],
        "QUEUES": ["default"],
    }
}

# A strict Content-Security-Policy on every response: only our own files;
# scripts need a nonce (the admin editor's import map gets one via
# {% csp_nonce_attr %}); no inline styles, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"

# Behind HTTPS in production (HTTPS=1): secure cookies, redirect, HSTS.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Staff logins: password + TOTP code (portal.web.adminsite); failed attempts per
# 15 minutes before the form refuses to check any more.
LOGIN_RATE_LIMIT_USER = env_int("LOGIN_RATE_LIMIT_USER", 10, minimum=1)
LOGIN_RATE_LIMIT_IP = env_int("LOGIN_RATE_LIMIT_IP", 30, minimum=1)
# User names are normalised (portal.core.identity): any spelling reaches one account.
AUTHENTICATION_BACKENDS = [
    "portal.core.identity.NormalisedUsernameBackend",
    # Members (community): by e-mail address only, never staff (staff log in
    # through the admin, with their second factor).
    "community.auth.MemberEmailBackend",
]
# The reverse proxies in front of the portal (IPs or CIDRs, comma-separated):
# only from them is X-Forwarded-For believed (portal.ops.ratelimit.client_ip).
# Empty: nobody is trusted and REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
OTP_TOTP_ISSUER = "Kennisportaal Ouderbetrokkenheid"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Member accounts at /account/ (django-allauth 65; community). Login by e-mail,
# the address verified before the first login, mail through portal.ops.mail.
ACCOUNT_ADAPTER = "community.adapters.MemberAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "community.signup.MemberSignupForm"
ACCOUNT_FORMS = {
    "login": "community.forms.MemberLoginForm",
    "signup": "community.forms.MemberSignupForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Kennisportaal Ouderbetrokkenheid: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "community:forum"
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = OTP_TOTP_ISSUER
# Forum: how long an author may still edit a question or answer (minutes).
FORUM_EDIT_MINUTES = env_int("FORUM_EDIT_MINUTES", 30, minimum=0)

PAGINATE_BY = env_int("PAGINATE_BY", 20, minimum=1)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Public submission form: retention of personal data, abuse limits.
SUBMISSION_RETENTION_DAYS = env_int("SUBMISSION_RETENTION_DAYS", 365, minimum=1)
# Sent and failed mails (addresses and texts) are deleted after this many days
# by the daily purge_submissions.
MAIL_RETENTION_DAYS = env_int("MAIL_RETENTION_DAYS", 90, minimum=1)
SUBMISSION_RATE_LIMIT = env_int("SUBMISSION_RATE_LIMIT", 5, minimum=1)  # per IP per hour
SUBMISSION_MIN_SECONDS = env_int("SUBMISSION_MIN_SECONDS", 3, minimum=0)
SUBMISSION_TOKEN_MAX_AGE = env_int("SUBMISSION_TOKEN_MAX_AGE", 24 * 3600, minimum=60)
# Requests larger than this are refused with 413 before Django reads them.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 12 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# One cache shared by all workers (the database), for counts. Rate-limit
# counters are not in any cache (a full cache evicts): see portal.ops.ratelimit.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # Whole pages for anonymous visitors (portal.web.pagecache), shared by all
    # workers so a page is rendered once, not once per worker.
    "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_page_cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 5000, minimum=10)},
    },
}
# Off while developing (DEBUG=1): template edits show at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 60, minimum=0)
# Revisions are restored through the workflow-aware view in portal.editorial.admin.
SIMPLE_HISTORY_REVERT_DISABLED = True
# A practice should be checked again this many days after publishing.
REVIEW_AFTER_DAYS = env_int("REVIEW_AFTER_DAYS", 730, minimum=1)

# Open data API (read-only, anonymous, JSON; schema at /api/schema/).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    # Translated (issue 21): the schema comes in the language asked for
    # (?taal=en or Accept-Language), like every answer of the API.
    "TITLE": _("Kennisportaal Ouderbetrokkenheid – open data"),
    "DESCRIPTION": _(
        "Gepubliceerde praktijkvoorbeelden, bijeenkomsten, reisverslagen, actieplannen, "
        "organisaties, regio's, themadossiers, beleidsdocumenten en gemeenten. Alleen-lezen, "
        "zonder persoonsgegevens. Licentie: CC BY 4.0. In het Engels met ?taal=en of "
        "Accept-Language: en (teksten zonder Engelse versie blijven Nederlands)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Three choice sets are all called "kind": name each after its model.
    "ENUM_NAME_OVERRIDES": {
        "NetworkKindEnum": "meetings.models.Network.Kind",
        "MeetingPointKindEnum": "meetings.models.MeetingPoint.Kind",
        "OrganisationKindEnum": "dossiers.models.Organisation.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.forbid_nul",
    ],
}

# Counts (facets, totals, figures per municipality; portal.ops.counts) are
# fresh this long (0: not cached at all); after an edit, a scheduled
# publication or that time, the previous numbers are served while a worker
# recomputes them, but never longer than COUNT_STALE_SECONDS after they went
# stale (0: never served stale): then the request computes them itself.
COUNT_CACHE_SECONDS = env_int("COUNT_CACHE_SECONDS", 60, minimum=0)
COUNT_STALE_SECONDS = env_int("COUNT_STALE_SECONDS", 30, minimum=0)
# Searches are counted for the editors (portal.search.stats) in the process
# and written at most this often (0: every search at once).
SEARCH_STATS_FLUSH_SECONDS = env_int("SEARCH_STATS_FLUSH_SECONDS", 5, minimum=0)
# /ready/ reports the background worker as late after this many seconds
# without a heartbeat (it beats every minute; a busy worker beats later).
READY_WORKER_MAX_AGE = env_int("READY_WORKER_MAX_AGE", 300, minimum=60)

# Structured logs (portal.ops.logs): JSON lines on stderr, no personal data.
# LOG_FORMAT=text gives plain lines for local use. Both are scrubbed of e-mail
# addresses and phone numbers: every handler has the "scrub" filter, and
# Django's own handlers (its console and mail_admins on "django", the
# runserver request log on "django.server") are replaced by ours.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "portal.ops.logs.ScrubFilter"}},
    "formatters": {
        "json": {"()": "portal.ops.logs.JsonFormatter"},
        "text": {
            "()": "portal.ops.logs.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["scrub"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Listed without handlers: Django's default ones (unscrubbed) are
        # removed and the records go to the root's scrubbing console.
        # (propagate is set explicitly: dictConfig keeps Django's False.)
        "django": {"level": "INFO", "filters": ["scrub"], "propagate": True},
        # portal.request logs every request; django.request would repeat 4xx.
        "django.request": {"level": "ERROR", "filters": ["scrub"], "propagate": True},
        # runserver's request lines (4xx and 5xx) quote the query string.
        "django.server": {"level": "WARNING", "filters": ["scrub"], "propagate": True},
        "portal.request": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
    },
}
