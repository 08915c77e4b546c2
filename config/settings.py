"""Settings for Liên hiệp, read only from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from lienhiep.core.env import env_bool, env_list, env_str, refuse_private_paths_in_served_folders

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LIENHIEP_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-change-me-" + "x" * 40)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "lienhiep.core",
    "lienhiep.accounts",
    "lienhiep.orgs",
    "lienhiep.members",
    "lienhiep.governance",
    "lienhiep.activities",
    "lienhiep.awards",
    "lienhiep.finance",
    "lienhiep.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session, CSRF and login checks: their refusals are logged too.
    "lienhiep.core.middleware.ClientMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lienhiep.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lienhiep.core.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lienhiep.orgs.middleware.WorkingOrgMiddleware",
    "lienhiep.orgs.middleware.NightlyFiguresMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lienhiep.core.context_processors.navigation",
                "lienhiep.orgs.context_processors.working_org",
                "lienhiep.orgs.context_processors.figures_note",
            ],
            "builtins": ["lienhiep.core.templatetags.vn", "lienhiep.core.templatetags.ui"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite (WAL) by default; PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "lienhiep.sqlite3")),
            "OPTIONS": {
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
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks (Django's tasks framework, database backend) ------------------------
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Seconds without a heartbeat after which an import's background work counts as stopped (its worker was killed):
# the page then offers to run it again or cancel it. Longer than the longest write of an import's rows.
IMPORT_STALE_AFTER = int(env_str("IMPORT_STALE_AFTER", "120"))
# Kinds of node whose figures a page may show as the nightly `manage.py figures_nightly` computed them, once a write
# has forgotten the remembered ones (decision 0009): counting the whole country takes seconds. "none": always live.
FIGURES_NIGHTLY_KINDS = tuple(kind for kind in env_list("FIGURES_NIGHTLY_KINDS", ["national"]) if kind != "none")

# --- Personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP) ---------------------------------
# Days a unit has to carry out a data subject's request, counted from its receipt: Decree 356/2025/NĐ-CP gives
# 2 working days to answer and 15 days to complete (20 when a processor or third party must act, one extension
# of at most 15 days). The request's deadline is the 15 days; a unit that works to a shorter rule sets it here.
SUBJECT_REQUEST_DAYS = int(env_str("SUBJECT_REQUEST_DAYS", "15"))
# Hours from a breach's finding within which the authority must be notified (Law 91/2025/QH15: 72 hours).
BREACH_NOTICE_HOURS = int(env_str("BREACH_NOTICE_HOURS", "72"))

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lienhiep.accounts.backends.UsernameOrEmailBackend",
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: after repeated failures, lock the account (however its name is typed: accounts.throttling) and,
# separately, the client's address (through the proxies we trust: core.http.client_ip), for a while.
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env_str("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "lienhiep.accounts.throttling.account_key"
AXES_CLIENT_IP_CALLABLE = "lienhiep.core.http.client_ip"
# How many reverse proxies in front of the site append to X-Forwarded-For (0: none, the connection's address).
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lienhiep.core.formats"]

# --- Static and uploaded files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages from the npm registry, installed at set-up (never committed).
VENDOR: list[tuple[str, Path]] = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
STATICFILES_DIRS = [BASE_DIR / "static", *VENDOR]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
# Uploads live outside anything served publicly; they are only served through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "private")))

# Nothing private may be served: refuse to start with the database, uploads, the data folder, .env or the code
# inside a served folder (issue 11: an empty STATIC_ROOT once served /static/.env and the database).
refuse_private_paths_in_served_folders(
    served={"STATIC_ROOT": STATIC_ROOT, "STATICFILES_DIRS (static)": BASE_DIR / "static"}
    | {f"STATICFILES_DIRS ({prefix})": folder for prefix, folder in VENDOR},
    private={
        "the code": BASE_DIR,
        "the data folder (LIENHIEP_VAR_DIR)": VAR_DIR,
        "MEDIA_ROOT": MEDIA_ROOT,
        "the .env file": BASE_DIR / ".env",
    }
    | ({"the database (SQLITE_PATH)": Path(DATABASES["default"]["NAME"])} if not DATABASE_URL else {}),
)

# --- E-mail ------------------------------------------------------------------------------------
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_SMTP_OPTIONS = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": int(env_str("EMAIL_PORT", "25")),
    "username": env_str("EMAIL_HOST_USER", ""),
    "password": env_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Liên hiệp <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
