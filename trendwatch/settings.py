"""One settings module for every deployment, driven by environment variables.

The defaults give the embedded set-up of `make run`: SQLite in the project folder, tasks run in
process, debug off. Production adds PostgreSQL through DATABASE_URL, a database task queue
(TASKS_BACKEND=database with `manage.py db_worker` processes) and its own SECRET_KEY.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a yes/no value")


def env_int(name, default, minimum=0):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a whole number") from None
    if number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is below its least value, {minimum}")
    return number


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG")
# The embedded default keeps a generated key in the project folder so sessions survive restarts;
# a real deployment sets SECRET_KEY.
SECRET_KEY_FILE = BASE_DIR / ".secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    if not SECRET_KEY_FILE.exists():
        import secrets

        SECRET_KEY_FILE.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

INSTALLED_APPS = [
    "trendwatch.publishing",
    "trendwatch.related",
    "trendwatch.search",
    "trendwatch.entities",
    "trendwatch.api",
    "trendwatch.dynamics",
    "trendwatch.newsletter",
    "trendwatch.editorial",
    "trendwatch.archive",
    "trendwatch.pagecache",
    "trendwatch.workers",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.locales",
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
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trendwatch.security.ContentSecurityPolicyMiddleware",
    "trendwatch.security.HttpMethodMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trendwatch.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "trendwatch.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# HTTPS: the embedded set-up serves plain HTTP on localhost; a public site sets SECURE_HTTPS=1 for secure
# cookies, HSTS and the redirect to HTTPS (SECURE_PROXY=1 when a proxy in front ends TLS and sends
# X-Forwarded-Proto). HSTS preload is a commitment to browsers' built-in lists, so it is opt-in.
SECURE_HTTPS = env_flag("SECURE_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", SECURE_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
if env_flag("SECURE_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front that append the client's address to X-Forwarded-For; per-client limits (sign-in,
# subscribing) read the address from there instead of counting every reader as the proxy.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Public pages load nothing but the site's stylesheet, its images and same-site forms; no scripts at all.
# Debug error pages carry inline styles, so DEBUG sends no policy unless one is set.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    ""
    if DEBUG
    else "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
)
# Path prefixes sent without the policy: the Wagtail admin runs its own inline scripts and styles, and
# browsers show PDFs from /documents/ in a built-in viewer that a page policy would block.
CONTENT_SECURITY_POLICY_EXEMPT = ["/admin/", "/documents/"]
# Path prefixes whose views answer every HTTP method themselves; elsewhere only GET, HEAD, POST and
# OPTIONS reach a view.
HTTP_METHODS_EXEMPT = ["/admin/", "/api/"]
# Sign-in attempts (the admin's and restricted pages') per client address and per user name in an hour.
WAGTAILADMIN_USER_LOGIN_FORM = "trendwatch.security.RateLimitedLoginForm"
# A browser that signed in to an account is known to it for KNOWN_CLIENT_DAYS: its attempts count
# against itself alone, so attempts from elsewhere never lock the owner out (trendwatch/security.py).
ADMIN_LOGINS_PER_CLIENT_PER_HOUR = 30
ADMIN_LOGINS_PER_ACCOUNT_PER_HOUR = 10
KNOWN_CLIENT_DAYS = 90
# Passwords tried on password-protected pages per client address in an hour.
PAGE_PASSWORDS_PER_CLIENT_PER_HOUR = 10

ROOT_URLCONF = "trendwatch.urls"
WSGI_APPLICATION = "trendwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trendwatch" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trendwatch.publishing.context_processors.site_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_flag("DATABASE_PREPARED_STATEMENTS", True):
    # Parameters bound by the server, and a statement run twice on a connection is prepared there: the
    # server plans each page's few queries once per connection instead of on every request (about a
    # third more uncached article pages per second in the load test). Off behind a pooler that cannot
    # keep prepared statements (PgBouncer in transaction mode before 1.21).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a worker writes; the busy timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests that start real worker processes (the newsletter outbox) need a test database those
    # processes can open: a file per test session rather than SQLite's in-memory database.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"trendwatch-test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: in-process by default; TASKS_BACKEND=database queues tasks for db_worker processes.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is not one of {', '.join(sorted(TASK_BACKENDS))}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Languages: the site's interface and content languages.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("be", "Беларуская")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "trendwatch" / "locale"]
USE_I18N = True
USE_TZ = True
# The outlet's own time zone: dates are shown and entered as the outlet sees them.
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Minsk")

# The monitored country as it reads after "in" in each language: "Situation in Belarus",
# "Ситуация в Беларуси", "Сітуацыя ў Беларусі". Another country sets COUNTRY_NAME (and the _RU and
# _BE forms); languages left unset show the English name.
COUNTRY_NAMES = {"en": os.environ.get("COUNTRY_NAME", "Belarus")}
for _code, _belarus in [("ru", "Беларуси"), ("be", "Беларусі")]:
    _default = _belarus if "COUNTRY_NAME" not in os.environ else COUNTRY_NAMES["en"]
    COUNTRY_NAMES[_code] = os.environ.get(f"COUNTRY_NAME_{_code.upper()}", _default)

# Whole public pages for anonymous readers are kept in each process's memory, keyed by a content version
# in the database that every change moves; each process reads it at most every PAGE_CACHE_CHECK_SECONDS,
# so a change is seen by every app server within that time (see trendwatch/pagecache).
PAGE_CACHE = env_flag("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_CHECK_SECONDS = float(os.environ.get("PAGE_CACHE_CHECK_SECONDS", "0.5"))
# Path prefixes never cached: the newsletter's pages carry per-reader links and forms.
PAGE_CACHE_EXEMPT = ["/admin/", "/api/", "/documents/", "/media/", "/static/", "/i18n/"]
PAGE_CACHE_EXEMPT += [f"/{code}/newsletter/" for code, _name in LANGUAGES]
# Records that many pages share (sites, home pages, trends, view restrictions) are kept in each
# process under the same content version, so that a page the cache does not hold still takes few
# queries (see trendwatch/pagecache/memo.py).
CONTENT_MEMO = env_flag("CONTENT_MEMO", True)
# Searches one server process runs at once, and how many more may wait (up to SEARCH_WAIT_SECONDS)
# before the rest are asked to come back: a flood of searches leaves the other threads to readers
# (see trendwatch/search/limits.py).
SEARCHES_AT_ONCE = env_int("SEARCHES_AT_ONCE", 1, minimum=1)
SEARCHES_WAITING = env_int("SEARCHES_WAITING", 1, minimum=0)
SEARCH_WAIT_SECONDS = 2
# After a search, the next one waits this many times as long as it took: searches without pause
# then take about half of a process's time (see trendwatch/search/limits.py).
SEARCH_REST_RATIO = float(os.environ.get("SEARCH_REST_RATIO", "1"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 1000, minimum=1)},
    },
    # Addresses with a query string (searches, filters, pages of lists) apart: anyone can make up
    # endless such addresses, and they must not push articles and home pages out.
    "page_queries": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "page_queries",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_QUERY_ENTRIES", 300, minimum=1)},
    },
}

SITE_NAME = os.environ.get("SITE_NAME", "Trendwatch")
SIMILAR_BOX_SIZE = env_int("SIMILAR_BOX_SIZE", 4, minimum=1)
# The least score a stored neighbour needs to be shown as similar. 0.2 keeps every one of the 40
# same-story pairs of the labelled pair data (shared/data/pairs_dev.jsonl: the lowest scores 0.236)
# and drops the 15 of its 35 different-story pairs below it, those sharing only common words;
# the rest share a topic. Places left in the box go to the trend's articles, under a heading of their own.
try:
    SIMILAR_MIN_SCORE = float(os.environ.get("SIMILAR_MIN_SCORE", "0.2"))
except ValueError:
    SIMILAR_MIN_SCORE = -1.0
if not 0 <= SIMILAR_MIN_SCORE <= 1:
    raise ImproperlyConfigured(f"Environment variable SIMILAR_MIN_SCORE={os.environ['SIMILAR_MIN_SCORE']!r} is not a number from 0 to 1")
# Overrides of the engine's defaults (trendwatch.similar.Config), e.g. {"time_half_life_days": 90}.
SIMILAR_ENGINE = {}

STATIC_URL = "/static/"
# collectstatic's folder; the load test collects into a folder of its own.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Tests and development serve static files straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "publishing.CreditedImage"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The stock editor widget, except that a body it cannot read is a form error instead of a server error.
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "trendwatch.security.CheckedRichTextArea"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "zip"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Off: Wagtail 8 autosaves a new page while it is written, and a "Submit for review" sent while that
# first autosave is on its way creates the page a second time (a server error on the slug, or a
# duplicate article). Editors save drafts with the button until Wagtail orders the two.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# Outgoing mail (newsletter confirmations and letters) through any SMTP server. Without EMAIL_HOST
# mail is printed to the console, which is enough to try subscribing on the embedded set-up.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsletter@localhost")
# Newsletter: confirmation links expire after these days; subscribe requests per client and hour,
# mails per address and day; an outbox claim lasts NEWSLETTER_LEASE_SECONDS (keep it far above
# EMAIL_TIMEOUT); SMTP errors are retried after NEWSLETTER_RETRY_DELAY_SECONDS, doubling each time,
# up to NEWSLETTER_MAX_ATTEMPTS tries.
NEWSLETTER_CONFIRMATION_DAYS = 7
NEWSLETTER_SUBSCRIBES_PER_HOUR = 10
NEWSLETTER_MAILS_PER_ADDRESS_PER_DAY = 3
NEWSLETTER_LEASE_SECONDS = 600
NEWSLETTER_RETRY_DELAY_SECONDS = 60
NEWSLETTER_MAX_ATTEMPTS = 8

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
