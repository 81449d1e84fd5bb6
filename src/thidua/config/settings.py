"""Settings, read from the environment (django-environ).

THIDUA_ENV selects the profile: ``development`` (the default: DEBUG on, demo allowed) or ``production``
(DEBUG off, a real SECRET_KEY required, and the server refuses to start while demo users exist).
"""

import datetime
from pathlib import Path

import environ

env = environ.Env()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("THIDUA_VAR_DIR", default=str(Path.cwd() / "var")))

THIDUA_ENV = env.str("THIDUA_ENV", default="development")
PRODUCTION = THIDUA_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="thidua-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "js_lib_htmx",
    "thidua.core",
    "thidua.accounts",
    "thidua.org",
    "thidua.campaigns",
    "thidua.indicators",
    "thidua.evaluation",
    "thidua.awards",
    "thidua.documents",
    "thidua.desk",
    "thidua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.middleware.LanguageMiddleware",
    # Request bodies: too large → 413, malformed or cut-short forms → 400; then NUL refused, other controls stripped.
    "thidua.core.middleware.RequestBodyMiddleware",
    "thidua.core.middleware.RejectNulBytesMiddleware",
    "thidua.core.middleware.CleanTextInputMiddleware",
    "thidua.core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns a login refused for too many failures into the lockout page (or the API's 429).
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves collected static files (thidua collectstatic) itself; runserver does it in development.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "thidua.config.urls"
WSGI_APPLICATION = "thidua.config.wsgi.application"

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
                "thidua.accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one connection writes. Writers queue instead of failing with "database is
    # locked": every transaction takes the write lock when it begins (IMMEDIATE, so none has to upgrade a read
    # lock midway, which SQLite refuses at once), and a connection waits up to THIDUA_SQLITE_TIMEOUT seconds for
    # the lock, longer than the longest write (a province-scale import).
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("THIDUA_SQLITE_TIMEOUT", default=60),
    })
else:
    # PostgreSQL: each server thread keeps its connection for a minute in production (checked before reuse).
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while the account or the address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["thidua.config.formats"]
# Off: years and codes must never print as "2.021". Amounts use the |intcomma filter (1.234.567 in Vietnamese).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files: under MEDIA_ROOT on this machine (THIDUA_STORAGE=filesystem), or in a bucket of an S3-compatible
# object storage (THIDUA_STORAGE=s3: AWS S3, MinIO, Ceph…) that several app servers and workers share. Files are
# private: the application serves them to those allowed (no public ACL, signed URLs only).
THIDUA_STORAGE = env.str("THIDUA_STORAGE", default="filesystem")
if THIDUA_STORAGE == "s3":
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": _s3_endpoint,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Unset keys: boto3 finds them itself (instance role, ~/.aws/credentials).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # MinIO and most self-hosted servers want path-style addresses (http://host:9000/bucket/key).
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else "") or None,
            "signature_version": "s3v4",
            "file_overwrite": False,  # a second upload named like the first gets its own name, as on disk
            "default_acl": None,
            "querystring_auth": True,
        },
    }
elif THIDUA_STORAGE != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"THIDUA_STORAGE must be filesystem or s3, not {THIDUA_STORAGE!r}.")

SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Background jobs (core.jobs): django-tasks on the database by default; TASKS_BACKEND=django_tasks_rq.RQBackend puts
# the queue on Redis (REDIS_URL) for deployments with several workers. `thidua worker` runs the matching worker.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKEND,
        "QUEUES": ["default"],
    }
}
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
#: A running job refreshes its heartbeat this often; one silent for THIDUA_JOB_STALE_SECONDS lost its worker.
THIDUA_JOB_HEARTBEAT_SECONDS = env.float("THIDUA_JOB_HEARTBEAT_SECONDS", default=10)
THIDUA_JOB_STALE_SECONDS = env.float("THIDUA_JOB_STALE_SECONDS", default=60)
#: How often a worker looks for the jobs of dead workers.
THIDUA_JOB_REAP_SECONDS = env.float("THIDUA_JOB_REAP_SECONDS", default=30)
#: Every job's time limit (a handler may declare its own); past it plus the grace, the worker process is ended.
THIDUA_JOB_TIME_LIMIT_SECONDS = env.int("THIDUA_JOB_TIME_LIMIT_SECONDS", default=600)
THIDUA_JOB_KILL_GRACE_SECONDS = env.float("THIDUA_JOB_KILL_GRACE_SECONDS", default=30)
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")
    # RQ's own timeout is a backstop behind the job's time limit (core.jobs), never before it.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": THIDUA_JOB_TIME_LIMIT_SECONDS + 120}}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thidua@localhost")

if PRODUCTION:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# --- Security: HTTPS, headers, login limits -------------------------------------------------------------------
# Production defaults pass `thidua check --deploy`. Behind a reverse proxy that terminates TLS, set
# THIDUA_BEHIND_PROXY=1 (the proxy must set X-Forwarded-Proto and X-Forwarded-For). A loopback test of the production
# settings over plain http sets THIDUA_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
# THIDUA_HSTS_SECONDS=0.
BEHIND_PROXY = env.bool("THIDUA_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("THIDUA_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("THIDUA_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("THIDUA_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The preload flag only matters once someone submits the domain to the browsers' list; it is sent by default.
SECURE_HSTS_PRELOAD = env.bool("THIDUA_HSTS_PRELOAD", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Scripts, styles, images and fonts only from the application itself; no inline script, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Failed logins (django-axes): after THIDUA_LOGIN_FAILURE_LIMIT failures an account is locked, and separately an
# address is locked, for THIDUA_LOGIN_COOLOFF_MINUTES. Attempts are kept in the database (shared by every server).
AXES_FAILURE_LIMIT = env.int("THIDUA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("THIDUA_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thidua.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "thidua.accounts.lockout.client_ip"
AXES_VERBOSE = False
#: How many proxies in front of the application append to X-Forwarded-For (with THIDUA_BEHIND_PROXY).
THIDUA_PROXY_COUNT = env.int("THIDUA_PROXY_COUNT", default=1)
#: Live API tokens a user may hold; issuing one more revokes the oldest.
THIDUA_API_TOKENS_PER_USER = env.int("THIDUA_API_TOKENS_PER_USER", default=5)

# Limits on what a request may carry; larger bodies get a 4xx before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
THIDUA_API_TOKEN_TTL_DAYS = env.int("THIDUA_API_TOKEN_TTL_DAYS", default=30)
#: Largest document a unit may upload (bytes); the request limit leaves room for the form around it.
THIDUA_MAX_UPLOAD_BYTES = env.int("THIDUA_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
#: Days relative to a due date on which units still missing a submission are reminded (negative = before).
THIDUA_REMINDER_OFFSETS = env.list("THIDUA_REMINDER_OFFSETS", cast=int, default=[-7, -3, -1, 1, 3])
#: A reminder whose day passed more than this many days ago is not sent late (the worker was down).
THIDUA_REMINDER_GRACE_DAYS = env.int("THIDUA_REMINDER_GRACE_DAYS", default=1)
#: The local hour at which the hourly schedule also sends the daily digest of notifications.
THIDUA_DIGEST_HOUR = env.int("THIDUA_DIGEST_HOUR", default=7)
# Working days the council office has to appraise a nomination dossier once received (holidays: core.Holiday).
THIDUA_APPRAISAL_WORKING_DAYS = env.int("THIDUA_APPRAISAL_WORKING_DAYS", default=25)
THIDUA_SITE_URL = env.str("THIDUA_SITE_URL", default="http://127.0.0.1:8000")
#: Where Liberation Serif (Regular, Bold, Italic) lives for the PDF certificates: Debian's fonts-liberation2.
THIDUA_CERTIFICATE_FONT_DIR = env.str("THIDUA_CERTIFICATE_FONT_DIR",
                                      default="/usr/share/fonts/truetype/liberation2")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
