"""Writes of the report: drafts, section edits, reset, 采纳 and 忽略 of findings, finalise (定稿) and reopening."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bureau.models import DismissedFinding, Report, ReportIssue, ReportSection
from bureau.proofread import Finding, proofread
from bureau.proofread.names import ledger_names

from .document import SectionState, all_facts, compose, placeholders, section_states
from .findings import CheckedText, checked_text, unapplicable
from .outline import CARRY_OVER, PART_NAMES, part_specs
from .render import render_docx, render_pdf

# report_options_save(issued_on=KEEP): a caller that sets only the cut-off leaves the 成文日期 as it is.
KEEP = object()


def report_draft(*, year: int) -> Report:
    """The year's draft as stored, or an unsaved one: reading a year writes nothing."""
    return Report.objects.filter(year=year).first() or Report(year=year)


def _stored(report: Report) -> Report:
    # The row is created by the first save of a section, the options or a 定稿, never by opening the page.
    # The caller's instance becomes the stored row, so it can be used for the next write.
    if report.pk is None:
        report.pk = Report.objects.get_or_create(year=report.year)[0].pk
        report._state.adding = False
        report.refresh_from_db()
    return report


def _check_open(report: Report) -> None:
    # Read the lock from the database: the caller's instance may predate a 定稿 in another request.
    if report.pk and Report.objects.filter(pk=report.pk, is_locked=True).exists():
        raise ValidationError("报告已定稿，请先开始新的草稿再修改。")


def _check_key(report: Report, key: str) -> None:
    if key not in {spec.key for spec in part_specs(report.year)}:
        raise ValidationError(f"没有名为“{key}”的章节。")


def _known_list(facts: dict[str, str]) -> str:
    return "".join(f"{{{name}}}" for name in facts) or "（本年度没有可引用的数据）"


def _check_placeholders(text: str, facts: dict[str, str]) -> None:
    unknown = [name for name in placeholders(text) if name not in facts]
    if unknown:
        names = "".join(f"{{{name}}}" for name in unknown)
        raise ValidationError(f"没有名为{names}的数据，未保存。可引用的数据：{_known_list(facts)}")


def _section_write(
    *, report: Report, key: str, text: str, omit_when_empty: bool, user: AbstractBaseUser | None, states
) -> ReportSection:
    state = next(state for state in states if state.key == key)
    text = text.replace("\r\n", "\n").strip()
    _check_placeholders(text, all_facts(states))
    generated = "\n".join(state.generated.paragraphs or [state.generated.empty_text])
    section, _ = ReportSection.objects.get_or_create(report=report, key=key)
    # Saving the generated text unchanged (e.g. only to choose what an empty part prints) keeps it generated.
    section.is_edited = text != generated.strip() and not (state.is_empty and not text)
    section.text = text if section.is_edited else ""
    section.omit_when_empty = omit_when_empty
    section.facts_at_edit = state.generated.facts if section.is_edited else {}
    section.edited_by = user if user is not None and user.is_authenticated else None
    section.edited_at = timezone.now()
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def report_section_save(
    *, report: Report, key: str, text: str, omit_when_empty: bool, user: AbstractBaseUser | None
) -> ReportSection:
    """Store staff's text for a section, with the facts the records gave at that moment.

    Refused when the text cites a {名称} the year's records do not give (the message lists those they do).
    """
    _check_open(report)
    _check_key(report, key)
    states = section_states(report)
    report = _stored(report)
    return _section_write(report=report, key=key, text=text, omit_when_empty=omit_when_empty, user=user, states=states)


@transaction.atomic
def report_carry_over(*, report: Report, keys: list[str], user: AbstractBaseUser | None) -> list[ReportSection]:
    """Copy last year's staff text of the chosen narrative parts into this year's draft, all or none.

    A text citing a {名称} this year's records do not give is refused, so no placeholder is left unfilled.
    """
    _check_open(report)
    if not keys:
        raise ValidationError("请选择要从上一年复制的部分。")
    previous = {
        section.key: section
        for section in ReportSection.objects.filter(report__year=report.year - 1, key__in=CARRY_OVER, is_edited=True)
    }
    states = section_states(report)
    facts = all_facts(states)
    problems = []
    for key in keys:
        if key not in previous:
            problems.append(f"{report.year - 1}年报告没有可复制的“{PART_NAMES.get(key, key)}”。")
            continue
        unknown = [name for name in placeholders(previous[key].text) if name not in facts]
        if unknown:
            problems.append(
                f"“{PART_NAMES[key]}”引用了{report.year}年没有的数据" + "".join(f"{{{name}}}" for name in unknown)
            )
    if problems:
        raise ValidationError("；".join(problems) + "，未复制。请复制后自行修改，或先恢复这些数据。")
    report = _stored(report)
    return [
        _section_write(report=report, key=key, text=previous[key].text, omit_when_empty=False, user=user, states=states)
        for key in keys
    ]


def _finding(
    *, report: Report, key: str, finding_key: str, occurrence: int = 0
) -> tuple[list[SectionState], CheckedText, Finding]:
    # The finding as the section reads now: a page shown before someone else's edit may offer a stale one.
    # `occurrence` picks among findings with the same key (the same slip twice in a section).
    states = section_states(report)
    state = next(state for state in states if state.key == key)
    checked = checked_text(state, all_facts(states))
    findings = proofread(checked.text, year=report.year, names=ledger_names()) if checked.text else []
    same = [finding for finding in findings if finding.key == finding_key]
    if not finding_key or not 0 <= occurrence < len(same):
        raise ValidationError("本部分已没有这处问题（文字可能已被修改），未作修改。")
    return states, checked, same[occurrence]


@transaction.atomic
def report_finding_apply(
    *, report: Report, key: str, finding_key: str, occurrence: int = 0, user: AbstractBaseUser | None
) -> ReportSection:
    """采纳: put a proofreader finding's suggestion into the section's text, saved like any edit by `user`.

    `occurrence` is which of the section's findings with this key (0: the first).
    A generated section becomes staff's text (the generated paragraphs with the fix). Refused when the finding
    is no longer in the section, has no single suggestion, or lies in a figure filled in from the records.
    """
    _check_open(report)
    _check_key(report, key)
    states, checked, finding = _finding(report=report, key=key, finding_key=finding_key, occurrence=occurrence)
    if finding.suggestion is None:
        raise ValidationError("这处问题没有确定的改法，请在“编辑本部分”中修改。")
    text = checked.replaced(finding.start, finding.end, finding.suggestion)
    if text is None:
        raise ValidationError("这处问题" + unapplicable(checked, finding))
    omit = next(state.omit_when_empty for state in states if state.key == key)
    report = _stored(report)
    return _section_write(report=report, key=key, text=text, omit_when_empty=omit, user=user, states=states)


@transaction.atomic
def report_finding_dismiss(
    *, report: Report, key: str, finding_key: str, user: AbstractBaseUser | None
) -> DismissedFinding:
    """忽略: remember a finding's key as dismissed for this section, so it is not shown again (nor at 定稿);
    the same slip elsewhere in the section goes with it, as the key names the slip, not its place."""
    _check_open(report)
    _check_key(report, key)
    _finding(report=report, key=key, finding_key=finding_key)
    report = _stored(report)
    section, _ = ReportSection.objects.get_or_create(report=report, key=key)
    dismissed, _ = DismissedFinding.objects.get_or_create(
        section=section,
        key=finding_key,
        defaults={"dismissed_by": user if user is not None and user.is_authenticated else None},
    )
    return dismissed


@transaction.atomic
def report_section_reset(*, report: Report, key: str) -> None:
    """恢复为自动生成: drop staff's text, so the section is written from the records again."""
    _check_open(report)
    _check_key(report, key)
    if report.pk is None:
        return  # nothing stored, nothing to reset
    ReportSection.objects.filter(report=report, key=key).update(is_edited=False, text="", facts_at_edit={})


@transaction.atomic
def report_options_save(
    *,
    report: Report,
    patents_until: datetime.date | None,
    issued_on: datetime.date | object | None = KEEP,
    include_appendix: bool | None = None,
) -> Report:
    """The report's own settings: the patents' cut-off, the 成文日期 (None: the day of 定稿; KEEP: unchanged)
    and (when given) whether the appendix tables print."""
    _check_open(report)
    if patents_until is not None and patents_until.year != report.year:
        raise ValidationError({"patents_until": f"截止日期应在{report.year}年内。"})
    if isinstance(issued_on, datetime.date) and not report.year <= issued_on.year <= report.year + 1:
        raise ValidationError({"issued_on": f"成文日期应在{report.year}年或{report.year + 1}年内。"})
    report = _stored(report)
    report.patents_until = patents_until
    if issued_on is not KEEP:
        report.issued_on = issued_on
    if include_appendix is not None:
        report.include_appendix = include_appendix
    report.save(update_fields=["patents_until", "issued_on", "include_appendix", "updated_at"])
    return report


@transaction.atomic
def report_issue(*, report: Report, user: AbstractBaseUser | None, date: datetime.date | None = None) -> ReportIssue:
    """定稿: freeze the text, the figures it used and the PDF and DOCX files; lock the draft.

    Refused while a section cites a {名称} the records no longer give. The 成文日期 is `date`,
    else the one set on the report, else today (the day of 定稿).
    """
    report = _stored(report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_open(report)
    states = section_states(report)
    missing = [
        f"“{PART_NAMES.get(s.key, s.key)}”中的" + "".join(f"{{{n}}}" for n in s.missing) for s in states if s.missing
    ]
    if missing:
        raise ValidationError("以下数据本年度没有数值，不能定稿：" + "；".join(missing) + "。请修改这些部分。")
    date = date or report.issued_on or timezone.localdate()
    if not report.year <= date.year <= report.year + 1:
        # A 2023 summary issued in 2026 must not carry 2026's date: the date is the bureau's to set.
        raise ValidationError(
            f"今天不在{report.year}年或{report.year + 1}年内，不能用定稿当日作成文日期：请先在报告设置中设定成文日期。"
        )
    document = compose(report, date=date, states=states)
    number = (report.issues.aggregate(n=Max("number"))["n"] or 0) + 1
    issue = ReportIssue(
        report=report,
        number=number,
        title=document["title"],
        content={key: value for key, value in document.items() if key != "facts"},
        figures=document["facts"],
        issued_by=user if user is not None and user.is_authenticated else None,
        issued_on=date,
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
    if not report.pk or not Report.objects.filter(pk=report.pk, is_locked=True).exists():
        raise ValidationError("报告尚未定稿，草稿可以直接修改。")
    report.is_locked = False
    report.save(update_fields=["is_locked", "updated_at"])
    return report
