"""Reads on attachments."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from bureau.models import Attachment
from bureau.services import FieldChange


def attachment_list(*, model: type[models.Model], object_id: int, include_deleted: bool = False) -> QuerySet:
    """Attachments of one record (it may have been deleted: its attachments outlive it)."""
    queryset = (
        Attachment.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=object_id)
        .select_related("uploaded_by")
        .prefetch_related("uploaded_by__groups")
    )
    return queryset if include_deleted else queryset.filter(is_deleted=False)


def attachment_operation(history_type: str, is_deleted: bool) -> str:
    """上传附件, 删除附件 or 恢复附件 for a history row of an attachment (its delete hides it, a restore shows it)."""
    if history_type == "+":
        return "上传附件"
    if history_type == "-" or is_deleted:
        return "删除附件"
    return "恢复附件"


def attachment_change(operation: str, name: str) -> FieldChange:
    """The attachment as a change of the record: “附件：— → 批复.pdf”, or the reverse for a deletion."""
    before, after = (name, "—") if operation == "删除附件" else ("—", name)
    return FieldChange("attachment", "附件", before, after)


def attachment_events(*, model: type[models.Model], object_id: int) -> list:
    """History rows of the record's attachments, each with its `operation` and `change`, people's groups loaded."""
    rows = list(
        Attachment.history.filter(content_type=ContentType.objects.get_for_model(model), object_id=object_id)
        .select_related("history_user")
        .prefetch_related("history_user__groups")
        .order_by("-history_date", "-history_id")
    )
    for row in rows:
        row.operation = attachment_operation(row.history_type, row.is_deleted)
        row.change = attachment_change(row.operation, row.original_name)
    return rows
