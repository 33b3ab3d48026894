"""Reads on attachments."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from bureau.models import Attachment


def attachment_list(*, model: type[models.Model], object_id: int, include_deleted: bool = False) -> QuerySet:
    """Attachments of one record (it may have been deleted: its attachments outlive it)."""
    queryset = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=object_id
    ).select_related("uploaded_by")
    return queryset if include_deleted else queryset.filter(is_deleted=False)
