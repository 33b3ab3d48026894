"""Restore a deleted record from its last historical copy, with its links, attachments and what its delete took."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from bureau import history
from bureau.deletion import record_label
from bureau.models import Attachment, DeletionBatch, DeletionBatchEntry
from bureau.operations import RESTORE_REASON
from bureau.services import record_save

from .selectors import last_deletion, open_batch

# Attachments hidden this close to (or after) the record's deletion went with it; older ones were
# deleted on their own and stay deleted.
ATTACHMENT_TOLERANCE = datetime.timedelta(seconds=5)


class RestoreError(Exception):
    """The record cannot be restored; the message says why, in Chinese."""


@transaction.atomic
def record_restore(*, model: type[models.Model], pk: int, user: AbstractBaseUser) -> models.Model:
    """Re-create a deleted record and what its delete took, in one step: all of it or nothing.

    The record comes back from its last history row (links and attachments included); so do the
    records deleted with it, and the links its delete cleared are set again where the record that
    held them is still there and nobody has set them to something else since.
    """
    instance = _record_restore_one(model=model, pk=pk, user=user)
    batch = open_batch(model=model, pk=pk)
    if batch is not None:
        _group_restore(batch=batch, user=user)
        # Older open batches of the record (none unless a restore failed half-way before batches) close too.
        DeletionBatch.objects.filter(content_type=batch.content_type, object_id=pk, restored_at__isnull=True).update(
            restored_at=timezone.now()
        )
    return instance


def _record_restore_one(*, model: type[models.Model], pk: int, user: AbstractBaseUser) -> models.Model:
    """Re-create one deleted record, links included, from its last history row; its history shows the restorer."""
    deletion = last_deletion(model=model, pk=pk)
    if deletion is None:
        raise RestoreError(f"{model._meta.verbose_name}（编号{pk}）不是已删除记录，无需恢复。")
    instance = deletion.instance
    # A form opened before the deletion must not overwrite the restored record.
    instance.version = deletion.version + 1
    try:
        instance.full_clean()
    except ValidationError as error:
        raise RestoreError(f"不能恢复“{record_label(instance)}”：" + "；".join(error.messages)) from error
    instance._history_user = user
    instance._change_reason = RESTORE_REASON
    instance.save(force_insert=True)
    links = links_to_restore(deletion)
    if links:
        history.m2m_save(instance=instance, values=links)
    # auto_now_add stamps an insert with today; the record (and its restore history row) keep
    # the day it was first created.
    model._default_manager.filter(pk=pk).update(created_at=deletion.created_at)
    model.history.filter(id=pk, history_type="+", history_date__gte=deletion.history_date).update(
        created_at=deletion.created_at
    )
    instance.created_at = deletion.created_at
    attachments_restore(model=model, pk=pk, deleted_at=deletion.history_date, user=user)
    return instance


def _group_restore(*, batch: DeletionBatch, user: AbstractBaseUser) -> None:
    """The rest of a delete's group: its deleted records (parents first), then the links it cleared."""
    entries = list(batch.entries.select_related("content_type").order_by("pk"))
    for entry in entries:
        entry_model = entry.content_type.model_class()
        if entry.action == DeletionBatchEntry.DELETED and not _exists(entry_model, entry.object_id):
            _record_restore_one(model=entry_model, pk=entry.object_id, user=user)
    holders: dict[tuple, list[DeletionBatchEntry]] = {}
    for entry in entries:
        if entry.action == DeletionBatchEntry.UNLINKED:
            holders.setdefault((entry.content_type.model_class(), entry.object_id), []).append(entry)
    for (holder_model, holder_pk), links in holders.items():
        holder = holder_model._default_manager.filter(pk=holder_pk).first()
        if holder is None:
            continue  # deleted since, on its own: nothing to relink
        m2m = {}
        changed = False
        for link in links:
            field = holder_model._meta.get_field(link.field_name)
            if not _exists(field.related_model, link.value):
                continue
            if field.many_to_many:
                current = m2m.setdefault(field.name, list(getattr(holder, field.name).values_list("pk", flat=True)))
                if link.value not in current:
                    current.append(link.value)
                    changed = True
            elif getattr(holder, field.attname) is None:
                # Set again only if still empty: a link someone chose since the delete stays.
                setattr(holder, field.attname, link.value)
                changed = True
        if changed:
            try:
                record_save(instance=holder, user=user, m2m=m2m, reason=RESTORE_REASON)
            except ValidationError as error:
                raise RestoreError(f"不能恢复“{record_label(holder)}”的关联：" + "；".join(error.messages)) from error


def _exists(model: type[models.Model], pk) -> bool:
    return model._default_manager.filter(pk=pk).exists()


def links_to_restore(deletion) -> dict[str, list[int]]:
    """The many-to-many links the deletion's history row kept, less related records deleted since."""
    links = {}
    for name, ids in history.history_m2m_values(deletion).items():
        related = deletion.instance_type._meta.get_field(name).related_model
        existing = set(related._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        links[name] = [pk for pk in ids if pk in existing]
    return links


def attachments_restore(*, model: type[models.Model], pk: int, deleted_at: datetime.datetime, user) -> int:
    """Un-delete the attachments hidden together with the record; returns how many."""
    restored = 0
    attachments = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=pk, is_deleted=True
    )
    for attachment in attachments:
        hidden_at = attachment.history.order_by("-history_date").values_list("history_date", flat=True).first()
        if hidden_at is None or hidden_at < deleted_at - ATTACHMENT_TOLERANCE:
            continue
        attachment.is_deleted = False
        attachment._history_user = user
        attachment._change_reason = RESTORE_REASON
        attachment.save(update_fields=["is_deleted"])
        restored += 1
    return restored
