"""Browser test in Chromium: the message of a saved report section is where the page opens (#part-…)."""

import pytest
from playwright.sync_api import expect

from tests.selectors.records import small_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_saved_and_refused_section_messages_are_in_view(live_server, login, staff_user, page):
    small_ledger()
    login("staff")
    page.goto(f"{live_server.url}/reports/2023/")
    section = page.locator("#part-problems")
    section.locator("summary").click()
    section.locator("textarea").fill("一是科技发展水平不够平衡。")
    section.locator("button:has-text('保存本部分')").click()
    page.wait_for_url("**#part-problems")
    saved = page.locator(".alert-success")
    expect(saved).to_have_count(1)
    expect(section.locator(".alert-success")).to_have_text("本部分已保存。")
    expect(saved).to_be_in_viewport()
    expect(page.locator("h1").first).not_to_be_in_viewport()

    # A refused save says why in the same place.
    section.locator("summary").click()
    section.locator("textarea").fill("专利{没有这个数}件。")
    section.locator("button:has-text('保存本部分')").click()
    refused = section.locator(".alert-danger")
    expect(refused).to_contain_text("没有这个数")
    expect(refused).to_be_in_viewport()
