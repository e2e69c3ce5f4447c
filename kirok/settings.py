"""Django settings for Kirok: one module, everything from the environment (see kirok.config)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from kirok import config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
# LCMCR's sampler (kirok.lib.estimation.lcmcr) is compiled by numba, which takes seconds:
# cached in the data dir, it is compiled once per installation rather than once per server
# process. Whoever can write there can already read the keys beside it.
os.environ.setdefault("NUMBA_CACHE_DIR", str(DATA_DIR / "cache" / "numba"))
DEBUG = config.env_bool("KIROK_DEBUG", default=False)
DEMO = config.env_bool("KIROK_DEMO", default=False)
HTTPS = config.env_bool("KIROK_HTTPS", default=False)
ALLOWED_HOSTS = config.env_list("KIROK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = config.env_list("KIROK_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_static",
    "axes",
    "kirok.security",
    "kirok.accounts",
    "kirok.audit",
    "kirok.vocabularies",
    "kirok.records",
    "kirok.sources",
    "kirok.interop",
    "kirok.facts",
    "kirok.statistics",
    "kirok.linkage",
    "kirok.estimation",
    "kirok.search",
    "kirok.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, then Permissions-Policy and Cross-Origin-Resource-Policy.
    "csp.middleware.CSPMiddleware",
    "kirok.accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Who is acting, from where: read by the audit log's model signals.
    "kirok.audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Session not idle nor too old, two-factor enrolled and verified, one-time password
    # replaced; after the messages middleware, so that an expired session can say why.
    "kirok.accounts.middleware.SecurityGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out logins before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kirok.urls"
WSGI_APPLICATION = "kirok.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kirok.web.context_processors.kirok",
                "kirok.audit.context_processors.audit",
            ],
        },
    },
]

DATABASES = {"default": config.database_settings(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out accounts before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first: new and upgraded passwords are hashed with it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = config.env_choice("KIROK_LANGUAGE", ("ko", "en"), "ko")
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("KIROK_TIME_ZONE", "Asia/Seoul")
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise serves straight from the apps' static folders (indexed once at start-up), so
# there is no collectstatic step to forget and no STATIC_ROOT to keep in step.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "uploads"

# Two-factor authentication (django-otp): an authenticator app (TOTP) and single-use
# recovery codes, required of every account unless KIROK_REQUIRE_2FA=false (the demo).
REQUIRE_2FA = config.env_bool("KIROK_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = os.environ.get("KIROK_TOTP_ISSUER", "Kirok").strip() or "Kirok"

# Lockout (django-axes): KIROK_LOCKOUT_ATTEMPTS failed passwords or codes for one account name
# from one address lock that pair for KIROK_LOCKOUT_MINUTES, the right password included. The
# lockout runs its full time: attempts during it neither count nor extend it.
AXES_FAILURE_LIMIT = config.env_int("KIROK_LOCKOUT_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=config.env_int("KIROK_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "kirok.accounts.lockout.lockout_response"
# The same address the audit log records (X-Forwarded-For only from KIROK_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "kirok.audit.middleware.client_address"
# Failed attempts keep their form data: mask the codes as well as the passwords (a mistyped
# recovery code is nearly a good one). Successful logins are in the audit log already.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_DISABLE_ACCESS_LOG = True

# Sessions and cookies: short-lived, never readable by scripts, never sent cross-site. A
# session ends after KIROK_SESSION_IDLE_MINUTES without a request, and 12 hours after login
# whatever happens (kirok.accounts.sessions).
SESSION_IDLE_TIMEOUT = timedelta(
    minutes=config.env_int("KIROK_SESSION_IDLE_MINUTES", 30, minimum=1)
)
SESSION_MAX_AGE = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_MAX_AGE.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by kirok.accounts.middleware.SecurityHeadersMiddleware.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"
if HTTPS:
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script, style or event handler anywhere (a test greps the templates): an injected
# <script> or onerror= does not run even if escaping ever fails. The Django admin complies.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

LOG_LEVEL = config.env_choice("KIROK_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The audit log (kirok.audit): whose X-Forwarded-For to believe for the client address, and
# the thresholds at which unusual behaviour is flagged to coordinators (0 or empty: off).
AUDIT_TRUSTED_PROXIES = config.env_list("KIROK_TRUSTED_PROXIES")
AUDIT_ALERT_PERSON_VIEWS = config.env_int("KIROK_ALERT_PERSON_VIEWS", 40)
AUDIT_ALERT_WINDOW_MINUTES = config.env_int("KIROK_ALERT_WINDOW_MINUTES", 10, minimum=1)
AUDIT_ALERT_NAME_SEARCHES = config.env_int("KIROK_ALERT_NAME_SEARCHES", 20)
AUDIT_ALERT_QUIET_HOURS = config.env_hour_range("KIROK_ALERT_QUIET_HOURS", "22-6")
AUDIT_ALERT_ADDRESS_DAYS = config.env_int("KIROK_ALERT_ADDRESS_DAYS", 90)

# Documents brought in by upload or `kirok ingest` (kirok.sources.ingest): larger files and
# PDFs with more pages are refused before they are parsed.
INGEST_MAX_BYTES = config.env_int("KIROK_INGEST_MAX_BYTES", 25 * 1024 * 1024, minimum=1)
INGEST_MAX_PAGES = config.env_int("KIROK_INGEST_MAX_PAGES", 2000, minimum=1)
