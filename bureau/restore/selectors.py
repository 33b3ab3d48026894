"""Reads for the 已删除记录 page: deleted records of every registered type, from their history."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models

from bureau.deletion import record_label
from bureau.models import Attachment, DeletionBatch, DeletionBatchEntry
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
    # What its delete took and a restore brings back with it: “表彰事项 28 条” …
    group: list[str] = field(default_factory=list)


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
            .prefetch_related("history_user__groups")
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
                    label=record_label(row.instance),
                    deleted_at=row.history_date,
                    deleted_by=row.history_user,
                    attachment_count=Attachment.objects.filter(content_type=content_type, object_id=row.id).count(),
                )
            )
    return sorted(_grouped(records), key=lambda record: record.deleted_at, reverse=True)


def _grouped(records: list[DeletedRecord]) -> list[DeletedRecord]:
    """A record deleted with another is restored with it: listed under it, not on its own row."""
    by_key = {(record.record_type.model, record.pk): record for record in records}
    inside = set()
    batches = DeletionBatch.objects.filter(restored_at__isnull=True).prefetch_related("entries__content_type")
    for batch in batches.select_related("content_type").order_by("deleted_at", "pk"):
        root = by_key.get((batch.content_type.model_class(), batch.object_id))
        if root is not None:
            root.group, members = _batch_lines(batch, is_deleted=by_key.__contains__)
            inside |= members
    return [record for key, record in by_key.items() if key not in inside]


def open_batch(*, model: type[models.Model], pk: int) -> DeletionBatch | None:
    """The latest delete of the record that has not been restored (None for a record deleted before batches)."""
    return (
        DeletionBatch.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=pk, restored_at__isnull=True
        )
        .order_by("-deleted_at", "-pk")
        .first()
    )


def group_summary(*, model: type[models.Model], pk: int) -> list[str]:
    """What a restore of the record brings back with it: “表彰事项 28 条”, “科普活动 3 条 的关联”."""
    batch = open_batch(model=model, pk=pk)
    if batch is None:
        return []
    return _batch_lines(batch, is_deleted=lambda key: not key[0]._default_manager.filter(pk=key[1]).exists())[0]


def _batch_lines(batch: DeletionBatch, *, is_deleted) -> tuple[list[str], set]:
    """The batch's records still deleted, by type and count, and the records that stay but lost a link."""
    entries = [(entry, entry.content_type.model_class()) for entry in batch.entries.all()]
    gone = {(model, entry.object_id) for entry, model in entries if entry.action == DeletionBatchEntry.DELETED}
    members = {key for key in gone if is_deleted(key)}
    gone.add((batch.content_type.model_class(), batch.object_id))
    deleted = Counter(str(model._meta.verbose_name) for model, _pk in members)
    # Links of records that stay (a link between two deleted records comes back with them).
    holders: dict[str, set] = {}
    for entry, model in entries:
        if entry.action == DeletionBatchEntry.UNLINKED and (model, entry.object_id) not in gone:
            holders.setdefault(str(model._meta.verbose_name), set()).add(entry.object_id)
    lines = [f"{name} {count} 条" for name, count in deleted.items()]
    lines += [f"{name} {len(pks)} 条 的关联" for name, pks in holders.items()]
    return lines, members
