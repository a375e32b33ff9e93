"""Settings for Coaching Circles, read from the environment with safe local defaults.

Every value that differs between a laptop and production comes from an environment variable;
a malformed value stops the process at start-up instead of misbehaving later.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ

from circles.ops.logs import logging_config
from circles.security.startup_keys import startup_keys


class _Env(environ.Env):
    # `mailfile://`: the development mailbox (circles/notify/mailbox.py), one file per email.
    EMAIL_SCHEMES = {**environ.Env.EMAIL_SCHEMES, "mailfile": "circles.notify.mailbox.EmailBackend"}


env = _Env()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env.str("CIRCLES_VAR_DIR", default=str(PROJECT_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# `./dev serve` serves on PORT: links in emails point there unless SITE_URL says otherwise.
PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{PORT}")
# `circles serve`, the production app server: where it listens, its processes and threads, and
# how long one request may take before its worker is replaced.
CIRCLES_BIND = env.str("CIRCLES_BIND", default=f"0.0.0.0:{PORT}")
CIRCLES_WEB_WORKERS = env.int("CIRCLES_WEB_WORKERS", default=2)
CIRCLES_WEB_THREADS = env.int("CIRCLES_WEB_THREADS", default=4)
CIRCLES_WEB_TIMEOUT = env.int("CIRCLES_WEB_TIMEOUT", default=60)
# `/readyz` answers 503 when no task worker has run the sweep's heartbeat for this long (the
# sweep asks for one every round, so keep it above the sweep's interval).
CIRCLES_READY_WORKER_SECONDS = env.int("CIRCLES_READY_WORKER_SECONDS", default=300)
# The web benchmark's constant view (`/bench/constant`), served only while benchmarking.
CIRCLES_BENCH_CONSTANT_VIEW = env.bool("CIRCLES_BENCH_CONSTANT_VIEW", default=False)

INSTALLED_APPS = [
    "circles.admin_site.CirclesAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's widget templates, so that templates/django/forms/ can adapt them (bidi isolation).
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "circles.accounts",
    "circles.orgs",
    "circles.groups",
    "circles.meetings",
    "circles.growth",
    "circles.formation",
    "circles.enrolment",
    "circles.feedback",
    "circles.insights",
    "circles.library",
    "circles.onboarding",
    "circles.networks",
    "circles.training",
    "django_tasks",
    "django_tasks_db",
    "circles.notify",
    "circles.provisioning",
    "circles.ops",
    "circles.audit",
    "circles.security",
    # The REST API (django-ninja: its docs page and static files) and its tokens.
    "ninja",
    "circles.api",
    "circles.webhooks",
    "circles.languages",
    "statici18n",
]

MIDDLEWARE = [
    # First: every line logged while answering names the request.
    "circles.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files keep their own caching and carry none of these headers.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "circles.ops.headers.NoStoreMiddleware",
    "circles.ops.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the cookie set by the language switch, else of the browser.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "circles.accounts.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "circles.orgs.middleware.PersonMiddleware",
    # A signed-in person's own language, else their organisation's, over the browser's.
    "circles.languages.middleware.PersonLanguageMiddleware",
    "circles.accounts.two_factor.middleware.TwoFactorMiddleware",
    # Who is acting, for the audit log: the signed-in person and their address.
    "circles.audit.context.AuditActorMiddleware",
    "circles.accounts.submissions.SubmitOnceMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the sign-in page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "circles.urls"
WSGI_APPLICATION = "circles.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE and LANGUAGE_BIDI: the page's lang and dir.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # `|usertext`: how every template shows what people wrote (escaped, linked, wrapped).
            # `{% translate %}` and the locale's dates and numbers (`|local_date`) everywhere.
            "builtins": [
                "circles.lib.usertext",
                "django.templatetags.i18n",
                "circles.languages.templatetags.local",
            ],
        },
    },
]

# Form widgets render through the template engine, so templates/django/forms/ overrides apply.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'circles.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while a writer commits; IMMEDIATE transactions plus a busy
    # timeout make concurrent writers (web + task worker) wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Behind a pooler that hands out a server connection per transaction (PgBouncer's
    # transaction mode): no cursor may outlive its transaction, and the pooler keeps the
    # connections, so Django closes its own after each request.
    CIRCLES_DB_TRANSACTION_POOLER = env.bool("CIRCLES_DB_TRANSACTION_POOLER", default=False)
    DATABASES["default"].setdefault(
        "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if CIRCLES_DB_TRANSACTION_POOLER else 60)
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = CIRCLES_DB_TRANSACTION_POOLER

# Each process keeps small, slowly changing reads for a short while (the department and
# location menus) and counts API requests per token; nothing correct behaviour depends on
# lives in it. A shared cache (Redis, or a database table) makes the API rate limit count
# across processes.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a password sign-in while its address is locked out (it signs nobody in).
    "circles.accounts.lockout.LockoutBackend",
    "circles.accounts.backends.EmailBackend",
    # Answers only single sign-on callbacks, and only once single sign-on is configured below.
    "circles.accounts.oidc.SignOnBackend",
]
# Links to set a password: an invitation stays valid for this many days, a reset link for
# this many hours. Both are single-use (Django's token changes with the password).
CIRCLES_INVITATION_DAYS = env.int("CIRCLES_INVITATION_DAYS", default=14)
CIRCLES_PASSWORD_RESET_HOURS = env.int("CIRCLES_PASSWORD_RESET_HOURS", default=2)
PASSWORD_RESET_TIMEOUT = max(CIRCLES_INVITATION_DAYS * 86400, CIRCLES_PASSWORD_RESET_HOURS * 3600)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Single sign-on (OpenID Connect). Setting the issuer and the client switches it on; the
# provider's endpoints and signing keys are discovered from the issuer at the first sign-on.
CIRCLES_OIDC_ISSUER = env.str("CIRCLES_OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("CIRCLES_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("CIRCLES_OIDC_CLIENT_SECRET", default="")
# Addresses outside these domains are refused at sign-on; empty allows any domain.
CIRCLES_OIDC_EMAIL_DOMAINS = [
    domain.strip().lstrip("@").lower()
    for domain in env.list("CIRCLES_OIDC_EMAIL_DOMAINS", default=[])
    if domain.strip()
]
if bool(CIRCLES_OIDC_ISSUER) != bool(OIDC_RP_CLIENT_ID):
    raise environ.ImproperlyConfigured(
        "Single sign-on needs both CIRCLES_OIDC_ISSUER and CIRCLES_OIDC_CLIENT_ID."
    )
if CIRCLES_OIDC_ISSUER and not CIRCLES_OIDC_ISSUER.startswith(
    ("https://", "http://127.0.0.1", "http://localhost")
):
    raise environ.ImproperlyConfigured("CIRCLES_OIDC_ISSUER must be an https:// address.")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TOKEN_USE_BASIC_AUTH = True
OIDC_TIMEOUT = 10
# Sign-in throttling (django-axes): this many wrong passwords for one address from one client
# lock that pair out for the cool-off; a correct password is refused meanwhile. Addresses are
# compared lower-cased, as the sign-in backend compares them.
CIRCLES_SIGNIN_FAILURES = env.int("CIRCLES_SIGNIN_FAILURES", default=5)
CIRCLES_SIGNIN_COOLOFF_MINUTES = env.int("CIRCLES_SIGNIN_COOLOFF_MINUTES", default=15)
if CIRCLES_SIGNIN_FAILURES < 1 or CIRCLES_SIGNIN_COOLOFF_MINUTES < 1:
    raise environ.ImproperlyConfigured(
        "CIRCLES_SIGNIN_FAILURES and CIRCLES_SIGNIN_COOLOFF_MINUTES must be at least 1."
    )
AXES_FAILURE_LIMIT = CIRCLES_SIGNIN_FAILURES
AXES_COOLOFF_TIME = dt.timedelta(minutes=CIRCLES_SIGNIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "circles.accounts.lockout.attempted_email"
AXES_WHITELIST_CALLABLE = "circles.accounts.lockout.not_a_password_sign_in"
AXES_LOCKOUT_CALLABLE = "circles.accounts.lockout.locked_out_page"
# Tries during a lock-out do not extend it, so "try again in N minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# Only failures are kept (and only for the cool-off), not a log of every sign-in.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Two-factor sign-in (django-otp): the name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = "Coaching Circles"
# Operators see and delete devices in /admin/ (a lost phone), never their secrets or codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions end after this many minutes without a request, and in any case this many days
# after signing in; "sign out everywhere" ends every other session of a login at once.
CIRCLES_SESSION_IDLE_MINUTES = env.int("CIRCLES_SESSION_IDLE_MINUTES", default=8 * 60)
CIRCLES_SESSION_MAX_DAYS = env.int("CIRCLES_SESSION_MAX_DAYS", default=14)
if CIRCLES_SESSION_IDLE_MINUTES < 1 or CIRCLES_SESSION_MAX_DAYS < 1:
    raise environ.ImproperlyConfigured(
        "CIRCLES_SESSION_IDLE_MINUTES and CIRCLES_SESSION_MAX_DAYS must be at least 1."
    )
SESSION_COOKIE_AGE = CIRCLES_SESSION_IDLE_MINUTES * 60
# Not on every request: SessionLimitsMiddleware saves a session at most once in this many
# seconds, which moves its expiry on (a database write per page view otherwise).
SESSION_SAVE_EVERY_REQUEST = False
CIRCLES_SESSION_REFRESH_SECONDS = 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The languages the product speaks, each with a complete catalogue in src/circles/locale/.
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The scripts' catalogues (`./dev messages` writes them): static/jsi18n/<language>/djangojs.js.
STATICI18N_ROOT = BASE_DIR / "static"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside DEBUG, static files are served from STATIC_ROOT as `circles collectstatic` left them:
# names carry a hash of the content (so browsers keep them for a year) and gzip and Brotli
# copies sit beside them. With DEBUG they come straight from the source folders.
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
WHITENOISE_USE_FINDERS = DEBUG

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coaching Circles <circles@localhost>")

# Background tasks (reminders, email) live in the database: no broker, any number of workers.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Reminders: how long before a meeting, how many days before a commitment is due, and how many
# days after a commitment is closed the learning-transfer check is asked.
CIRCLES_MEETING_REMINDER_HOURS = env.int("CIRCLES_MEETING_REMINDER_HOURS", default=24)
CIRCLES_COMMITMENT_DUE_SOON_DAYS = env.int("CIRCLES_COMMITMENT_DUE_SOON_DAYS", default=2)
CIRCLES_TRANSFER_CHECK_DAYS = env.int("CIRCLES_TRANSFER_CHECK_DAYS", default=28)
# A programme with more members than this has its dashboard figures computed by the task worker
# and stored; they are refreshed when older than the age below (insights/snapshots.py).
CIRCLES_DASHBOARD_LIVE_MEMBERS = env.int("CIRCLES_DASHBOARD_LIVE_MEMBERS", default=300)
CIRCLES_DASHBOARD_MAX_AGE_MINUTES = env.int("CIRCLES_DASHBOARD_MAX_AGE_MINUTES", default=15)
# People invited to enrol who have not answered get one reminder this many days later.
CIRCLES_ENROLMENT_REMINDER_DAYS = env.int("CIRCLES_ENROLMENT_REMINDER_DAYS", default=4)
# A worker that claimed a reminder and died is replaced after this many seconds.
CIRCLES_REMINDER_LEASE_SECONDS = env.int("CIRCLES_REMINDER_LEASE_SECONDS", default=300)

# Django's SECRET_KEY, and the keys for confidential text at rest: the first data key encrypts,
# all of them decrypt, which is how keys are rotated (`circles rotate_keys`). Outside development
# a process without both refuses to start; DEBUG=true, or CIRCLES_DEVELOPMENT_KEYS=true (which
# `./dev` sets for the checkout's own database, also with DEBUG off), uses keys made for the
# checkout.
CIRCLES_DEVELOPMENT_KEYS = env.bool("CIRCLES_DEVELOPMENT_KEYS", default=False)
SECRET_KEY, CIRCLES_DATA_KEYS = startup_keys(
    secret_key=env.str("SECRET_KEY", default=""),
    data_keys=env.list("CIRCLES_DATA_KEYS", default=[]),
    development=DEBUG or CIRCLES_DEVELOPMENT_KEYS,
    var_dir=VAR_DIR,
)

# Cadence adherence: a meeting held within this many days of its planned date is on rhythm.
CIRCLES_CADENCE_TOLERANCE_DAYS = env.int("CIRCLES_CADENCE_TOLERANCE_DAYS", default=3)

# The audit log keeps events this many days; `circles purge_audit` (and the sweep) delete older.
CIRCLES_AUDIT_RETENTION_DAYS = env.int("CIRCLES_AUDIT_RETENTION_DAYS", default=730)
if CIRCLES_AUDIT_RETENTION_DAYS < 1:
    raise environ.ImproperlyConfigured("CIRCLES_AUDIT_RETENTION_DAYS must be at least 1.")

# REST API: requests per token and period (django-ninja's throttling, e.g. "600/m"), counted
# in the cache (per process unless CACHES names a shared one).
CIRCLES_API_RATE = env.str("CIRCLES_API_RATE", default="600/m")
# Searches side by side when forming circles, one per core at best: 2 on a worker machine
# whose two cores are its own. The result stays reproducible for a seed and an iteration limit.
CIRCLES_FORMATION_SEARCHES = env.int("CIRCLES_FORMATION_SEARCHES", default=1)
if not 1 <= CIRCLES_FORMATION_SEARCHES <= 64:
    raise environ.ImproperlyConfigured("CIRCLES_FORMATION_SEARCHES must be between 1 and 64.")
NINJA_NUM_PROXIES = 0

# Webhooks and chat nudges post to addresses admins configure: https only, and never to this
# machine or a private network, unless these allow it (development, tests, an intranet).
CIRCLES_OUTBOUND_ALLOW_HTTP = env.bool("CIRCLES_OUTBOUND_ALLOW_HTTP", default=DEBUG)
CIRCLES_OUTBOUND_ALLOW_PRIVATE = env.bool("CIRCLES_OUTBOUND_ALLOW_PRIVATE", default=DEBUG)
# A failed webhook delivery is tried again after this many seconds, doubling each time, up to
# this many attempts in all.
CIRCLES_WEBHOOK_BACKOFF_SECONDS = env.float("CIRCLES_WEBHOOK_BACKOFF_SECONDS", default=30.0)
CIRCLES_WEBHOOK_ATTEMPTS = env.int("CIRCLES_WEBHOOK_ATTEMPTS", default=6)
if CIRCLES_WEBHOOK_ATTEMPTS < 1 or CIRCLES_WEBHOOK_BACKOFF_SECONDS < 0:
    raise environ.ImproperlyConfigured(
        "CIRCLES_WEBHOOK_ATTEMPTS must be at least 1, CIRCLES_WEBHOOK_BACKOFF_SECONDS at least 0."
    )
# Video rooms made for circles: a Jitsi Meet server (self-hosted or the public one).
CIRCLES_JITSI_BASE_URL = env.str("CIRCLES_JITSI_BASE_URL", default="https://meet.jit.si")

# People import: the largest HR export accepted (100,000 people make a CSV of about 12 MB).
CIRCLES_IMPORT_MAX_MB = env.float("CIRCLES_IMPORT_MAX_MB", default=25.0)

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS in production: redirect plain HTTP, pin HTTPS with HSTS, cookies over HTTPS only. Behind
# a proxy that terminates TLS, SECURE_PROXY_SSL_HEADER names the header it sets (for example
# X-Forwarded-Proto), or SECURE_SSL_REDIRECT=false leaves the redirect to the proxy.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 86400)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
_PROXY_SSL_HEADER = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Entering the browsers' HSTS preload list binds the whole domain for months: an explicit
# choice (SECURE_HSTS_PRELOAD=true), so the deploy check does not nag about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Scripts, styles, images and fonts come from this site only: no inline script or style
# anywhere, no framing, forms post only here (single sign-on starts with a link and redirects).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the product never uses, switched off for every page.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Log lines: plain text, or with CIRCLES_LOG_FORMAT=json one JSON object per line; either way
# each line logged while answering a request carries its request id (circles/ops/logs.py).
CIRCLES_LOG_FORMAT = env.str("CIRCLES_LOG_FORMAT", default="plain")
if CIRCLES_LOG_FORMAT not in {"plain", "json"}:
    raise environ.ImproperlyConfigured("CIRCLES_LOG_FORMAT must be plain or json.")
LOGGING = logging_config(
    json_lines=CIRCLES_LOG_FORMAT == "json", level=env.str("LOG_LEVEL", default="WARNING")
)

# Fonts for PDF exports (Noto, from npm packages that ./dev installs into node_modules).
CIRCLES_PDF_FONT_DIR = Path(
    env.str("CIRCLES_PDF_FONT_DIR", default=str(PROJECT_DIR / "node_modules"))
)
