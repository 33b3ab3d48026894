"""The page of an issued version shows the issued text, its date, what changed since, and the issued files."""

import datetime

import pytest

from bureau.models import ReportIssue
from bureau.report.services import report_draft, report_issue, report_options_save
from tests.selectors.records import add_patent, small_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(db, staff_user):
    ledger = small_ledger()
    report = report_draft(year=2023)
    report_options_save(report=report, patents_until=None, issued_on=datetime.date(2023, 12, 20))
    issue = report_issue(report=report, user=staff_user)
    return ledger, issue


def test_issued_page_shows_the_issued_text_and_the_changes(issued, leader_client):
    ledger, issue = issued
    page = leader_client.get("/reports/2023/").content.decode()
    assert "已定稿 · 第1版 · 2023年12月20日" in page and "申请专利4件" in page
    assert "定稿后台账记录有变化" not in page
    add_patent(ledger["puzheng"], serial=30, filed=datetime.date(2023, 7, 1))
    page = leader_client.get("/reports/2023/").content.decode()
    assert "申请专利4件" in page and "申请专利5件" not in page
    assert "定稿后台账记录有变化" in page and "专利申请量：定稿为4，现为5" in page
    assert f'href="/reports/issues/{issue.pk}.pdf">下载定稿PDF' in page
    assert "下载草稿" not in page
    assert "第1版（成文日期2023年12月20日）" in leader_client.get("/reports/").content.decode()


def test_a_new_draft_shows_live_figures_and_draft_buttons(issued, staff_client):
    ledger, _ = issued
    add_patent(ledger["puzheng"], serial=30, filed=datetime.date(2023, 7, 1))
    assert "开始新的草稿，采用当前数据" in staff_client.get("/reports/2023/").content.decode()
    staff_client.post("/reports/2023/reopen/")
    page = staff_client.get("/reports/2023/").content.decode()
    assert "申请专利5件" in page and "下载草稿PDF" in page and "定稿后台账记录有变化" not in page
    assert ReportIssue.objects.count() == 1
