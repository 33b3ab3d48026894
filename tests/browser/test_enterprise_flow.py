"""Browser tests in Chromium: a clerk adds an enterprise; a leader cannot."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import credit_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_adds_enterprise_and_sees_chinese_error_list_and_history(live_server, login, staff_user):
    page = login("staff")
    page.goto(f"{live_server.url}/bureau/enterprise/")
    page.click("#add-button")
    page.fill("#id_name", "  XX驰邦药业有限公司 ")
    page.fill("#id_short_name", "驰邦药业")
    page.fill("#id_credit_code", "91360000MA35ABCD1X")
    page.click("#save-button")
    # The form comes back with the Chinese error and keeps what was typed.
    expect(page.locator("#field-credit_code .errorlist")).to_contain_text("统一社会信用代码")
    expect(page.locator("#id_short_name")).to_have_value("驰邦药业")

    page.fill("#id_credit_code", credit_code(7))
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    expect(page.locator("h1")).to_contain_text("XX驰邦药业有限公司")

    page.goto(f"{live_server.url}/bureau/enterprise/?q=驰邦")
    expect(page.locator("table.ledger-table tbody tr")).to_have_count(1)
    page.click("text=XX驰邦药业有限公司")
    page.click("text=变更历史")
    expect(page.locator("#history-table")).to_contain_text("新增")
    expect(page.locator("#history-table")).to_contain_text("staff")


def test_leader_sees_no_add_button_and_gets_403(live_server, login, leader_user):
    page = login("leader")
    page.goto(f"{live_server.url}/bureau/enterprise/")
    expect(page.locator("h1")).to_contain_text("单位")
    expect(page.locator("#add-button")).to_have_count(0)
    response = page.goto(f"{live_server.url}/bureau/enterprise/add/")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("没有权限")


def test_login_page_is_chinese_and_rejects_bad_password(live_server, page, staff_user):
    page.goto(f"{live_server.url}/bureau/enterprise/")
    assert re.search(r"/accounts/login/\?next=", page.url)
    expect(page.locator("h1")).to_contain_text("登录")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "wrong-password")
    page.click("#login-button")
    expect(page.locator(".alert-danger")).to_contain_text("用户名")
