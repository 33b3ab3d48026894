"""Browser test in Chromium: the report editor shows a proofreader finding beside its section and 采纳 applies it."""

import pytest
from playwright.sync_api import expect

from bureau.models import ReportSection
from tests.selectors.records import small_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_sees_a_finding_and_applies_it(live_server, login, staff_user, page):
    small_ledger()
    login("staff")
    page.goto(f"{live_server.url}/reports/2023/")
    section = page.locator("#part-intro")
    section.locator("textarea").fill("全县经济社会开展势头良好，开展科普活动12场。")
    section.locator("button:has-text('保存本部分')").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")

    findings = page.locator("#findings-intro")
    expect(findings.locator(".report-finding")).to_have_count(1)
    expect(findings.locator("mark")).to_have_text("开展")
    expect(findings).to_contain_text("“开展”应为“发展”")
    findings.locator("button:has-text('采纳')").click()
    expect(page.locator(".alert-success")).to_contain_text("已采纳校对建议")
    expect(page.locator("#part-intro article")).to_contain_text("全县经济社会发展势头良好，开展科普活动12场。")
    expect(page.locator("#findings-intro")).to_contain_text("未发现问题")
    assert ReportSection.objects.get(key="intro").text == "全县经济社会发展势头良好，开展科普活动12场。"

    # An open finding brings the confirm page, listing it, before 定稿.
    section = page.locator("#part-intro")
    section.locator("summary").click()
    section.locator("textarea").fill("全县经济社会开展势头良好。")
    section.locator("button:has-text('保存本部分')").click()
    page.fill("#issued-on", "2023-12-20")
    page.click("#options-save")
    page.click("#issue-button")
    expect(page.locator("#issue-findings")).to_contain_text("校对发现1处问题尚未处理")
    page.click("#confirm-issue")
    expect(page.locator(".alert-success")).to_contain_text("已定稿")
