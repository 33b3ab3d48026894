"""What deleting a record takes with it, read from Django's Collector before anything is written.

The plan lists the records deleted with it (CASCADE, to any depth), the foreign keys it clears
(SET_NULL and the other SET_* handlers), the many-to-many links that go, and what refuses the
delete (PROTECT, RESTRICT). The confirmation page shows its summary; `record_delete` carries it
out so that every record touched gets a history row with the user.
"""

import operator
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from bureau.registry import registry


@dataclass(frozen=True)
class ClearedLink:
    """A link the delete removes from a record that stays: a foreign key set to NULL, or a many-to-many row."""

    model: type[models.Model]
    pk: int
    field: models.Field
    value: int  # the id the link held (of a record deleted in the same step)


@dataclass
class DeletionPlan:
    """Everything one delete touches; `protected` non-empty means it is refused."""

    instance: models.Model
    collector: Collector | None
    deleted: list[models.Model] = field(default_factory=list)  # other records, parents before children
    cleared: list[ClearedLink] = field(default_factory=list)
    removed_links: list[ClearedLink] = field(default_factory=list)  # many-to-many links of deleted records
    protected: list[models.Model] = field(default_factory=list)

    def summary(self) -> list[str]:
        """What goes with the record, by type and count: “将同时删除 表彰事项 28 条” …"""
        lines = []
        deleted = Counter(str(obj._meta.verbose_name) for obj in self.deleted)
        lines += [f"将同时删除 {name} {count} 条" for name, count in deleted.items()]
        cleared: dict[tuple, set] = {}
        for link in self.cleared:
            key = (str(link.model._meta.verbose_name), str(link.field.verbose_name), link.field.many_to_many)
            cleared.setdefault(key, set()).add(link.pk)
        for (name, label, many), pks in cleared.items():
            records = f"{name} {len(pks)} 条 的“{label}”"
            lines.append(f"将从 {records}中移除" if many else f"将清除 {records}")
        return lines

    def protected_summary(self) -> list[str]:
        """What refuses the delete, by type and count, with up to three names each."""
        by_type: dict[str, list[str]] = {}
        for obj in self.protected:
            by_type.setdefault(str(obj._meta.verbose_name), []).append(record_label(obj))
        lines = []
        for name, names in by_type.items():
            shown = "".join(f"“{n}”" for n in sorted(names)[:3])
            lines.append(f"{name} {len(names)} 条（{shown}{'等' if len(names) > 3 else ''}）")
        return lines


def record_label(instance: models.Model) -> str:
    """The record's name; one whose name reads a record deleted since falls back to its type and id."""
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"{instance._meta.verbose_name}（编号{instance.pk}）"


def _pks_and_values(objs, field: models.Field) -> list[tuple[int, int]]:
    if isinstance(objs, models.QuerySet):
        return list(objs.values_list("pk", field.attname))
    return [(obj.pk, getattr(obj, field.attname)) for obj in objs]


def deletion_plan(*, instance: models.Model) -> DeletionPlan:
    """Collect what deleting `instance` would delete, clear and unlink; nothing is written."""
    model = type(instance)
    collector = Collector(using=router.db_for_write(model, instance=instance), origin=instance)
    try:
        collector.collect([instance])
    except ProtectedError as error:
        return DeletionPlan(instance=instance, collector=None, protected=list(error.protected_objects))
    except RestrictedError as error:
        return DeletionPlan(instance=instance, collector=None, protected=list(error.restricted_objects))
    collector.sort()  # deletion order: children first
    doomed = {(type(obj), obj.pk) for objs in collector.data.values() for obj in objs}
    deleted = [
        obj
        for objs in reversed(list(collector.data.values()))
        for obj in objs
        if not obj._meta.auto_created and (type(obj), obj.pk) != (model, instance.pk)
    ]
    cleared = []
    for (fk, _value), batches in collector.field_updates.items():
        for objs in batches:
            for pk, old in _pks_and_values(objs, fk):
                if (fk.model, pk) not in doomed and old is not None:
                    cleared.append(ClearedLink(model=fk.model, pk=pk, field=fk, value=old))
    plan = DeletionPlan(instance=instance, collector=collector, deleted=deleted, cleared=cleared)
    _collect_m2m_links(plan, doomed)
    return plan


def _collect_m2m_links(plan: DeletionPlan, doomed: set) -> None:
    """Many-to-many links of registered record types that lose an end (kept for the restore)."""
    deleted_pks: dict[type, set] = {}
    for model, pk in doomed:
        deleted_pks.setdefault(model, set()).add(pk)
    for record_type in registry:
        for m2m in record_type.model._meta.many_to_many:
            through = m2m.remote_field.through
            source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            conditions = []
            if m2m.related_model in deleted_pks:
                conditions.append(models.Q(**{f"{target}__in": deleted_pks[m2m.related_model]}))
            if record_type.model in deleted_pks:
                conditions.append(models.Q(**{f"{source}__in": deleted_pks[record_type.model]}))
            if not conditions:
                continue
            rows = through._default_manager.filter(reduce(operator.or_, conditions)).values_list(source, target)
            for source_pk, target_pk in rows:
                link = ClearedLink(model=record_type.model, pk=source_pk, field=m2m, value=target_pk)
                if (record_type.model, source_pk) in doomed:
                    plan.removed_links.append(link)
                else:
                    plan.cleared.append(link)
