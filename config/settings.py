"""Xinke settings. Everything that differs between machines comes from the environment."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import envbool, envint, envlist, envstr, parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
TESTING = envbool("XINKE_TESTING", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"

# The key of the audit log's HMAC chain (audit/models.py). Kept outside the database, so that someone who can
# edit the database cannot recompute the chain after changing an entry. Never change it once entries exist.
AUDIT_KEY = envstr("AUDIT_KEY")
if not AUDIT_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("AUDIT_KEY must be set when DEBUG is off (docs/deploy.md)")
    AUDIT_KEY = "insecure-audit-key-only-for-debug-and-tests"

# The reverse proxy in front of the app (docs/deploy.md): how many proxies append to X-Forwarded-For ("1"), or
# their addresses and networks ("10.0.0.5,10.1.0.0/24"). Empty: the app is reached directly and the header is
# ignored (anyone could write it). Read by core.clientip for sign-in limits, sessions and the audit log.
TRUSTED_PROXIES = parse_trusted_proxies(envstr("TRUSTED_PROXIES"))

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "audit.apps.AuditedAdminConfig",  # django.contrib.admin, every change audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_celery_beat",
    "core",
    "audit",
    "outbox",
    "notifications",
    "dataimport",
    "approvals",
    "staff",
    "discipline",
    "authz",
    "leave",
    "offboarding",
    "appraisal",
    "hiring",
    "training",
    "dutyroster",
    "workcalendar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "audit.context.AuditContextMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "staff.middleware.RequiredAccountStepsMiddleware",
    "core.middleware.ConcurrentChangeMiddleware",
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
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.navigation",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# Database: an SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: the web server's threads and Celery beat share the file. WAL lets readers go on
    # while one writes; IMMEDIATE takes the write lock at BEGIN, so a transaction that reads and then writes
    # waits its turn (up to the busy timeout) instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "core.auth.PermissionBackend",  # permissions in one query; signs nobody in
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user object

# Sign-in: allauth with the employee number (工号) as the username, no self sign-up.
ACCOUNT_ADAPTER = "staff.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no "unknown account" mail to whatever address someone types
# Repeated failures lock the employee number out for a while (allauth's login_failed limit).
# Per employee number (key) and per real client address (ip: core.clientip, behind TRUSTED_PROXIES); the
# per-address limits are high because wards share terminals.
LOGIN_ATTEMPTS_LIMIT = envint("LOGIN_ATTEMPTS_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = envint("LOGIN_LOCKOUT_SECONDS", 15 * 60)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"30/m/ip,{LOGIN_ATTEMPTS_LIMIT}/{LOGIN_LOCKOUT_SECONDS}s/key",
    "login": "60/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Enrolment needs no e-mail: accounts are made by HR and IT (no self sign-up, the risk allauth guards against),
# imported people have no verified address, and hospital SMTP is often absent. Recovery codes are the fallback.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "Xinke"
# TOTP is required for admins and department heads; off by default only for the local demo.
XINKE_REQUIRE_MFA = envbool("XINKE_REQUIRE_MFA", not DEBUG)

# Sessions expire after inactivity.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
# Idle expiry without a database write on every request: core.middleware.SessionRenewalMiddleware saves the
# session (and so pushes its expiry back) at most once per SESSION_RENEW_SECONDS of activity.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
# Sessions are rows in the database, so signed-in pages never depend on Redis (docs/deploy.md).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers. Production sits behind TLS; the local demo (DEBUG) does not.
SECURE = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# Language: Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files live outside the web root and are served only by views that check access.
PROTECTED_MEDIA_ROOT = Path(envstr("PROTECTED_MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 10) * 1024 * 1024

# Limits of the authorization flows (授权审批) that the policy leaves to the hospital.
AUTHZ_EXTERNAL_ACCESS_MAX_DAYS = envint("AUTHZ_EXTERNAL_ACCESS_MAX_DAYS", 7)  # an outside technician's window
AUTHZ_PRIVILEGED_WINDOW_MAX_HOURS = envint("AUTHZ_PRIVILEGED_WINDOW_MAX_HOURS", 72)  # a privileged change's window
AUTHZ_PASSWORD_REMINDER_AFTER_HOURS = envint("AUTHZ_PASSWORD_REMINDER_AFTER_HOURS", 2)  # 当天修改初始口令
AUTHZ_ACCESS_REVIEW_WORKING_DAYS = envint("AUTHZ_ACCESS_REVIEW_WORKING_DAYS", 10)  # a quarterly review's time
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail: printed to the console unless configured.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "xinke@hospital.local")

# Background work: Redis + Celery when REDIS_URL is set, otherwise in-process.
REDIS_URL = envstr("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Tests run tasks eagerly; only tests marked "redis" talk to a real worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or TESTING
CELERY_TASK_EAGER_PROPAGATES = TESTING
# Eager mode outside tests: long work queued with enqueue(..., background=True) runs in a thread of
# the web process, so HR's page can show its progress (outbox/services.py). Tests run it inline.
OUTBOX_BACKGROUND_THREADS = not TESTING
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Fail fast when Redis is down (celery issues 4296, 4556): the outbox keeps the work.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 3,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

# The cache holds sign-in limits, used 2FA codes and menu flags. Sign-in must never depend on Redis
# being up, so a deployment with several processes (REDIS_URL set) keeps it in the database (table
# xinke_cache, created by core's migrations); a single process (the embedded default, tests) in memory.
CACHE_TABLE = "xinke_cache"


def cache_settings(*, redis_url, testing):
    """CACHES for this environment (a function so that tests can load the production configuration)."""
    if redis_url and not testing:
        return {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CACHES = cache_settings(redis_url=REDIS_URL, testing=TESTING)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # One line per finished task is noise in the embedded default, where every task runs in-process.
    "loggers": {"celery.app.trace": {"level": "WARNING"}},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    PROTECTED_MEDIA_ROOT = Path(envstr("PROTECTED_MEDIA_ROOT", "/tmp/xinke-test-uploads"))
    SECURE_SSL_REDIRECT = False
    XINKE_REQUIRE_MFA = envbool("XINKE_REQUIRE_MFA", False)  # tests that check the MFA gate turn it on
    WHITENOISE_AUTOREFRESH = True  # serve from the finders; tests run no collectstatic

# Pushes to WeCom/DingTalk robots (docs/deploy.md). Webhooks and signing secrets are encrypted at rest with these
# Fernet keys: the first encrypts, all decrypt (rotation). Empty: a key derived from SECRET_KEY.
PUSH_CHANNEL_KEYS = envlist("PUSH_CHANNEL_KEYS", [])
# The only hosts the server posts to (a webhook is an address the server fetches).
PUSH_WEBHOOK_HOSTS = envlist("PUSH_WEBHOOK_HOSTS", ["qyapi.weixin.qq.com", "oapi.dingtalk.com"])

# Absolute address of the site, for links in e-mails.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
ACCOUNT_FORMS = {"login": "staff.forms.LoginForm", "change_password": "staff.forms.ChangePasswordForm"}
