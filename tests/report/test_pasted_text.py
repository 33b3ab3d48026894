"""Pasted control characters never reach the report's files, and a failed 定稿 leaves neither a row nor a file."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from bureau.models import Report, ReportIssue
from bureau.report import services
from tests.report.helpers import docx_text, flat, pdf_text
from tests.selectors.records import small_ledger

pytestmark = pytest.mark.django_db

PASTED = "一是科技\x07经费投入\x1f水平不高；\x0b二是\x00创新\x08平台\x0e偏少。\r\n三是人才不足。"
CLEAN = "一是科技经费投入水平不高；\n二是创新平台偏少。\n三是人才不足。"


@pytest.fixture
def report(db):
    small_ledger()
    return Report.objects.get_or_create(year=2023, defaults={"issued_on": datetime.date(2023, 12, 20)})[0]


def issue_files() -> set[Path]:
    folder = Path(settings.MEDIA_ROOT) / "reports"
    return {path for path in folder.rglob("*") if path.is_file()}


def test_a_pasted_section_is_stored_clean_and_downloads_and_issues(report, staff_client):
    response = staff_client.post("/reports/2023/sections/problems/", {"text": PASTED})
    assert response.status_code == 302
    assert report.sections.get(key="problems").text == CLEAN

    draft = staff_client.get("/reports/2023/draft.docx")
    assert draft.status_code == 200
    assert "三是人才不足。" in docx_text(draft.content)

    response = staff_client.post("/reports/2023/issue/")
    assert response.status_code == 302
    issue = ReportIssue.objects.get()
    assert "一是科技经费投入水平不高；" in flat(pdf_text(issue.pdf.read()))
    assert "二是创新平台偏少。" in docx_text(issue.docx.read())


def test_a_section_saved_through_the_service_is_clean(report, staff_user):
    section = services.report_section_save(
        report=report, key="problems", text=PASTED, omit_when_empty=False, user=staff_user
    )
    section.refresh_from_db()
    assert section.text == CLEAN


def test_issue_failing_to_render_the_word_file_leaves_no_row_and_no_file(report, staff_user, monkeypatch):
    before = issue_files()

    def broken(document):
        raise ValueError("render failed")

    monkeypatch.setattr(services, "render_docx", broken)
    with pytest.raises(ValueError):
        services.report_issue(report=report, user=staff_user)
    assert not ReportIssue.objects.exists()
    assert not Report.objects.get(pk=report.pk).is_locked
    assert issue_files() == before


def test_issue_failing_after_its_files_are_stored_deletes_them(report, staff_user, monkeypatch):
    before = issue_files()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(ReportIssue, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.report_issue(report=report, user=staff_user)
    monkeypatch.undo()
    assert not ReportIssue.objects.exists()
    assert issue_files() == before
    # Nothing stays in the way: the next 定稿 works.
    issue = services.report_issue(report=report, user=staff_user)
    assert issue_files() == before | {Path(issue.pdf.path), Path(issue.docx.path)}
