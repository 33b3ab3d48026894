"""Attachment views for every record type: upload, download and delete, bound to a record type by the URL generator.

Each URL carries the record's pk and the attachment's id; an attachment is found only
through the record type and record it belongs to, so guessing ids on another record
type's URL finds nothing, and the permission checked is always that record type's.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views import View

from bureau import page_messages
from bureau.registry import RecordType

from . import services
from .selectors import attachment_list
from .sniffing import ACCEPT_ATTRIBUTE, ALLOWED_LABELS


class AttachmentForm(forms.Form):
    file = forms.FileField(label="文件")
    description = forms.CharField(label="说明", max_length=200, required=False)


def url_name(record_type: RecordType, action: str) -> str:
    return record_type.url_name(f"attachment_{action}")


class AttachmentViewMixin(PermissionRequiredMixin):
    """Binds a view to one record type and checks that type's view or change permission."""

    record_type: RecordType = None
    action = "detail"

    def get_permission_required(self):
        return [self.record_type.permission(self.action)]

    def get_attachment(self):
        queryset = attachment_list(model=self.record_type.model, object_id=self.kwargs["pk"])
        return get_object_or_404(queryset, pk=self.kwargs["attachment_id"])

    def back(self, request, pk: int, level: int, text: str) -> HttpResponseRedirect:
        """Back to the record's attachments with the message shown there, or to its history when it is gone."""
        model = self.record_type.model
        if model._default_manager.filter(pk=pk).exists():
            # The page opens at #attachments: a message at its top would be out of sight.
            page_messages.add_at(request, level, text, place="attachments")
            return HttpResponseRedirect(reverse(self.record_type.url_name("detail"), args=[pk]) + "#attachments")
        messages.add_message(request, level, text)
        return HttpResponseRedirect(reverse(self.record_type.url_name("history"), args=[pk]))


class AttachmentUploadView(AttachmentViewMixin, View):
    """POST a file to a record; refused with the reason when its type or size is not allowed."""

    action = "edit"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        record = get_object_or_404(self.record_type.model, pk=pk)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.back(request, pk, messages.ERROR, "上传失败：请选择要上传的文件。")
        upload = form.cleaned_data["file"]
        try:
            attachment = services.attachment_upload(
                record=record, file=upload, user=request.user, description=form.cleaned_data["description"]
            )
        except ValidationError as error:
            return self.back(request, pk, messages.ERROR, f"上传失败（{upload.name}）：" + "".join(error.messages))
        return self.back(request, pk, messages.SUCCESS, f"已上传附件：{attachment.original_name}")


class AttachmentDownloadView(AttachmentViewMixin, View):
    """Send an attachment as a download, never inline, under its sanitised name."""

    action = "detail"

    def get(self, request, pk: int, attachment_id: int):
        attachment = self.get_attachment()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("附件文件已丢失。") from error
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.mime_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class AttachmentDeleteView(AttachmentViewMixin, View):
    """POST to hide an attachment; the file is kept for a restore."""

    action = "edit"
    http_method_names = ["post"]

    def post(self, request, pk: int, attachment_id: int):
        attachment = self.get_attachment()
        services.attachment_delete(attachment=attachment, user=request.user)
        return self.back(request, pk, messages.SUCCESS, f"已删除附件：{attachment.original_name}")


RECORD_VIEWS = [
    ("<int:pk>/attachments/", "attachment_upload", AttachmentUploadView),
    ("<int:pk>/attachments/<int:attachment_id>/", "attachment_download", AttachmentDownloadView),
    ("<int:pk>/attachments/<int:attachment_id>/delete/", "attachment_delete", AttachmentDeleteView),
]


def detail_section(request, record_type: RecordType, record) -> dict | None:
    """The attachments section of a record's detail page (see generic.ObjectDetailView)."""
    if not request.user.has_perm(record_type.permission("detail")):
        return None
    can_change = request.user.has_perm(record_type.permission("edit"))
    rows = [
        {
            "attachment": attachment,
            "size": filesizeformat(attachment.size),
            "download_url": reverse(url_name(record_type, "download"), args=[record.pk, attachment.pk]),
            "delete_url": reverse(url_name(record_type, "delete"), args=[record.pk, attachment.pk]),
        }
        for attachment in attachment_list(model=record_type.model, object_id=record.pk)
    ]
    return {
        "template": "attachments/_section.html",
        "message_place": "attachments",  # the uploads' and deletes' messages show in the section
        "rows": rows,
        "can_change": can_change,
        "upload_url": reverse(url_name(record_type, "upload"), args=[record.pk]),
        "accept": ACCEPT_ATTRIBUTE,
        "allowed": ALLOWED_LABELS,
        "max_size": filesizeformat(settings.LEDGER_UPLOAD_MAX_BYTES),
    }
