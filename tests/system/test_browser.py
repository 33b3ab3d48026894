"""Browser test in Chromium: an admin adds a clerk, who must change the initial password, is locked out after
five failures and is unlocked in one click; every step is in 登录日志 and in 操作日志."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_adds_a_clerk_who_changes_her_password_is_locked_and_unlocked(live_server, login, admin_user, browser):
    admin = login("admin")
    admin.click("#menu-users")
    admin.click("#user-add")
    admin.fill("#id_username", "liming")
    admin.fill("#id_full_name", "李明")
    admin.select_option("#id_role", "录入员")
    admin.click("#user-save")
    initial = admin.locator("#one-time-password").inner_text()

    clerk = browser.new_context(locale="zh-CN").new_page()
    clerk.goto(f"{live_server.url}/accounts/login/")
    clerk.fill("#id_username", "liming")
    clerk.fill("#id_password", initial)
    clerk.click("#login-button")
    expect(clerk).to_have_url(re.compile(r"/accounts/password/$"))
    expect(clerk.locator(".alert-warning")).to_contain_text("初始密码")
    clerk.goto(f"{live_server.url}/patents/patent/")
    expect(clerk).to_have_url(re.compile(r"/accounts/password/$"))
    clerk.fill("#id_old_password", initial)
    clerk.fill("#id_new_password1", "Li-Ming-2026!")
    clerk.fill("#id_new_password2", "Li-Ming-2026!")
    clerk.click("text=保存新密码")
    clerk.goto(f"{live_server.url}/patents/patent/")
    expect(clerk.locator("h1")).to_contain_text("专利")
    clerk.click("#user-menu")
    clerk.click("text=退出登录")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        clerk.goto(f"{live_server.url}/accounts/login/")
        clerk.fill("#id_username", "liming")
        clerk.fill("#id_password", "wrong-password")
        clerk.click("#login-button")
    expect(clerk.locator("h1")).to_contain_text("账号已临时锁定")

    admin.goto(f"{live_server.url}/system/users/")
    row = admin.locator('tr[data-username="liming"]')
    expect(row).to_contain_text("已锁定")
    row.locator(".user-unlock").click()
    expect(admin.locator(".alert-success")).to_contain_text("已解锁用户“liming”")

    clerk.goto(f"{live_server.url}/accounts/login/")
    clerk.fill("#id_username", "liming")
    clerk.fill("#id_password", "Li-Ming-2026!")
    clerk.click("#login-button")
    expect(clerk).to_have_url(f"{live_server.url}/")

    admin.goto(f"{live_server.url}/system/logins/?username=liming")
    log = admin.locator("#login-log")
    for result in ("登录成功", "退出登录", "登录失败", "账号锁定"):
        expect(log).to_contain_text(result)

    # 操作日志: the admin's steps and the clerk's own password change, each one line about 李明.
    admin.click("#menu-operations")
    admin.select_option("#op-type", label="用户")
    admin.click("#operation-log-filters button[type=submit]")
    lines = admin.locator("#operation-log tbody tr").filter(has_text="liming")
    for operation, by in (("新增用户", "admin"), ("修改密码", "李明（录入员）"), ("解锁用户", "admin")):
        expect(lines.filter(has_text=operation)).to_have_count(1)
        expect(lines.filter(has_text=operation)).to_contain_text(by)
    expect(lines.filter(has_text="新增用户")).to_contain_text("角色：— → 录入员")
