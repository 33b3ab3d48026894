"""Writes of the report: drafts, section edits, reset, finalise (定稿) and reopening."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bureau.models import Report, ReportIssue, ReportSection

from .document import compose, section_states
from .outline import CARRY_OVER, part_specs
from .render import render_docx, render_pdf


@transaction.atomic
def report_draft(*, year: int) -> Report:
    """The year's draft, created on first use with last year's narrative parts as its starting text."""
    report, created = Report.objects.get_or_create(year=year)
    if created:
        previous = ReportSection.objects.filter(report__year=year - 1, key__in=CARRY_OVER, is_edited=True)
        for section in previous:
            ReportSection.objects.create(report=report, key=section.key, text=section.text, is_edited=True)
    return report


def _check_open(report: Report) -> None:
    # Read the lock from the database: the caller's instance may predate a 定稿 in another request.
    if Report.objects.filter(pk=report.pk, is_locked=True).exists():
        raise ValidationError("报告已定稿，请先开始新的草稿再修改。")


def _check_key(report: Report, key: str) -> None:
    if key not in {spec.key for spec in part_specs(report.year)}:
        raise ValidationError(f"没有名为“{key}”的章节。")


@transaction.atomic
def report_section_save(
    *, report: Report, key: str, text: str, omit_when_empty: bool, user: AbstractBaseUser | None
) -> ReportSection:
    """Store staff's text for a section, with the facts the records gave at that moment."""
    _check_open(report)
    _check_key(report, key)
    facts = next(state.generated.facts for state in section_states(report) if state.key == key)
    section, _ = ReportSection.objects.get_or_create(report=report, key=key)
    section.text = text.replace("\r\n", "\n").strip()
    section.is_edited = True
    section.omit_when_empty = omit_when_empty
    section.facts_at_edit = facts
    section.edited_by = user if user is not None and user.is_authenticated else None
    section.edited_at = timezone.now()
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def report_section_reset(*, report: Report, key: str) -> None:
    """恢复为自动生成: drop staff's text, so the section is written from the records again."""
    _check_open(report)
    _check_key(report, key)
    ReportSection.objects.filter(report=report, key=key).update(is_edited=False, text="", facts_at_edit={})


@transaction.atomic
def report_options_save(*, report: Report, patents_until: datetime.date | None) -> Report:
    _check_open(report)
    if patents_until is not None and patents_until.year != report.year:
        raise ValidationError({"patents_until": f"截止日期应在{report.year}年内。"})
    report.patents_until = patents_until
    report.save(update_fields=["patents_until", "updated_at"])
    return report


@transaction.atomic
def report_issue(*, report: Report, user: AbstractBaseUser | None, date: datetime.date | None = None) -> ReportIssue:
    """定稿: freeze the text, the figures it used and the PDF and DOCX files; lock the draft."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_open(report)
    document = compose(report, date=date)
    number = (report.issues.aggregate(n=Max("number"))["n"] or 0) + 1
    issue = ReportIssue(
        report=report,
        number=number,
        title=document["title"],
        content={key: value for key, value in document.items() if key != "facts"},
        figures=document["facts"],
        issued_by=user if user is not None and user.is_authenticated else None,
    )
    stem = f"{timezone.localdate():%Y%m%d}-report-{report.year}-v{number}"
    # Both files are rendered before either is stored, and the stored ones are deleted if anything after fails:
    # a failed 定稿 leaves neither a row nor a file.
    files = {"pdf": render_pdf(document), "docx": render_docx(document)}
    stored = []
    try:
        for field, data in files.items():
            getattr(issue, field).save(f"{stem}.{field}", ContentFile(data), save=False)
            stored.append(getattr(issue, field))
        issue.save()
        report.is_locked = True
        report.save(update_fields=["is_locked", "updated_at"])
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise
    return issue


@transaction.atomic
def report_reopen(*, report: Report) -> Report:
    """Start a new draft after an issue: the edits stay, the issued versions stay as they are."""
    report.is_locked = False
    report.save(update_fields=["is_locked", "updated_at"])
    return report
