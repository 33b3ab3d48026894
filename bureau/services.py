"""Writes shared by every record type: save with optimistic locking, delete, roles."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from bureau import deletion, history
from bureau.models import DeletionBatch, DeletionBatchEntry


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


class StaleRecordError(Exception):
    """Raised when a record was saved by someone else since the user opened it."""

    def __init__(self, current: models.Model, changes: list[FieldChange], version_missing: bool = False):
        self.current = current
        self.changes = changes
        self.version_missing = version_missing
        super().__init__("提交的表单缺少版本信息。" if version_missing else "此记录已被他人修改。")


class RecordInUseError(Exception):
    """Raised when a record cannot be deleted because other records refer to it."""

    def __init__(self, referrers: list[str]):
        self.referrers = referrers
        super().__init__("该记录正被其他记录引用，不能删除：" + "、".join(referrers))


def display_value(instance: models.Model, field: models.Field) -> str:
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if field.many_to_one or field.one_to_one:
        # An old version may point at a record deleted since: shown by the name its history keeps.
        related_pk = getattr(instance, field.attname)
        if related_pk is None:
            return "—"
        try:
            return deletion.record_label(getattr(instance, field.name))
        except ObjectDoesNotExist:
            return history.deleted_label(field.related_model, related_pk)
    value = getattr(instance, field.name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "Y年n月j日 H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "Y年n月j日")
    return str(value)


def field_changes(old: models.Model, new: models.Model) -> list[FieldChange]:
    """Fields whose values differ between two versions of a record, for messages and history."""
    changes = []
    for field in new._meta.concrete_fields:
        if field.name in {"version", "updated_at", "created_at", "id"} or getattr(field, "internal", False):
            continue
        if getattr(old, field.attname) != getattr(new, field.attname):
            changes.append(
                FieldChange(field.name, str(field.verbose_name), display_value(old, field), display_value(new, field))
            )
    return changes


@transaction.atomic
def record_save(
    *,
    instance: models.Model,
    user: AbstractBaseUser | None,
    expected_version: int | None = None,
    m2m: dict | None = None,
    reason: str = "",
    version_required: bool = False,
) -> models.Model:
    """Validate and save a record of any registered type, refusing a stale edit.

    `expected_version` is the version the user saw; when another save happened
    since, `StaleRecordError` carries the other user's changes and nothing is written.
    With `version_required` (an edit form), a missing version is a stale version: a form
    that lost its hidden field cannot overwrite whatever is there now.
    """
    model = type(instance)
    if instance.pk is not None and model._default_manager.filter(pk=instance.pk).exists():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if expected_version is None and version_required:
            raise StaleRecordError(current=current, changes=[], version_missing=True)
        if expected_version is not None and current.version != expected_version:
            previous = current.history.filter(version=expected_version).first()
            base = previous.instance if previous else current
            raise StaleRecordError(current=current, changes=field_changes(base, current))
        instance.version = current.version + 1
    instance.full_clean()
    if user is not None and user.is_authenticated:
        instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()
    if m2m:
        history.m2m_save(instance=instance, values=m2m)
    return instance


def _history_user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _history_row_write(*, instance: models.Model, user, reason: str) -> None:
    """A history row (with the user) for a record that a delete changed without saving it."""
    if not hasattr(instance, "version"):
        return  # not a ledger record: it keeps no history
    # Its version rises too, so a form opened before the change is refused as stale.
    instance.version += 1
    instance._history_user = user
    instance._change_reason = reason
    instance.save(update_fields=["version", "updated_at"])


@transaction.atomic
def record_delete(*, instance: models.Model, user: AbstractBaseUser | None) -> DeletionBatch:
    """Delete a record and what goes with it; every record touched keeps a history row with the user.

    Records deleted with it (CASCADE) get a deletion row, records whose link to it is cleared
    (SET_NULL, many-to-many) a new version; the group is one `DeletionBatch`, so a restore brings
    it all back. A record that others protect raises `RecordInUseError` and nothing is written.
    """
    user = _history_user(user)
    model, pk = type(instance), instance.pk
    plan = deletion.deletion_plan(instance=instance)
    if plan.protected:
        raise RecordInUseError(plan.protected_summary())
    label = f"{instance._meta.verbose_name}“{deletion.record_label(instance)}”"
    batch = DeletionBatch.objects.create(
        content_type=ContentType.objects.get_for_model(model), object_id=pk, deleted_by=user
    )
    entries = [
        DeletionBatchEntry(
            batch=batch,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            action=DeletionBatchEntry.DELETED,
        )
        for obj in plan.deleted
    ]
    entries += [
        DeletionBatchEntry(
            batch=batch,
            content_type=ContentType.objects.get_for_model(link.model),
            object_id=link.pk,
            action=DeletionBatchEntry.UNLINKED,
            field_name=link.field.name,
            value=link.value,
        )
        for link in plan.cleared + plan.removed_links
    ]
    DeletionBatchEntry.objects.bulk_create(entries)
    # Django removes many-to-many links before the deletion's history rows are written: keep them first.
    doomed = [instance, *plan.deleted]
    links = {(type(obj), obj.pk): history.link_rows(obj, history.tracked_m2m_fields(type(obj))) for obj in doomed}
    for objs in plan.collector.data.values():
        for obj in objs:
            obj._history_user = user
            if obj is not instance:
                obj._change_reason = f"随{label}删除"
    plan.collector.delete()
    for (doomed_model, doomed_pk), rows in links.items():
        row = history.last_history_row(doomed_model, doomed_pk) if rows else None
        if row is not None and row.history_type == "-":
            history.history_links_write(row, rows)
    touched: dict[type, set] = {}
    for link in plan.cleared:
        touched.setdefault(link.model, set()).add(link.pk)
    for touched_model, pks in touched.items():
        for obj in touched_model._default_manager.filter(pk__in=pks):
            _history_row_write(instance=obj, user=user, reason=f"因删除{label}清除关联")
    return batch
