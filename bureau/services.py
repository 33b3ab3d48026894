"""Writes shared by every record type: save with optimistic locking, delete, roles."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format

from bureau import history


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


class StaleRecordError(Exception):
    """Raised when a record was saved by someone else since the user opened it."""

    def __init__(self, current: models.Model, changes: list[FieldChange]):
        self.current = current
        self.changes = changes
        super().__init__("此记录已被他人修改。")


class RecordInUseError(Exception):
    """Raised when a record cannot be deleted because other records refer to it."""

    def __init__(self, referrers: list[str]):
        self.referrers = referrers
        super().__init__("该记录正被其他记录引用，不能删除：" + "、".join(referrers))


def display_value(instance: models.Model, field: models.Field) -> str:
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
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
        if field.name in {"version", "updated_at", "created_at", "id"}:
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
) -> models.Model:
    """Validate and save a record of any registered type, refusing a stale edit.

    `expected_version` is the version the user saw; when another save happened
    since, `StaleRecordError` carries the other user's changes and nothing is written.
    """
    model = type(instance)
    if instance.pk is not None and model._default_manager.filter(pk=instance.pk).exists():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
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


@transaction.atomic
def record_delete(*, instance: models.Model, user: AbstractBaseUser | None) -> None:
    """Delete a record; its history keeps a copy, links included (and its attachments stay, for a restore)."""
    if user is not None and user.is_authenticated:
        instance._history_user = user
    # Django removes many-to-many links before the deletion's history row is written: keep them first.
    model, pk = type(instance), instance.pk
    links = history.link_rows(instance, history.tracked_m2m_fields(model))
    try:
        instance.delete()
    except ProtectedError as error:
        referrers = sorted({f"{obj._meta.verbose_name}“{obj}”" for obj in list(error.protected_objects)[:5]})
        raise RecordInUseError(referrers) from error
    deletion = history.last_history_row(model, pk) if links else None
    if deletion is not None and deletion.history_type == "-":
        history.history_links_write(deletion, links)
