"""登录日志: every login, failed login, lockout and logout, in Chinese, filtered and exported."""

import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_rows(admin_client, **params) -> list[tuple[str, str]]:
    page = admin_client.get(reverse("system:login_log"), params).content.decode()
    body = page.split('id="login-log"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        if len(cells) == 5:
            rows.append((cells[1], cells[4]))
    return rows


def test_logins_failures_lockout_and_logout_are_logged(admin_client, staff_user, leader_user):
    clerk = Client(HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/156.0")
    clerk.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    clerk.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "leader", "password": "wrong-password"})
    rows = log_rows(admin_client)
    assert ("staff", "登录成功") in rows and ("staff", "退出登录") in rows
    assert rows.count(("leader", "登录失败")) == settings.AXES_FAILURE_LIMIT - 1
    assert ("leader", "账号锁定") in rows
    assert "Chrome/156.0" in admin_client.get(reverse("system:login_log")).content.decode()

    # Filters: by user, by result, by date.
    assert {user for user, _ in log_rows(admin_client, username="leader")} == {"leader"}
    assert set(log_rows(admin_client, result="账号锁定")) == {("leader", "账号锁定")}
    assert log_rows(admin_client, date_from="2000-01-01", date_to="2000-12-31") == []
    today = timezone.localdate().isoformat()
    assert ("staff", "登录成功") in log_rows(admin_client, date_from=today, date_to=today)


def test_the_log_exports_to_excel(admin_client, staff_user):
    Client().post(reverse("login"), {"username": "staff", "password": "wrong-password"})
    response = admin_client.get(reverse("system:login_log"), {"result": "登录失败", "format": "xlsx"})
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("时间", "用户名", "地址", "浏览器", "结果")
    assert [(row[1], row[4]) for row in rows[1:]] == [("staff", "登录失败")]


def test_a_logout_after_a_password_change_is_logged(admin_client, staff_user):
    clerk = Client()
    clerk.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    new = "Clerk-own-2026"
    clerk.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    clerk.post(reverse("logout"))
    assert ("staff", "退出登录") in log_rows(admin_client, username="staff")
