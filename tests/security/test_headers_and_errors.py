"""Security headers, CSRF, Chinese error pages and request ids in the logs."""

import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from bureau.security import RequestIDFilter
from tests.security.resolver import registry_routes, url_for
from tests.security.test_permission_matrix import action_of

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]


def template_files():
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


@pytest.mark.django_db
def test_security_headers_on_pages(staff_client):
    for url in (reverse("login"), reverse("home"), reverse("bureau:enterprise_list")):
        response = (Client() if url == reverse("login") else staff_client).get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "default-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("style-src-attr")[0], "only style attributes may be inline"
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_request_id_from_proxy_is_kept_only_when_plain(client):
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="nginx-0123456789")["X-Request-ID"] == "nginx-0123456789"
    forged = client.get(reverse("login"), HTTP_X_REQUEST_ID="bad id\nINFO forged line")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_templates_have_no_inline_script(path):
    """The CSP forbids inline scripts: every <script> has a src, no on*= handlers, no javascript: links."""
    text = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
        assert "src=" in tag, f"inline <script> in {path}"
    assert not re.search(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE), f"inline event handler in {path}"
    assert "javascript:" not in text.lower(), f"javascript: URL in {path}"


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_post_form_has_csrf_token(path):
    text = path.read_text(encoding="utf-8")
    for match in re.finditer(r"<form\b[^>]*>", text, flags=re.IGNORECASE):
        if re.search(r"method\s*=\s*[\"']?post", match.group(0), flags=re.IGNORECASE):
            body = text[match.end() : text.find("</form>", match.end())]
            assert "csrf_token" in body, f"POST form without {{% csrf_token %}} in {path}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in registry_routes() if action_of(r) in {"add", "edit", "delete"}], ids=str)
def test_post_without_csrf_token_is_refused(route, admin_user):
    from tests.reliability.builders import one_of_each

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    url = url_for(route, one_of_each(user=admin_user))
    assert client.post(url, {})["X-Request-ID"]
    assert client.post(url, {}).status_code == 403


@pytest.mark.django_db
def test_404_page_is_chinese(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.security.error_urls")
def test_500_page_is_chinese_and_logged_with_request_id(staff_user):
    console = next(h for h in logging.getLogger().handlers if any(isinstance(f, RequestIDFilter) for f in h.filters))
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(staff_user)
        response = client.get("/test-broken/")
    finally:
        console.setStream(previous)
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()
    request_id = response["X-Request-ID"]
    lines = [line for line in stream.getvalue().splitlines() if "ERROR" in line and "django.request" in line]
    assert lines and f"[{request_id}]" in lines[0]
    assert "deliberate failure" in stream.getvalue()
