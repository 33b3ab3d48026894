"""成文日期: a field of the report, editable before 定稿, defaulting to the day of 定稿; never the build day."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from bureau.models import Report, ReportIssue
from bureau.report.document import UNDATED, compose
from bureau.report.render import render_pdf
from bureau.report.services import report_draft, report_issue, report_options_save
from tests.selectors.records import small_ledger

from .helpers import docx_text

pytestmark = pytest.mark.django_db


def pdf_words(data: bytes) -> str:
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def today() -> str:
    day = timezone.localdate()
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def ledger(db):
    return small_ledger()


def test_set_date_is_printed_in_draft_and_issued_files(ledger, staff_user):
    report = report_draft(year=2023)
    report_options_save(report=report, patents_until=None, issued_on=datetime.date(2023, 12, 25))
    assert "2023年12月25日" in pdf_words(render_pdf(compose(report)))
    issue = report_issue(report=report, user=staff_user)
    assert issue.issued_on == datetime.date(2023, 12, 25)
    pdf = pdf_words(issue.pdf.read())
    docx = docx_text(issue.docx.read())
    assert "XX县科学技术局2023年12月25日" in pdf and today() not in pdf
    assert "2023年12月25日" in docx and today() not in docx


def test_draft_without_a_date_leaves_it_blank_and_issue_takes_the_day_of_issue(
    ledger, staff_user, tmp_path, monkeypatch
):
    output = tmp_path / "draft.docx"
    call_command("build_report", year=2023, format="docx", output=str(output))
    draft = docx_text(output.read_bytes())
    assert ("XX县科学技术局\n" + UNDATED + "\n") in draft + "\n" and today() not in draft
    # Issued on a day in the report's year or the next, 定稿 takes that day.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2024, 1, 8))
    issue = report_issue(report=report_draft(year=2023), user=staff_user)
    assert issue.issued_on == datetime.date(2024, 1, 8)
    assert "XX县科学技术局2024年1月8日" in pdf_words(issue.pdf.read())
    # The draft still has no date of its own: a new version after a reopen is dated on its own 定稿.
    assert Report.objects.get(year=2023).issued_on is None


def test_date_is_edited_on_the_options_form(ledger, staff_client):
    staff_client.post("/reports/2023/options/", {"patents_until": "", "issued_on": "2024-01-10"})
    assert Report.objects.get(year=2023).issued_on == datetime.date(2024, 1, 10)
    assert "2024年1月10日" in staff_client.get("/reports/2023/").content.decode()
    page = staff_client.post("/reports/2023/options/", {"issued_on": "2030-01-10"}, follow=True).content.decode()
    assert "成文日期应在2023年或2024年内" in page
    page = staff_client.post("/reports/2023/options/", {"issued_on": "2024-13-10"}, follow=True).content.decode()
    assert "成文日期格式应为" in page
    assert Report.objects.get(year=2023).issued_on == datetime.date(2024, 1, 10)


def test_issue_without_a_date_years_later_is_refused(ledger, staff_user, monkeypatch):
    """A 2023 summary finalised in 2026 must not carry a 2026 date: staff set the 成文日期 first."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError, match="请先在报告设置中设定成文日期"):
        report_issue(report=report_draft(year=2023), user=staff_user)
    assert not ReportIssue.objects.exists()
