"""Security and traceability: a Content-Security-Policy, a request id on every response and log line, sessions
that end after inactivity, and the client address behind a trusted reverse proxy."""

import contextvars
import functools
import ipaddress
import logging
import re
import time
import uuid

from django.conf import settings

# Scripts, styles, fonts and images come only from our own static files. Style *attributes*
# stay allowed (Bootstrap's JS and ECharts' tooltips set them); inline <script> never is.
DEFAULT_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# An id handed in by a proxy is reused only if it is short and plain (it ends up in logs).
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIDMiddleware:
    """Gives each request an id (the proxy's X-Request-ID if sane), sends it back and puts it in every log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIDFilter(logging.Filter):
    """Adds `request_id` to log records so the formatter can print it ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy header (settings.LEDGER_CONTENT_SECURITY_POLICY overrides the default)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "LEDGER_CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.setdefault("Content-Security-Policy", self.policy)
        return response


class SessionRefreshMiddleware:
    """Sliding session expiry with few writes: a signed-in user's session is saved again, and so kept
    for another SESSION_COOKIE_AGE, at most once every LEDGER_SESSION_REFRESH_SECONDS (default 300;
    never more than half the session's age, so a short session still slides).

    Saving it on every request (SESSION_SAVE_EVERY_REQUEST) cost each page a write, and on SQLite
    every write takes the database's lock: readers queued behind one another for a timestamp. An
    idle session now ends between SESSION_COOKIE_AGE minus the refresh interval and
    SESSION_COOKIE_AGE after its last request. Listed after SessionMiddleware, which saves it.
    """

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response  # nobody signed in, or just signed out: no session to keep alive
        interval = min(settings.LEDGER_SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2)
        now = int(time.time())
        if now - request.session.get(self.KEY, 0) >= interval:
            request.session[self.KEY] = now  # marks it modified: SessionMiddleware saves it and renews the cookie
        return response


@functools.cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip_address(request) -> str:
    """The client's address for the login lockout (django-axes' AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless it is one of settings.LEDGER_TRUSTED_PROXIES: then X-Forwarded-For is read from the right
    (the part our proxies appended) and the first address not a trusted proxy is the client; the left part is
    whatever the client sent and is not believed. Without X-Forwarded-For, the proxy's X-Real-IP.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.LEDGER_TRUSTED_PROXIES))

    def trusted(address) -> bool:
        return any(address in network for network in networks)

    address = _address(remote)
    if address is None or not trusted(address):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing to its left can be believed
        if not trusted(address):
            return str(address)
    if not hops:
        real = _address(request.META.get("HTTP_X_REAL_IP", ""))
        if real is not None:
            return str(real)
    return remote
