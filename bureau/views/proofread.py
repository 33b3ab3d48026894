"""校对文档: staff upload a .txt or .docx and see what the proofreader finds in it (nothing is stored)."""

import io
import zipfile

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views import generic

from bureau.models.report import REPORT_YEARS
from bureau.proofread import proofread
from bureau.proofread.files import UnreadableDocument, document_text
from bureau.proofread.names import ledger_names
from bureau.text import sentence_around


def year_choices() -> list[tuple]:
    """不限, then next year down to the first report year: newest first, not from 2100 down."""
    last = min(timezone.localdate().year + 1, REPORT_YEARS[-1])
    return [("", "不限")] + [(year, f"{year}年") for year in range(last, REPORT_YEARS[0] - 1, -1)]


class ProofreadForm(forms.Form):
    document = forms.FileField(
        label="文档",
        help_text="纯文本（.txt）或 Word 文档（.docx）",
        widget=forms.FileInput(attrs={"accept": ".txt,.docx"}),
    )
    year = forms.TypedChoiceField(
        label="文档所属年度",
        choices=year_choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="填写后按该年度检查过时提法",
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > settings.LEDGER_UPLOAD_MAX_BYTES:
            raise ValidationError(f"文件过大，上限为{filesizeformat(settings.LEDGER_UPLOAD_MAX_BYTES)}。")
        return document


def _check_archive(data: bytes) -> None:
    # A .docx is a zip: an upload that unpacks to far more than the upload limit is a bomb, refused before
    # python-docx parses it (the command reads local files, the page reads anyone's).
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # the reader says the file is damaged
    if size > 10 * settings.LEDGER_UPLOAD_MAX_BYTES:
        raise ValidationError("文档解压后过大，疑似压缩炸弹，已拒绝。")


def read_upload(upload) -> str:
    """The uploaded document's text through the proofreader's own reader (as `manage.py proofread` reads files)."""
    data = upload.read()
    if upload.name.lower().endswith(".docx"):
        _check_archive(data)
    try:
        return document_text(upload.name, data)
    except UnreadableDocument as error:
        raise ValidationError(str(error)) from error
    except UnicodeDecodeError as error:  # a byte-order mark over bytes that are not UTF-16
        raise ValidationError("文本文件的编码无法识别，请另存为 UTF-8 编码后再校对。") from error


class ProofreadDocumentView(LoginRequiredMixin, PermissionRequiredMixin, generic.FormView):
    """Upload a document, get the findings with line and column; the file is read in memory and not kept."""

    permission_required = "bureau.proofread_document"
    template_name = "proofread/document.html"
    form_class = ProofreadForm

    def form_valid(self, form):
        upload = form.cleaned_data["document"]
        try:
            text = read_upload(upload)
        except ValidationError as error:
            form.add_error("document", error)
            return self.form_invalid(form)
        findings = proofread(text, year=form.cleaned_data["year"], names=ledger_names())
        rows = [(finding, *sentence_around(text, finding.start, finding.end)) for finding in findings]
        return self.render_to_response(
            self.get_context_data(form=form, rows=rows, name=upload.name, characters=len(text), checked=True)
        )
