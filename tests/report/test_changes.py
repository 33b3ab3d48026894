"""Record changes change the draft; an issued report never changes; new years carry the narrative over."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bureau.models import Report
from bureau.report.document import compose, plain_text
from bureau.report.services import (
    report_carry_over,
    report_draft,
    report_issue,
    report_reopen,
    report_section_reset,
    report_section_save,
)
from outreach.models import ScienceWeek
from projects.models import ProjectApplication
from tests.selectors.records import add_patent, small_ledger

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def text(year: int = 2023) -> str:
    return plain_text(compose(Report.objects.filter(year=year).first() or Report(year=year)))


@pytest.fixture
def ledger(db):
    return small_ledger()


def test_adding_a_patent_raises_the_count(ledger):
    assert "申请专利4件" in text()
    add_patent(ledger["puzheng"], serial=30, filed=datetime.date(2023, 7, 1))
    assert "申请专利5件" in text()


def test_approving_a_project_shows_its_amount(ledger):
    project = ProjectApplication.objects.get(title="裸花紫株颗粒二次开发及高新技术产业化")
    assert "市级科技协同创新重大专项项目" not in text() and "18万元" not in text()
    project.status = "approved"
    project.decided_on = datetime.date(2023, 10, 1)
    project.funding_approved = Decimal("18")
    project.save()
    assert "市级科技协同创新重大专项1项《裸花紫株颗粒二次开发及高新技术产业化》18万元" in text()


def test_deleting_the_science_week_removes_its_part(ledger):
    assert "5月11日至17日" in text()
    ScienceWeek.objects.filter(year=2023).delete()
    assert "科技活动周" not in text()
    assert "5月11日至17日" not in text()


def test_empty_part_says_so_or_is_left_out(db, staff_user):
    report = report_draft(year=2023)
    assert "2023年暂无科技计划项目申报和立项记录。" in text()
    report_section_save(report=report, key="projects", text="", omit_when_empty=True, user=staff_user)
    report_section_reset(report=report, key="projects")
    report.sections.filter(key="projects").update(omit_when_empty=True)
    assert "科技计划项目取得新成效" not in text()
    assert "《》" not in text() and "0项" not in text()


def test_staff_edit_placeholders_reset_and_changed_facts(ledger, staff_user):
    report = report_draft(year=2023)
    report_section_save(
        report=report,
        key="problems",
        text="一是科技发展水平不够平衡。\n二是高新技术产业增加值占比仅为{高新技术产业增加值占比}。",
        omit_when_empty=False,
        user=staff_user,
    )
    assert "二是高新技术产业增加值占比仅为8.85%。" in text()
    from bureau.report.document import section_states

    add_patent(ledger["puzheng"], serial=31, filed=datetime.date(2023, 7, 1))
    report_section_save(report=report, key="achievements", text="成果段落。", omit_when_empty=False, user=staff_user)
    add_patent(ledger["puzheng"], serial=32, filed=datetime.date(2023, 7, 2))
    state = next(s for s in section_states(report) if s.key == "achievements")
    assert ("专利申请量", "5", "6") in state.changed_facts
    report_section_reset(report=report, key="achievements")
    assert "申请专利6件" in text()


def test_issued_report_is_frozen(ledger, staff_user):
    report = report_draft(year=2023)
    issue = report_issue(report=report, user=staff_user, date=datetime.date(2023, 12, 20))
    pdf_before = issue.pdf.read()
    issue.pdf.seek(0)
    docx_before = issue.docx.read()
    content_before = issue.content
    assert "申请专利4件" in "".join(pdf_text(pdf_before).split())
    assert "2023年12月20日" in docx_text(docx_before)

    add_patent(ledger["puzheng"], serial=40, filed=datetime.date(2023, 8, 1))
    ScienceWeek.objects.filter(year=2023).delete()
    with pytest.raises(Exception, match="已定稿"):
        report_section_save(report=report, key="problems", text="改", omit_when_empty=False, user=staff_user)

    issue.refresh_from_db()
    assert issue.content == content_before
    with issue.pdf.open("rb") as handle:
        assert handle.read() == pdf_before
    with issue.docx.open("rb") as handle:
        assert handle.read() == docx_before
    assert issue.figures["achievements"]["专利申请量"] == "4"

    report_reopen(report=report)
    second = report_issue(report=report, user=staff_user, date=datetime.date(2023, 12, 21))
    assert second.number == 2
    assert "申请专利5件" in "".join(pdf_text(second.pdf.read()).split())


def test_new_year_copies_last_years_narrative_only_where_staff_ask(db, staff_user):
    report = report_draft(year=2023)
    report_section_save(report=report, key="ideas", text="以科技创新为引领。", omit_when_empty=False, user=staff_user)
    report_section_save(report=report, key="measures", text="强化项目管理。", omit_when_empty=False, user=staff_user)
    assert "以科技创新为引领。" in text(2023)
    next_report = report_draft(year=2024)
    assert next_report.pk is None and "以科技创新为引领。" not in text(2024)
    report_carry_over(report=next_report, keys=["ideas"], user=staff_user)
    assert "以科技创新为引领。" in text(2024) and "强化项目管理。" not in text(2024)
    # No 问题和不足 for 2024 yet, so the plan is chapter 二.
    assert "二、2025年工作思路、奋斗目标及具体措施" in text(2024)


def test_carrying_over_a_placeholder_without_a_value_is_refused(ledger, staff_user):
    report = report_draft(year=2023)
    report_section_save(
        report=report, key="problems", text="占比仅为{高新技术产业增加值占比}。", omit_when_empty=False, user=staff_user
    )
    # 2024 has no industry statistics, so the copied sentence would print "{高新技术产业增加值占比}".
    with pytest.raises(ValidationError, match="高新技术产业增加值占比"):
        report_carry_over(report=report_draft(year=2024), keys=["problems"], user=staff_user)
    assert not Report.objects.filter(year=2024).exists()
    assert "{" not in text(2024)
