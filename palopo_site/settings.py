"""Settings for the DPRD Kota Palopo archive.

Everything that differs between a laptop and the public server comes from the
environment (see README.md). Development defaults are safe; production mode
(DEBUG=0) refuses to start without the values it cannot guess.
"""

import datetime
import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# The site's one origin: every absolute address (canonical, feeds, sitemaps, JSON-LD)
# is built from it, never from the request, and other allowed hosts answer 301 to it
# (palopo_site/canonical_origin.py).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
    SITE_URL = SITE_URL or "http://127.0.0.1:8000"
else:
    required = ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL")
    missing = [name for name in required if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            f"Production mode (DEBUG=0) needs these environment variables: {', '.join(missing)}"
        )
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.path not in ("", "/"):
    raise ImproperlyConfigured(
        f"SITE_URL must be an origin such as https://dprd.palopokota.go.id, not {SITE_URL!r}"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "taggit",
    "django_prose_editor",
    "csp",
    # Every admin save is a revision (reversion); login lockout (axes).
    "reversion",
    "axes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Other allowed hosts answer 301 to SITE_URL; every request then reads as made to
    # it, so no header a visitor sends can reach a page (palopo_site/canonical_origin.py).
    "palopo_site.canonical_origin.CanonicalOriginMiddleware",
    # Whole pages for citizens, keyed by the site's generation so never stale. Right
    # after the HTTPS redirect: a hit skips everything below, and a stored page already
    # carries the headers (CSP, gzip, ETag) they added when it was built
    # (palopo_site/page_cache.py).
    "palopo_site.page_cache.PublicPageCacheMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (policies below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # The admin's editor import map, allowed by hash (palopo_site/admin_policy.py).
    "palopo_site.admin_policy.AdminEditorPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Marks anonymous public reads, which the database router may send to a replica.
    "palopo_site.db_router.PublicReadsMiddleware",
    # Pages are compressed for phones on slow networks even without a proxy in front;
    # Django pads compressed responses against BREACH. Static files never reach here.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An article save posted after the session expired is kept (once past the CSRF
    # check above) and resumed after login (palopo_site/resume_save.py).
    "palopo_site.resume_save.ResumeSaveMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database outage is a friendly 503 page, not a 500 traceback (palopo_site/outage.py).
    "palopo_site.outage.DatabaseOutageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "palopo_site.urls"
WSGI_APPLICATION = "palopo_site.wsgi.application"

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
                "palopo_site.context_processors.site",
            ],
        },
    },
]


def database_settings(url: str) -> dict:
    """One PostgreSQL alias: persistent connections, or psycopg's pool when DATABASE_POOL=1.

    Both were measured with scripts/bench (docs/performance.md); the two cannot be
    combined (Django refuses CONN_MAX_AGE with a pool).
    """
    if env_flag("DATABASE_POOL", False):
        config = dj_database_url.parse(url, conn_max_age=0)
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "4")),
        }
        return config
    return dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )


DATABASES = {
    "default": database_settings(
        os.environ.get("DATABASE_URL", "postgres://palopo:palopo@127.0.0.1:5432/palopo")
    )
}
# Optional read replica: anonymous public GET pages read from it; writes, staff and
# everything outside a request use the primary (palopo_site/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_settings(os.environ["DATABASE_REPLICA_URL"])
    # Tests run against the primary's test database, never a copy on the replica.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["palopo_site.db_router.PublicReadsOnReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis shared by every app server when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, but Redis down = cache miss + warning (palopo_site/cache.py).
            "BACKEND": "palopo_site.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "palopo",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # About 10 MB of pages per worker at most.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# The public page cache is on unless PAGE_CACHE=0 (benchmarks measure both).
PAGE_CACHE = env_flag("PAGE_CACHE", True)

# Axes first: it refuses a locked-out username/IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for 30
# minutes (other staff at the same office IP can still log in). Superusers see and
# clear lockouts in the admin ("Axes") or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The lock ends 30 minutes after the failure that set it: attempts refused during it
# do not count, so one wrong password every 29 minutes cannot lock an editor out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# The address is REMOTE_ADDR, unless the request comes from one of TRUSTED_PROXIES
# (addresses or networks, comma-separated; none by default): then it is the right-most
# X-Forwarded-For entry that is not a trusted proxy (palopo_site/client_address.py).
# A forged X-Forwarded-For from anywhere else changes nothing.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network, "
            "e.g. 127.0.0.1 or 172.18.0.0/16"
        ) from None
AXES_CLIENT_IP_CALLABLE = "palopo_site.client_address.client_address"

# Staff sessions end after two hours without activity (each request renews them).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
# Where a login goes when its "next" is missing or points off the site: the admin,
# not Django's default /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"
SESSION_SAVE_EVERY_REQUEST = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site speaks Bahasa Indonesia; Palopo keeps WITA (UTC+8) all year.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names let whitenoise send a one-year cache lifetime; gzip and Brotli copies.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = "DPRD Kota Palopo"

# HTTPS is on in production by default. The local run script turns it off because
# it serves plain http on 127.0.0.1, where secure cookies would never be sent back.
HTTPS = env_flag("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Load balancers probe /healthz over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The public site has no JavaScript and no inline styles, so the policy can be strict:
# an injected <script> or style attribute never runs. JSON-LD <script
# type="application/ld+json"> blocks are data, not scripts, and are not blocked.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page needs a device feature; deny them so injected or third-party code cannot ask.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
