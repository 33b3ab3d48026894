"""Report pages: the draft as it will print, section editing, 定稿, downloads of drafts and issued versions."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View, generic

from bureau import page_messages
from bureau.models import Report, ReportIssue
from bureau.models.report import REPORT_YEARS

from . import selectors, services
from .document import compose, issued_changes, section_states
from .render import render_body, render_css, render_docx, render_pdf

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


def _year(year: int) -> int:
    # /reports/0/ or /reports/10000/: no such year in the ledger, so no such page (not a 500).
    if year not in REPORT_YEARS:
        raise Http404("年度应在2000至2100之间。")
    return year


def _parse_date(value: str, *, label: str) -> datetime.date | None:
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError as error:
        raise ValidationError(f"{label}格式应为 2023-10-31。") from error


class DocumentCssView(LoginRequiredMixin, View):
    """The 公文 stylesheet (fonts from settings) as a file of our own origin: the CSP forbids inline styles."""

    def get(self, request):
        response = HttpResponse(render_css(), content_type="text/css; charset=utf-8")
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ReportListView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """Years that have a report, their issued versions, and a way to open a year."""

    permission_required = "bureau.view_report"
    template_name = "report/report_list.html"

    def get(self, request, *args, **kwargs):
        # The "open a year" form submits ?year=; send the user to that year's report.
        year = request.GET.get("year", "")
        if year.isdigit() and int(year) in REPORT_YEARS:
            return redirect("report:detail", year=int(year))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = Report.objects.prefetch_related("issues")
        context["this_year"] = timezone.localdate().year
        return context


class ReportDetailView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """The year's draft section by section; editors get the edit forms, everyone sees issued versions."""

    permission_required = "bureau.view_report"
    template_name = "report/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.kwargs["year"])
        can_edit = self.request.user.has_perm("bureau.edit_report")
        # Reading writes nothing: an unopened year is an unsaved draft until its first save.
        report = services.report_draft(year=year)
        states = section_states(report)
        issues = list(report.issues.select_related("issued_by")) if report.pk else []
        issued = issues[0] if report.is_locked and issues else None
        context.update(
            report=report,
            year=year,
            states=states,
            doc=issued.content if issued else compose(report, states=states),
            issued=issued,
            # Each section of a draft shows the message of its own save or reset (bureau.page_messages).
            message_places=[] if issued else [f"part-{state.key}" for state in states],
            issued_body=render_body(issued.content) if issued else "",
            # Figures of the issued version that the ledger no longer gives: a reason for a new draft.
            issued_changes=issued_changes(issued.figures, states) if issued else [],
            can_edit=can_edit and not report.is_locked,
            can_download=self.request.user.has_perm("bureau.download_report"),
            is_editor=can_edit,
            issues=issues,
            carry_over=selectors.carry_over_offers(report=report, states=states)
            if can_edit and not report.is_locked
            else [],
            # The proofreader's open findings beside each section, for those who can 采纳 or 忽略 them.
            findings=selectors.section_findings(report=report, states=states)
            if can_edit and not report.is_locked
            else {},
        )
        return context


class EditorView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Base of the report's POST actions: editors only, back to the report page with a message."""

    permission_required = "bureau.edit_report"

    def post(self, request, year, **kwargs):
        report = services.report_draft(year=_year(year))
        try:
            level, text = messages.SUCCESS, self.act(request, report, **kwargs)
        except ValidationError as error:
            level, text = messages.ERROR, _error_text(error)
        # A finalised report shows its issued text, not the draft's sections: then the message goes at the top.
        if "key" not in kwargs or Report.objects.filter(pk=report.pk, is_locked=True).exists():
            messages.add_message(request, level, text)
            return redirect("report:detail", year=year)
        # The page opens at the section: its message is shown there, not out of sight at the top.
        place = f"part-{kwargs['key']}"
        page_messages.add_at(request, level, text, place=place)
        return redirect(reverse("report:detail", args=[year]) + f"#{place}")


class SectionSaveView(EditorView):
    def act(self, request, report, key):
        services.report_section_save(
            report=report,
            key=key,
            text=request.POST.get("text", ""),
            omit_when_empty=bool(request.POST.get("omit_when_empty")),
            user=request.user,
        )
        return "本部分已保存。"


class SectionResetView(EditorView):
    def act(self, request, report, key):
        services.report_section_reset(report=report, key=key)
        return "本部分已恢复为自动生成。"


class OptionsView(EditorView):
    def act(self, request, report):
        services.report_options_save(
            report=report,
            patents_until=_parse_date(request.POST.get("patents_until", ""), label="专利统计截止日期"),
            issued_on=_parse_date(request.POST.get("issued_on", ""), label="成文日期"),
            include_appendix=bool(request.POST.get("include_appendix")),
        )
        return "报告设置已保存。"


class CarryOverView(EditorView):
    def act(self, request, report):
        sections = services.report_carry_over(report=report, keys=request.POST.getlist("keys"), user=request.user)
        return f"已从{report.year - 1}年报告复制{len(sections)}个部分。"


class FindingApplyView(EditorView):
    def act(self, request, report, key):
        occurrence = request.POST.get("occurrence", "0")
        services.report_finding_apply(
            report=report,
            key=key,
            finding_key=request.POST.get("finding", ""),
            occurrence=int(occurrence) if occurrence.isdigit() else 0,
            user=request.user,
        )
        return "已采纳校对建议，本部分已保存。"


class FindingDismissView(EditorView):
    def act(self, request, report, key):
        services.report_finding_dismiss(
            report=report, key=key, finding_key=request.POST.get("finding", ""), user=request.user
        )
        return "已忽略这处校对问题，本部分不再提示。"


class IssueView(EditorView):
    """定稿. While the proofreader has open findings, the first POST (and a GET) shows them and asks to confirm."""

    template_name = "report/report_issue_confirm.html"

    def confirm_page(self, request, report):
        states = section_states(report)
        findings = selectors.section_findings(report=report, states=states)
        context = {
            "report": report,
            "year": report.year,
            "title": compose(report, states=states)["title"],
            "sections": [(state, findings[state.key]) for state in states if state.key in findings],
            "count": sum(len(items) for items in findings.values()),
        }
        return render(request, self.template_name, context) if findings else None

    def get(self, request, year):
        report = services.report_draft(year=_year(year))
        if report.is_locked:
            return redirect("report:detail", year=year)
        return self.confirm_page(request, report) or redirect("report:detail", year=year)

    def post(self, request, year, **kwargs):
        if not request.POST.get("confirm_findings"):
            report = services.report_draft(year=_year(year))
            page = None if report.is_locked else self.confirm_page(request, report)
            if page is not None:
                return page
        return super().post(request, year, **kwargs)

    def act(self, request, report):
        issue = services.report_issue(report=report, user=request.user)
        return f"已定稿（第{issue.number}版），PDF和Word文件已保存。"


class ReopenView(EditorView):
    def act(self, request, report):
        services.report_reopen(report=report)
        return "已开始新的草稿；已定稿的版本保持不变。"


class DraftDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The current draft as PDF or DOCX, built now."""

    permission_required = "bureau.download_report"

    def get(self, request, year, fmt):
        if fmt not in CONTENT_TYPES:
            raise Http404
        report = services.report_draft(year=_year(year))
        document = compose(report)
        data = render_pdf(document) if fmt == "pdf" else render_docx(document)
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{timezone.localdate():%Y%m%d}-report-{year}-draft.{fmt}"'
        )
        return response


class IssueDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """An issued version's stored file, exactly as it was frozen."""

    permission_required = "bureau.download_report"

    def get(self, request, pk, fmt):
        if fmt not in CONTENT_TYPES:
            raise Http404
        issue = get_object_or_404(ReportIssue, pk=pk)
        stored = issue.pdf if fmt == "pdf" else issue.docx
        if not stored:
            raise Http404
        name = stored.name.rsplit("/", 1)[-1]
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
