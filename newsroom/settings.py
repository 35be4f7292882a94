"""Settings for Newsroom, read from the environment.

Development needs no configuration (``DJANGO_DEBUG=1`` and a SQLite file in
the project). Production sets ``DJANGO_DEBUG=0`` (the default),
``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``; everything HTTPS-related
is then on unless ``DJANGO_SECURE_HTTPS=0`` says the site is served over plain
HTTP (behind a proxy that terminates TLS, or a local trial run).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development set DJANGO_DEBUG=1."
        )
    # Development only: never used when debug is off.
    SECRET_KEY = "django-insecure-newsroom-development-only-key"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "reversion",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "django_prose_editor",
    "rest_framework",
    "drf_spectacular",
    "articles",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache: cached pages and 304s carry the policy too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A view's database error (the database out of reach) is a clean 503.
    "newsroom.outage.DatabaseOutageMiddleware",
    # Before sessions and the rest: a cached page or a 304 needs none of them.
    "articles.caching.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Gives a browser that has just logged in its device cookie (login throttling).
    "newsroom.login_throttle.DeviceCookieMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a login while it is locked out (newsroom/login_throttle.py).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

# The admin's address: a path of your own (DJANGO_ADMIN_PATH=office-7f3c/)
# keeps it out of the way of scripts that look for /admin/.
NEWSROOM_ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip().strip("/") + "/"
if NEWSROOM_ADMIN_PATH == "/":
    raise ImproperlyConfigured("DJANGO_ADMIN_PATH must not be empty.")

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
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# The database: DATABASE_URL, and any read replicas of it (DATABASE_REPLICA_URL,
# comma-separated). Connections are kept open for DATABASE_CONN_MAX_AGE seconds,
# or taken from Django's connection pool (DATABASE_POOL > 0, PostgreSQL only).
DATABASE_POOL = env_int("DATABASE_POOL", 0)
DATABASE_POOL_MIN_SIZE = env_int("DATABASE_POOL_MIN_SIZE", 1)
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", 10)
if DATABASE_POOL < 0:
    raise ImproperlyConfigured(f"DATABASE_POOL must be 0 (no pool) or more, not {DATABASE_POOL}.")
if DATABASE_POOL and not 0 <= DATABASE_POOL_MIN_SIZE <= DATABASE_POOL:
    raise ImproperlyConfigured(
        f"DATABASE_POOL_MIN_SIZE must be between 0 and DATABASE_POOL ({DATABASE_POOL}), "
        f"not {DATABASE_POOL_MIN_SIZE}."
    )
if DATABASE_POOL and env_int("DATABASE_CONN_MAX_AGE", 0):
    raise ImproperlyConfigured(
        "DATABASE_CONN_MAX_AGE must be 0 or unset with DATABASE_POOL: the pool keeps the "
        "connections open, Django must not (Django refuses persistent connections in a pool)."
    )

# PostgreSQL's parallel workers per query (max_parallel_workers_per_gather), set at
# connection: 0, each query on one core, as suits many short web requests (for a
# filtered list's query, the workers took longer to start than the query to run
# without them). "server" leaves it to the
# server's configuration, as behind PgBouncer, which refuses this startup option.
if os.environ.get("DATABASE_PARALLEL_WORKERS", "").strip().lower() == "server":
    DATABASE_PARALLEL_WORKERS = "server"
else:
    DATABASE_PARALLEL_WORKERS = env_int("DATABASE_PARALLEL_WORKERS", 0)
    if DATABASE_PARALLEL_WORKERS < 0:
        raise ImproperlyConfigured(
            "DATABASE_PARALLEL_WORKERS must be 0 or more, or server, "
            f"not {DATABASE_PARALLEL_WORKERS}."
        )


def database(url):
    """A DATABASES entry for `url`, with the connection settings every entry shares."""
    config = dj_database_url.parse(
        url,
        conn_max_age=0 if DATABASE_POOL else env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
        # Needed behind PgBouncer in transaction pooling mode.
        disable_server_side_cursors=env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", False),
    )
    if config["ENGINE"].endswith(".sqlite3"):
        config.setdefault("OPTIONS", {}).update(
            # A write transaction takes its lock when it starts: concurrent writers wait
            # (up to the timeout) instead of failing on "database is locked".
            transaction_mode="IMMEDIATE",
            timeout=20,
            # Readers and a writer at once (the site while an import runs).
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        )
    postgresql = config["ENGINE"].endswith((".postgresql", ".postgis"))
    if postgresql and DATABASE_PARALLEL_WORKERS != "server":
        options = config.setdefault("OPTIONS", {})
        # Before the URL's own startup options (?options=...), which keep the last word.
        options["options"] = " ".join(
            filter(
                None,
                [
                    f"-c max_parallel_workers_per_gather={DATABASE_PARALLEL_WORKERS}",
                    options.get("options"),
                ],
            )
        )
    if DATABASE_POOL:
        if not postgresql:
            raise ImproperlyConfigured(
                f"DATABASE_POOL needs PostgreSQL, but the database is {config['ENGINE']}. "
                "Use a postgres:// DATABASE_URL, or set DATABASE_POOL to 0 (no pool)."
            )
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": DATABASE_POOL_MIN_SIZE,
            "max_size": DATABASE_POOL,
            "timeout": DATABASE_POOL_TIMEOUT,
        }
    return config


DATABASES = {
    "default": database(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
# Read replicas: "replica", "replica_2", ...; newsroom/routers.py sends reads to them
# and writes to "default". Tests use "default" for them (no test replicas).
NEWSROOM_DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URL"), start=1):
    alias = "replica" if number == 1 else f"replica_{number}"
    DATABASES[alias] = {**database(url), "TEST": {"MIRROR": "default"}}
    NEWSROOM_DATABASE_REPLICAS.append(alias)
if NEWSROOM_DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]

# The cache: Redis when REDIS_URL is set (shared by every web process and
# host), otherwise this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": {
        "BACKEND": "articles.caching.redis_backend.SharedClientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("NEWSROOM_CACHE_KEY_PREFIX", "newsroom"),
        # A Redis out of reach costs a page a second at most: it is then built.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}
}

# Public pages are cached whole for anonymous readers, for at most this many
# seconds, and invalidated by any change (articles/caching/middleware.py); 0 turns the
# page cache off (ETags and 304s stay on).
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 600)
# With Redis, each web process also keeps the pages it served last, up to this
# many bytes, and the content version, kept current by a push (articles/caching/local_copies.py).
NEWSROOM_LOCAL_PAGE_CACHE_BYTES = env_int("NEWSROOM_LOCAL_PAGE_CACHE_BYTES", 4 * 2**20)
# Previews of unpublished articles (articles/previews.py) are never cached.
NEWSROOM_PAGE_CACHE_EXCLUDE = [f"/{NEWSROOM_ADMIN_PATH}", "/preview/"]
# How long a preview link sent to someone without an account works.
NEWSROOM_PREVIEW_LINK_HOURS = env_int("NEWSROOM_PREVIEW_LINK_HOURS", 48)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# An absolute URL (https://cdn.example.kz/static/) puts a CDN in front of the
# files, which WhiteNoise serves at the URL's path (/static/).
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "").strip() or "static/"
if not STATIC_URL.endswith("/"):
    raise ImproperlyConfigured(f"DJANGO_STATIC_URL must end with a slash, not {STATIC_URL!r}.")
# Where `collectstatic` puts the files WhiteNoise serves.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Background work (articles/tasks.py) goes through django-tasks, the API Django 6
# ships as django.tasks: its database backend needs no server beyond the database,
# and `manage.py db_worker` runs the tasks (docs/operations.md, "Background work").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Media: the renditions readers see are in the "default" storage (MEDIA_ROOT, served
# at MEDIA_URL); the uploaded originals, with their metadata, in "originals", which
# is never served. NEWSROOM_S3_BUCKET puts both on an S3-compatible store
# (django-storages) for several web hosts: docs/operations.md, "Media files".
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "").strip() or "/media/"
if not MEDIA_URL.endswith("/"):
    raise ImproperlyConfigured(f"DJANGO_MEDIA_URL must end with a slash, not {MEDIA_URL!r}.")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", "").strip() or BASE_DIR / "media")
NEWSROOM_ORIGINALS_ROOT = Path(
    os.environ.get("NEWSROOM_ORIGINALS_ROOT", "").strip() or BASE_DIR / "media-originals"
)
# Django serves MEDIA_ROOT itself in development and in the quick start; in
# production the web server or the object store does.
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", DEBUG)
if MEDIA_URL.startswith("/"):
    # The renditions carry their own year-long Cache-Control: no page cache for them.
    NEWSROOM_PAGE_CACHE_EXCLUDE.append(MEDIA_URL)
NEWSROOM_S3_BUCKET = os.environ.get("NEWSROOM_S3_BUCKET", "").strip()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "originals": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": NEWSROOM_ORIGINALS_ROOT, "base_url": None},
    },
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; development serves
        # the sources as they are.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

if NEWSROOM_S3_BUCKET:
    _s3 = {
        "bucket_name": NEWSROOM_S3_BUCKET,
        "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": os.environ.get("NEWSROOM_S3_REGION", "").strip() or None,
        # Credentials come from boto3's own variables (AWS_ACCESS_KEY_ID, ...).
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "media",
            "default_acl": "public-read",
            "querystring_auth": False,
            "custom_domain": os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN", "").strip() or None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    STORAGES["originals"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "originals", "default_acl": "private"},
    }

# Uploaded images: a limit in bytes and one in pixels (width × height), checked
# before the image is decoded (articles/media/uploads.py).
NEWSROOM_IMAGE_MAX_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", 30 * 1024 * 1024)
NEWSROOM_IMAGE_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", 60_000_000)
# Django's own limit on an upload held in memory; larger ones go to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 50

# Security: strict whenever debug is off. DJANGO_SECURE_HTTPS=0 turns off the
# HTTPS-only settings for a plain-HTTP deployment.
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", SECURE_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HTTPS)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The CSRF token is read from the form, never by a script.
CSRF_COOKIE_HTTPONLY = True

# The media host, when the renditions are served from another one (an object
# store or a CDN): the only origin the policy adds.
MEDIA_ORIGINS = [
    f"{parts.scheme}://{parts.netloc}"
    for parts in [urlsplit(MEDIA_URL)]
    + (
        [urlsplit(f"https://{os.environ['NEWSROOM_S3_CUSTOM_DOMAIN'].strip()}")]
        if os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN", "").strip()
        else []
    )
    if parts.scheme in ("http", "https") and parts.netloc
]

# Content-Security-Policy (django-csp): our pages and the admin need no inline
# script or style, and load nothing from elsewhere but images (a person's
# photo may live on another site, always over HTTPS).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login throttling: django-axes with the rules of newsroom/login_throttle.py (short,
# growing locks per username and address, a limit per address, device cookies).
AXES_HANDLER = "newsroom.login_throttle.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
NEWSROOM_LOGIN_FIRST_LOCK = timedelta(minutes=env_int("DJANGO_LOGIN_FIRST_LOCK_MINUTES", 1))
# The variable's name is from when every lock lasted this long.
NEWSROOM_LOGIN_LONGEST_LOCK = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
# Axes' "cool-off" here is how long failures are remembered after the last one.
AXES_COOLOFF_TIME = timedelta(hours=env_int("DJANGO_LOGIN_FAILURE_WINDOW_HOURS", 24))
NEWSROOM_LOGIN_DEVICE_COOKIE_AGE = timedelta(days=env_int("DJANGO_LOGIN_DEVICE_COOKIE_DAYS", 90))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused attempt checked no password: it neither counts nor makes the lock longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "newsroom.login_throttle.lockout_response"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
if env_bool("DJANGO_BEHIND_PROXY", False):
    # The client's address is the last one the proxy added.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "articles": {"level": os.environ.get("NEWSROOM_LOG_LEVEL", "INFO")},
    },
}

# The API (/api/) is public and read-only: anonymous GETs only, so no
# authentication at all (no sessions, hence no CSRF on the API).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        # DRF's JSONRenderer, with <, > and & as \u escapes (the same JSON values).
        "articles.api.renderers.HtmlSafeJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Read-only access to the public articles and the persons, "
    "organizations, places and events they name.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# The importer refuses files larger than this many bytes.
NEWSROOM_IMPORT_MAX_BYTES = env_int("NEWSROOM_IMPORT_MAX_BYTES", 1_048_576)

# Articles loaded into an empty database by `manage.py load_seeds`.
NEWSROOM_SEEDS_DIR = BASE_DIR / "seeds"

# Links the extractor suggests (article–person, –organization, –place) are
# public before an editor reviews them; suggested events never are.
NEWSROOM_PUBLISH_SUGGESTED_LINKS = env_bool("NEWSROOM_PUBLISH_SUGGESTED_LINKS", True)

# Persons, organizations and places the extractor finds for the first time stay off
# public pages until an editor approves them (links to approved ones show at once);
# on, they show until rejected. Events always wait for approval.
NEWSROOM_PUBLISH_NEW_ENTITIES = env_bool("NEWSROOM_PUBLISH_NEW_ENTITIES", False)

# The site's name in page titles, feeds, Open Graph tags and as the publisher
# in structured data; empty means the interface's own name ("Newsroom").
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "").strip()

# The rubric of an article given none (imports without --rubric, scripts), by name;
# made on first use when no rubric has that name.
NEWSROOM_DEFAULT_RUBRIC = os.environ.get("NEWSROOM_DEFAULT_RUBRIC", "").strip() or "Новости"
