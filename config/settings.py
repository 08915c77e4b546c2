"""Settings for Liên hiệp, read only from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from lienhiep.core.env import env_bool, env_list, env_str, refuse_private_paths_in_served_folders, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LIENHIEP_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# No default: without DEBUG a missing or weak key refuses to start (core.env.secret_key).
SECRET_KEY = secret_key(debug=DEBUG, var_dir=VAR_DIR)
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before django_tasks_db: core's `db_worker` (the same command, with a heartbeat) replaces the package's.
    "lienhiep.core",
    "django_tasks_db",
    "lienhiep.accounts",
    "lienhiep.orgs",
    "lienhiep.members",
    "lienhiep.experts",
    "lienhiep.governance",
    "lienhiep.activities",
    "lienhiep.awards",
    "lienhiep.finance",
    # Reviews stand above reporting in the import contract (decision 0014) but seed their demo before it: the demo
    # term report is issued with the dossiers' topics in its §2.2 (seed_demo follows this order).
    "lienhiep.reviews",
    # Contests likewise (decision 0016): the demo term report prints Hồng Lĩnh's prizes in its §2.3 and §2.4.
    "lienhiep.contests",
    "lienhiep.reporting",
    "lienhiep.campaigns",
]

MIDDLEWARE = [
    # First: one log line per request, its time counted from here (core.logs).
    "lienhiep.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so that static files keep their long cache and carry no page policy.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "lienhiep.core.middleware.NoStoreMiddleware",
    # Outside the session, CSRF and login checks: their refusals are logged too.
    "lienhiep.core.middleware.ClientMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lienhiep.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lienhiep.core.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, its read of the device compiled once (accounts.middleware).
    "lienhiep.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout, absolute lifetime and the second factor, before any page (accounts.middleware).
    "lienhiep.accounts.middleware.LoginStateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lienhiep.orgs.middleware.WorkingOrgMiddleware",
    # A user without a role (an expert) reaches their account, home and assignments only (orgs/grants.py).
    "lienhiep.orgs.middleware.RoleLessMiddleware",
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
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lienhiep.orgs.context_processors.working_org",
                "lienhiep.orgs.context_processors.figures_note",
            ],
            "builtins": ["lienhiep.core.templatetags.vn", "lienhiep.core.templatetags.ui"],
        },
    },
]

# Django's form templates, a select's options written in its own loop (core.forms.FormRenderer).
FORM_RENDERER = "lienhiep.core.forms.FormRenderer"

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
# A campaign opened over more units than this pre-fills their submissions in the background (a progress bar on its
# board); up to this many, in the request that opens it.
CAMPAIGN_PREFILL_INLINE = int(env_str("CAMPAIGN_PREFILL_INLINE", "50"))
# A report of a unit holding more units than this is approved in the background (its figures frozen by a task, a
# progress bar on its page); up to this many, in the request (a province's ~300: about a second).
REPORT_APPROVE_INLINE_UNITS = int(env_str("REPORT_APPROVE_INLINE_UNITS", "2000"))
# Refuse an event row whose data holds a key its table does not declare (core/redaction.py): on in tests and DEBUG.
EVENT_KEYS_CHECKED = env_bool("EVENT_KEYS_CHECKED", DEBUG)
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
    {"NAME": "lienhiep.accounts.passwords.PlatformWordsValidator"},
    {"NAME": "lienhiep.accounts.passwords.BreachedPasswordValidator"},
]
# Sessions know their account (accounts.sessions), so that they can be ended: by the user, by an administrator,
# when the account is deactivated. A login lasts at most SESSION_MAX_HOURS, and ends after SESSION_IDLE_MINUTES
# without a request (SESSION_IDLE_MINUTES_SENSITIVE for the roles that may reveal citizen ID numbers and system
# administrators).
SESSION_ENGINE = "lienhiep.accounts.sessions"
SESSION_COOKIE_AGE = int(float(env_str("SESSION_MAX_HOURS", "12")) * 3600)
SESSION_IDLE_MINUTES = int(env_str("SESSION_IDLE_MINUTES", "120"))
SESSION_IDLE_MINUTES_SENSITIVE = int(env_str("SESSION_IDLE_MINUTES_SENSITIVE", "30"))
# The second factor (django-otp): officers and system administrators must have one (accounts.policy). django-axes
# throttles wrong codes with wrong passwords; django-otp's own growing delays per device are off, so that a user
# is never refused a right code for a wait nobody told them about.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Liên hiệp")
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Password-reset e-mails an hour, to one address and from one client address.
PASSWORD_RESET_PER_ADDRESS = int(env_str("PASSWORD_RESET_PER_ADDRESS", "3"))
PASSWORD_RESET_PER_IP = int(env_str("PASSWORD_RESET_PER_IP", "10"))
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
# Failures are forgotten once the whole login succeeded, the second factor included (accounts.throttling), not
# after the password alone: wrong codes count as failures too.
AXES_RESET_ON_SUCCESS = False
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
# An optional virus scan of every upload (core/antivirus.py): clamd's socket, or its host and port. Unset, nothing
# is scanned; set, an upload clamd cannot check is refused.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
CLAMD_HOST = env_str("CLAMD_HOST", "")
CLAMD_PORT = int(env_str("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT = float(env_str("CLAMD_TIMEOUT", "30"))

# --- Backups (manage.py backup / restore: lienhiep/core/backups.py, docs/backup.md) -------------------------------
# Where the archives go: private, and outside MEDIA_ROOT (an archive must not hold the earlier ones).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
# Rotation after each backup: the last archive of each of the latest N days and of each of the latest M weeks.
BACKUP_KEEP_DAILY = int(env_str("BACKUP_KEEP_DAILY", "7"))
BACKUP_KEEP_WEEKLY = int(env_str("BACKUP_KEEP_WEEKLY", "4"))
# age public keys (age1…): when set, every archive is encrypted to them, and the server cannot read its archives.
BACKUP_AGE_RECIPIENTS = env_list("BACKUP_AGE_RECIPIENTS", [])
# The age secret key's file that `restore` decrypts with: only where one restores, never beside the archives.
BACKUP_AGE_IDENTITY_FILE = env_str("BACKUP_AGE_IDENTITY_FILE", "")
# Folder of pg_dump and pg_restore; empty: the PATH, then the newest /usr/lib/postgresql/*/bin.
PG_BIN_DIR = env_str("PG_BIN_DIR", "")

# The largest request body the site takes, in MB: the reverse proxy refuses larger ones before they reach Django
# (deploy/Caddyfile reads the same variable). At least the largest single upload (20 MB: an import, a decision's scan)
# with room for several activity photos of 10 MB in one form; tests/test_deploy.py keeps them in step.
REQUEST_BODY_MAX_MB = int(env_str("REQUEST_BODY_MAX_MB", "100"))

# Nothing private may be served: refuse to start with the database, uploads, the data folder, .env or the code
# inside a served folder (issue 11: an empty STATIC_ROOT once served /static/.env and the database), the static
# root or a folder the reverse proxy serves of itself (PROXY_SERVED_FOLDERS). `check --deploy` says it too (core.E002).
SERVED_FOLDERS = (
    {"STATIC_ROOT": STATIC_ROOT, "STATICFILES_DIRS (static)": BASE_DIR / "static"}
    | {f"STATICFILES_DIRS ({prefix})": folder for prefix, folder in VENDOR}
    | {f"PROXY_SERVED_FOLDERS ({folder})": Path(folder) for folder in env_list("PROXY_SERVED_FOLDERS", [])}
)
_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
PRIVATE_PATHS = {
    "the code": BASE_DIR,
    "the data folder (LIENHIEP_VAR_DIR)": VAR_DIR,
    "MEDIA_ROOT": MEDIA_ROOT,
    "BACKUP_DIR": BACKUP_DIR,
    "the .env file": BASE_DIR / ".env",
    # The environment file the services read (deploy/systemd: /etc/lienhiep/lienhiep.env).
    "the environment file (LIENHIEP_ENV_FILE)": Path(env_str("LIENHIEP_ENV_FILE", str(BASE_DIR / ".env"))),
} | ({"the database (SQLITE_PATH)": Path(str(DATABASES["default"]["NAME"]))} if _SQLITE else {})
refuse_private_paths_in_served_folders(served=SERVED_FOLDERS, private=PRIVATE_PATHS)

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
# The site's address as mail links to it (reminders sent by `manage.py remind`, outside any request).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

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
# The content policy of every page (django.middleware.csp): scripts, styles, fonts and images from our own origin
# only; no inline script or style attribute, no eval (htmx's allowEval is off in base.html); a script that must be
# inline carries the request's nonce (`<script nonce="{{ csp_nonce }}">`). Bootstrap draws its form controls with
# data: images. Private files are served with their own, stricter policy (core.files.serve: sandbox).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The health endpoint (/healthz) and the background worker's heartbeat (core.health).
# Seconds between two heartbeats of `manage.py db_worker`, and without one after which the worker counts as gone.
WORKER_HEARTBEAT_EVERY = int(env_str("WORKER_HEARTBEAT_EVERY", "30"))
WORKER_STALE_AFTER = int(env_str("WORKER_STALE_AFTER", "120"))
# Free space, in MB, below which the private-files volume (MEDIA_ROOT) counts as failing.
HEALTH_MIN_FREE_MB = int(env_str("HEALTH_MIN_FREE_MB", "1024"))
# /healthz answers over plain HTTP too: the proxy and the container's own check ask it from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Logs -------------------------------------------------------------------------------------
# One JSON line per request on the standard error (journald or the container's log): time, method, path without its
# query string, status, duration, user id, request id — no names, phones or ID numbers (core.logs). Errors go to the
# same log and, when ADMINS is set, by e-mail to them (Django's AdminEmailHandler).
ADMINS = [address for address in env_list("ADMINS", []) if "@" in address]
LOG_REQUESTS = env_bool("LOG_REQUESTS", True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lienhiep.core.logs.JsonFormatter"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "lienhiep.request": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        # The background work: a task that fails is logged by Django's tasks framework at ERROR.
        "django.tasks": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
    },
}
