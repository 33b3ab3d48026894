"""Login lockout behind the reverse proxy: user name + the forwarded address, believed from trusted proxies only."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from bureau.security import client_ip_address
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def trusted_proxy(settings):
    settings.LEDGER_TRUSTED_PROXIES = [PROXY, "10.1.0.0/16"]


def behind_proxy(forwarded_for: str) -> Client:
    """A browser whose requests reach Django through the proxy, which appends the browser's address."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def login(client: Client, username: str, password: str = "wrong-password"):
    return client.post(reverse("login"), {"username": username, "password": password})


def lock(client: Client, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, username)
    assert "账号已临时锁定" in login(client, username, PASSWORD).content.decode()


def test_one_locked_client_does_not_lock_the_others_behind_the_proxy(admin_user):
    attacker, colleague = behind_proxy("203.0.113.5"), behind_proxy("198.51.100.7")
    lock(attacker, "admin")
    assert "_auth_user_id" not in attacker.session
    accepted = login(colleague, "admin", PASSWORD)
    assert accepted.status_code == 302
    assert colleague.session["_auth_user_id"] == str(admin_user.pk)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_a_forged_left_part_of_the_header_does_not_escape_the_lockout(staff_user):
    # The browser sends its own X-Forwarded-For; the proxy appends the real address after it.
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(behind_proxy(f"192.0.2.{number}, 203.0.113.5"), "staff")
    refused = login(behind_proxy("192.0.2.99, 203.0.113.5"), "staff", PASSWORD)
    assert "账号已临时锁定" in refused.content.decode()


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(staff_user):
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}"), "staff")
    refused = login(Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.200"), "staff", PASSWORD)
    assert "账号已临时锁定" in refused.content.decode()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.50"}


def test_an_admin_unlocks_in_the_administration(admin_client, staff_user):
    clerk = behind_proxy("203.0.113.5")
    lock(clerk, "staff")
    attempt = AccessAttempt.objects.get(username="staff")
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert login(clerk, "staff", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "meta, address",
    [
        ({"REMOTE_ADDR": PROXY}, PROXY),  # no header: the proxy itself
        ({"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "203.0.113.9"}, "203.0.113.9"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.1.2.3"}, "203.0.113.9"),  # two proxies
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-address"}, PROXY),
        ({"REMOTE_ADDR": "192.0.2.50", "HTTP_X_REAL_IP": "203.0.113.9"}, "192.0.2.50"),
    ],
)
def test_client_address(meta, address):
    request = RequestFactory().get("/", **meta)
    assert client_ip_address(request) == address


def test_a_mistyped_proxy_setting_stops_the_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "LEDGER_TRUSTED_PROXIES": "127.0.0.1,nginx", "DJANGO_SETTINGS_MODULE": "bureau.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "'nginx' 不是 IP 地址或网段" in result.stderr
