"""Import/export pages: per record type (export, template, upload → preview → confirm) and for the whole ledger."""

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from bureau.registry import RecordType

from . import selectors, services
from .errors import refused_file
from .reader import ImportFileError
from .template import import_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The preview lists at most this many rows of each kind; the counts are always complete.
PREVIEW_ROWS = 500


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）或 CSV 文件")


def download_name(name: str, ext: str) -> str:
    """A Chinese file name with today's date: 专利导入模板-20261202.xlsx (sent as RFC 6266 `filename*`)."""
    return f"{name}-{timezone.localdate():%Y%m%d}.{ext}"


def xlsx_response(path, filename: str) -> FileResponse:
    # The temporary file is unlinked already; the open handle keeps it readable until sent.
    handle = open(path, "rb")  # noqa: SIM115 - closed by FileResponse
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def temporary_xlsx():
    return tempfile.NamedTemporaryFile(suffix=".xlsx", delete=True)


class RecordTypeImportExportMixin(PermissionRequiredMixin):
    """Binds a view to one record type, like the generic views; `action` picks the permissions."""

    record_type: RecordType = None
    action = ""

    def get_permission_required(self):
        rt = self.record_type
        if self.action == "export":
            return [rt.permission("list")]
        return [rt.permission("add"), rt.permission("edit")]


class ExportView(RecordTypeImportExportMixin, View):
    """The list's current filtered view (same query string as the list page) as xlsx."""

    action = "export"
    fmt = "xlsx"

    def get(self, request):
        rt = self.record_type
        queryset = rt.model._default_manager.all()
        if rt.filterset is not None:
            queryset = rt.filterset(request.GET, queryset=queryset).qs
        name = str(rt.verbose_name)
        if self.fmt == "csv":
            response = StreamingHttpResponse(
                services.export_csv(record_type=rt, queryset=queryset), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = content_disposition_header(True, download_name(name, "csv"))
            return response
        with temporary_xlsx() as handle:
            services.export_xlsx(record_type=rt, queryset=queryset, output=handle.name)
            return xlsx_response(handle.name, download_name(name, "xlsx"))


class ExportCsvView(ExportView):
    """The same export as CSV with a UTF-8 BOM, streamed."""

    fmt = "csv"


class ImportTemplateView(RecordTypeImportExportMixin, View):
    """An empty workbook to fill in: headers, an example row and a sheet explaining the columns."""

    action = "import"

    def get(self, request):
        with temporary_xlsx() as handle:
            import_template(record_type=self.record_type, output=handle.name)
            return xlsx_response(handle.name, download_name(f"{self.record_type.verbose_name}导入模板", "xlsx"))


class ImportUploadMixin:
    """Upload page and preview/confirm page shared by one record type and the whole ledger."""

    template_name = "importexport/import.html"

    def get(self, request, token: str | None = None):
        if token:
            return self.preview(request, token, commit=False)
        return self.render_to_response(self.get_context_data())

    def post(self, request, token: str | None = None):
        if token:
            return self.preview(request, token, commit=True)
        return self.post_upload(request)

    def title(self) -> str:
        raise NotImplementedError

    def run(self, path, *, commit: bool, token: str, expected: str):
        raise NotImplementedError

    def preview_url(self, token: str) -> str:
        raise NotImplementedError

    def done_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title(), max_mb=services.settings.LEDGER_UPLOAD_MAX_BYTES // 1048576)
        return context

    def post_upload(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            token = services.upload_store(user=request.user, uploaded=form.cleaned_data["file"])
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return HttpResponseRedirect(self.preview_url(token))

    def preview(self, request, token: str, *, commit: bool):
        path = services.upload_path(user=request.user, token=token)
        if path is None:
            raise Http404("上传的文件已过期或不存在，请重新上传。")
        # The confirm form carries the fingerprint of the versions the preview showed (optimistic locking).
        expected = request.POST.get("seen", "") if commit else ""
        file_name = services.upload_name(user=request.user, token=token) if commit else ""
        report = self.run(path, commit=commit, token=token, expected=expected, file_name=file_name)
        if report.committed:
            services.upload_discard(user=request.user, token=token)
            counts = [sheet.counts for sheet in report.sheets]
            messages.success(
                request,
                f"导入完成：新增 {sum(c['new'] for c in counts)} 条，修改 {sum(c['changed'] for c in counts)} 条，"
                f"无变化 {sum(c['unchanged'] for c in counts)} 条。",
            )
            return HttpResponseRedirect(self.done_url())
        if commit and report.errors:
            messages.error(request, "导入未执行，所有数据都没有写入：" + report.errors[0])
        elif commit:
            messages.error(request, "导入未执行：文件中有错误，所有数据都没有写入。请修改后重新上传。")
        sheets = [
            {
                "report": sheet,
                "counts": sheet.counts,
                "shown": [row for row in sheet.rows if row.status != "unchanged"][:PREVIEW_ROWS],
                "truncated": sum(1 for row in sheet.rows if row.status != "unchanged") > PREVIEW_ROWS,
            }
            for sheet in report.sheets
        ]
        # Problems found in rows or columns can be marked in the file itself and handed back.
        errors_url = self.errors_url(token) if any(sheet.has_errors for sheet in report.sheets) else ""
        return self.render_to_response(
            self.get_context_data(report=report, sheets=sheets, token=token, form=UploadForm(), errors_url=errors_url)
        )


class ImportErrorsMixin:
    """`…/import/<token>/errors/`: the refused upload as a workbook with a 错误说明 column and the bad cells marked."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, token: str):
        path = services.upload_path(user=request.user, token=token)
        if path is None:
            raise Http404("上传的文件已过期或不存在，请重新上传。")
        report = self.run(path, commit=False, token=token, expected="")
        with temporary_xlsx() as handle:
            if not refused_file(path=path, report=report, whole_ledger=self.whole_ledger, output=handle.name):
                # Nothing to mark (or the file cannot be read at all): the preview says which.
                return HttpResponseRedirect(self.preview_url(token))
            return xlsx_response(handle.name, download_name(self.errors_name(), "xlsx"))


class ImportView(RecordTypeImportExportMixin, ImportUploadMixin, TemplateView):
    """Upload a workbook of one record type (`import/`), then preview and confirm it (`import/<token>/`)."""

    action = "import"

    def title(self) -> str:
        return f"导入{self.record_type.verbose_name}"

    def run(self, path, *, commit: bool, token: str, expected: str, file_name: str = ""):
        return services.import_records(
            record_type=self.record_type,
            path=path,
            user=self.request.user,
            commit=commit,
            token=token,
            expected=expected,
            file_name=file_name,
        )

    def preview_url(self, token: str) -> str:
        return reverse(self.record_type.url_name("import_preview"), args=[token])

    def errors_url(self, token: str) -> str:
        return reverse(self.record_type.url_name("import_errors"), args=[token])

    def done_url(self) -> str:
        return reverse(self.record_type.url_name("list"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rt = self.record_type
        context.update(
            record_type=rt,
            template_url=reverse(rt.url_name("import_template")),
            back_url=reverse(rt.url_name("list")),
        )
        context.setdefault("form", UploadForm())
        return context


class LedgerImportView(PermissionRequiredMixin, ImportUploadMixin, TemplateView):
    """Admins import a whole-ledger workbook: every sheet or none."""

    permission_required = "bureau.import_ledger"

    def title(self) -> str:
        return "导入整本台账"

    def run(self, path, *, commit: bool, token: str, expected: str, file_name: str = ""):
        return services.import_ledger(
            path=path, user=self.request.user, commit=commit, token=token, expected=expected, file_name=file_name
        )

    def preview_url(self, token: str) -> str:
        return reverse("importexport:ledger_import_preview", args=[token])

    def errors_url(self, token: str) -> str:
        return reverse("importexport:ledger_import_errors", args=[token])

    def done_url(self) -> str:
        return reverse("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(back_url=reverse("home"), ledger=True, export_url=reverse("importexport:ledger_export"))
        context.setdefault("form", UploadForm())
        return context


class ImportErrorsView(ImportErrorsMixin, ImportView):
    """The refused upload of one record type, marked (its first sheet, or the CSV file)."""

    whole_ledger = False

    def errors_name(self) -> str:
        return f"{self.record_type.verbose_name}导入错误说明"


class LedgerImportErrorsView(ImportErrorsMixin, LedgerImportView):
    """The refused whole-ledger upload, every sheet marked."""

    whole_ledger = True

    def errors_name(self) -> str:
        return "整本台账导入错误说明"


class LedgerExportView(PermissionRequiredMixin, View):
    """A year's whole ledger as one workbook (`?year=2023`, default this year)."""

    def get_permission_required(self):
        return [rt.permission("list") for rt in selectors.importable_types()]

    def get(self, request):
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            raise Http404("年度无效。") from None
        if not 2000 <= year <= 2100:
            raise Http404("年度无效。")
        with temporary_xlsx() as handle:
            services.export_ledger(year=year, output=handle.name)
            return xlsx_response(handle.name, download_name(f"{year}年科技台账", "xlsx"))
