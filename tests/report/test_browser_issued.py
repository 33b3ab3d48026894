"""Browser test in Chromium: staff finalise, a record changes, the report page still shows the issued figure."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.selectors.records import add_patent, small_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_issued_page_keeps_its_figure_and_notices_the_change(live_server, login, staff_user, page):
    ledger = small_ledger()
    login("staff")
    page.goto(f"{live_server.url}/reports/2023/")
    page.fill("#issued-on", "2023-12-20")
    page.click("#options-save")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#issue-button")
    expect(page.locator(".alert-success")).to_contain_text("已定稿")
    expect(page.locator("#issued-badge")).to_contain_text("已定稿 · 第1版 · 2023年12月20日")

    add_patent(ledger["puzheng"], serial=30, filed=datetime.date(2023, 7, 1))
    page.goto(f"{live_server.url}/reports/2023/")
    expect(page.locator("#issued-text")).to_contain_text("申请专利4件")
    expect(page.locator("#issued-text")).not_to_contain_text("申请专利5件")
    expect(page.locator("#issued-changes")).to_contain_text("专利申请量：定稿为4，现为5")
    expect(page.locator("#download-pdf")).to_have_text("下载定稿PDF")

    page.click("text=开始新的草稿，采用当前数据")
    expect(page.locator("#part-achievements")).to_contain_text("申请专利5件")
    expect(page.locator("#download-pdf")).to_have_text("下载草稿PDF")
