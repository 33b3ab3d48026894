"""Settings shared by every environment; values that differ come from the environment."""

import ipaddress
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LEDGER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "import_export",
    "simple_history",
    "axes",
    "bureau",
    "projects",
    "awards",
    "patents",
    "outreach",
    # The benchmark, synthetic data and demo loader: their management commands (bench, make_synthetic, load_demo).
    "bureau.devtools",
]

MIDDLEWARE = [
    "bureau.security.RequestIDMiddleware",
    "bureau.security.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bureau.limits.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bureau.security.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bureau.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bureau.urls"
WSGI_APPLICATION = "bureau.wsgi.application"

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
                "bureau.context_processors.ledger",
            ],
        },
    },
]


def sqlite_options() -> dict:
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on the busy timeout instead of failing.
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "ledger.sqlite3"}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(sqlite_options())
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bureau.accounts.passwords.PasswordRulesValidator"},
]
# 等保 2.0: a password expires after this many days (0: never); a new one is none of the last few.
LEDGER_PASSWORD_MAX_DAYS = int(os.environ.get("LEDGER_PASSWORD_MAX_DAYS", 90))
LEDGER_PASSWORD_HISTORY = int(os.environ.get("LEDGER_PASSWORD_HISTORY", 5))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Session ends after about this many seconds without a request (less at most the refresh interval below).
SESSION_COOKIE_AGE = int(os.environ.get("LEDGER_SESSION_SECONDS", 8 * 3600))
# Sliding expiry: bureau.security.SessionRefreshMiddleware renews a session in use every few minutes.
LEDGER_SESSION_REFRESH_SECONDS = int(os.environ.get("LEDGER_SESSION_REFRESH_SECONDS", 300))

AXES_FAILURE_LIMIT = int(os.environ.get("LEDGER_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("LEDGER_LOGIN_COOLOFF_HOURS", 0.25))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# 登录日志 needs every failure, not only the running count (kept well past the six months 等保 asks for).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 100_000
# Behind a reverse proxy every request comes from the proxy's address: the lockout (user name + address) then
# uses the address the proxy forwards, but only from a proxy listed here (addresses or networks, comma-separated,
# e.g. "127.0.0.1" for nginx on the same machine). Empty: X-Forwarded-For / X-Real-IP are ignored.
LEDGER_TRUSTED_PROXIES = [
    item.strip() for item in os.environ.get("LEDGER_TRUSTED_PROXIES", "").split(",") if item.strip()
]
for _proxy in LEDGER_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:  # refuse to start rather than fail at the first login
        raise ValueError(f"LEDGER_TRUSTED_PROXIES：{_proxy!r} 不是 IP 地址或网段。") from _error
AXES_CLIENT_IP_CALLABLE = "bureau.security.client_ip_address"

LANGUAGE_CODE = "zh-hans"
# The only language: a browser asking for English (Accept-Language: en-US) still gets Chinese messages and
# dates (LocaleMiddleware would otherwise pick Django's English: "This field is required.", 06/08/2023).
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Attachments live outside the web root and are served only through a view.
MEDIA_ROOT = Path(os.environ.get("LEDGER_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"

LEDGER_UPLOAD_MAX_BYTES = int(os.environ.get("LEDGER_UPLOAD_MAX_MB", 20)) * 1024 * 1024
LEDGER_IMPORT_MAX_ROWS = int(os.environ.get("LEDGER_IMPORT_MAX_ROWS", 100_000))
# Form fields other than files (files are capped by bureau.limits before the body is read).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A workbook wider or larger than this is refused before its rows are built.
LEDGER_IMPORT_MAX_COLUMNS = int(os.environ.get("LEDGER_IMPORT_MAX_COLUMNS", 200))
LEDGER_IMPORT_MAX_CELLS = int(os.environ.get("LEDGER_IMPORT_MAX_CELLS", 2_000_000))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Report fonts: a bureau with licensed 仿宋_GB2312 / 方正小标宋 / 楷体_GB2312 lists them first; the free
# fallbacks are Debian's fonts-noto-cjk and fonts-arphic-gkai00mp (AR PL KaitiM GB, a 楷体).
LEDGER_REPORT_FONTS = {
    "title": os.environ.get("LEDGER_FONT_TITLE", "方正小标宋简体, FZXiaoBiaoSong-B05S, Noto Serif CJK SC"),
    "body": os.environ.get("LEDGER_FONT_BODY", "仿宋_GB2312, FangSong, Noto Serif CJK SC"),
    "heading": os.environ.get("LEDGER_FONT_HEADING", "黑体, SimHei, Noto Sans CJK SC"),
    "subheading": os.environ.get("LEDGER_FONT_SUBHEADING", "楷体_GB2312, KaiTi, AR PL KaitiM GB, Noto Serif CJK SC"),
    # Page numbers: 4号 半角宋体 (GB/T 9704 7.5).
    "page_number": os.environ.get("LEDGER_FONT_PAGE_NUMBER", "宋体, SimSun, Noto Serif CJK SC"),
}

FILTERS_EMPTY_CHOICE_LABEL = "全部"
FILTERS_NULL_CHOICE_LABEL = "（空）"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

IMPORT_EXPORT_SKIP_ADMIN_LOG = True

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bureau.security.RequestIDFilter"}},
    # The offset is printed so that the app's lines and gunicorn's (same format) read as one time zone.
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LEDGER_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step of every page at INFO: only its warnings are worth keeping.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
