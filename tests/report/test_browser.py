"""Browser test in Chromium: staff edit section 二, finalise and download the PDF; a leader downloads, cannot edit."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.selectors.records import small_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_edits_finalises_downloads_and_leader_downloads(live_server, login, staff_user, leader_user, page):
    small_ledger()
    login("staff")
    page.goto(f"{live_server.url}/reports/2023/")
    section = page.locator("#part-problems")
    expect(section).to_contain_text("8.85%")
    section.locator("summary").click()
    section.locator("textarea").fill(
        "一是科技发展水平不够平衡。\n三是高新技术产业增加值占比为{高新技术产业增加值占比}。"
    )
    section.locator("button:has-text('保存本部分')").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    expect(page.locator("#part-problems")).to_contain_text("三是高新技术产业增加值占比为8.85%。")

    page.fill("#issued-on", "2023-12-20")
    page.click("#options-save")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#issue-button")
    expect(page.locator(".alert-success")).to_contain_text("已定稿")
    with page.expect_download() as download_info:
        page.click("#issues a.issue-pdf")
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    page.click("#user-menu")
    page.click("text=退出登录")

    login("leader")
    page.goto(f"{live_server.url}/reports/2023/")
    expect(page.locator("#part-problems")).to_contain_text("一是科技发展水平不够平衡。")
    expect(page.locator("text=编辑本部分")).to_have_count(0)
    expect(page.locator("#issue-button")).to_have_count(0)
    with page.expect_download() as download_info:
        page.click("#issues a.issue-pdf")
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    # A leader's forged edit is refused.
    client = Client()
    client.force_login(leader_user)
    assert client.post("/reports/2023/sections/problems/", {"text": "改"}).status_code == 403
