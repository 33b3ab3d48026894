"""Reads for the 已删除记录 page: deleted records of every registered type, from their history."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models

from bureau.models import Attachment
from bureau.registry import RecordType, registry


@dataclass
class DeletedRecord:
    """One deleted record: its last historical copy, who deleted it and when."""

    record_type: RecordType
    pk: int
    label: str
    deleted_at: datetime
    deleted_by: object
    attachment_count: int


def last_deletion(*, model: type[models.Model], pk: int):
    """The history row of a record's deletion, or None if it is not deleted (or was never there)."""
    last = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    if last is None or last.history_type != "-" or model._default_manager.filter(pk=pk).exists():
        return None
    return last


def deleted_record_list(*, record_types: list[RecordType] | None = None) -> list[DeletedRecord]:
    """Records whose last history row is a deletion and whose id is gone, newest deletion first."""
    records = []
    for record_type in record_types or list(registry):
        model = record_type.model
        deletions = (
            model.history.filter(history_type="-")
            .exclude(id__in=model._default_manager.values("pk"))
            .select_related("history_user")
            .order_by("id", "-history_date", "-history_id")
        )
        content_type = ContentType.objects.get_for_model(model)
        seen = set()
        for row in deletions:
            if row.id in seen:
                continue
            seen.add(row.id)
            records.append(
                DeletedRecord(
                    record_type=record_type,
                    pk=row.id,
                    label=str(row.instance),
                    deleted_at=row.history_date,
                    deleted_by=row.history_user,
                    attachment_count=Attachment.objects.filter(content_type=content_type, object_id=row.id).count(),
                )
            )
    return sorted(records, key=lambda record: record.deleted_at, reverse=True)
