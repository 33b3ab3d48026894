"""Placeholders: an unknown {名称} is refused on save; 定稿 is refused while one has no value for the year."""

import pytest
from django.core.exceptions import ValidationError

from bureau.models import IndustryStatistics, Report, ReportIssue
from bureau.report.services import report_draft, report_issue, report_section_save
from tests.selectors.records import small_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(db):
    return small_ledger()


def test_saving_an_unknown_placeholder_is_refused_with_the_known_ones(ledger, staff_client):
    response = staff_client.post("/reports/2023/sections/problems/", {"text": "占比为{不存在的指标}。"}, follow=True)
    content = response.content.decode()
    assert "没有名为{不存在的指标}的数据，未保存" in content
    assert "可引用的数据：" in content and "{高新技术产业增加值占比}" in content
    assert not Report.objects.filter(year=2023, sections__is_edited=True).exists()
    assert "占比为{不存在的指标}。" not in staff_client.get("/reports/2023/").content.decode()


def test_a_known_placeholder_is_saved_and_filled(ledger, staff_client):
    staff_client.post("/reports/2023/sections/problems/", {"text": "占比为{高新技术产业增加值占比}。"})
    assert "占比为8.85%。" in staff_client.get("/reports/2023/").content.decode()


def test_issue_is_refused_while_a_placeholder_has_no_value(ledger, staff_user, staff_client):
    report = report_draft(year=2023)
    report_section_save(
        report=report, key="problems", text="占比为{高新技术产业增加值占比}。", omit_when_empty=False, user=staff_user
    )
    IndustryStatistics.objects.filter(year=2023).delete()  # the figure is gone after the text was saved
    with pytest.raises(ValidationError, match="高新技术产业增加值占比"):
        report_issue(report=report, user=staff_user)
    page = staff_client.post("/reports/2023/issue/", follow=True).content.decode()
    assert "不能定稿" in page and "{高新技术产业增加值占比}" in page
    assert not ReportIssue.objects.exists() and not Report.objects.get(year=2023).is_locked
