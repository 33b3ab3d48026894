"""Helpers of the round-trip tests: a freshly migrated ledger, and the ledger's records by business key.

`ledger_snapshot` walks the registry's models and fields, so a field or record type
added later is compared too, without editing the tests.
"""

import importlib

from django.apps import apps
from django.db import models

from bureau.importexport import selectors
from tests.conftest import SEED_MIGRATIONS

# Bookkeeping columns that a new installation sets for itself.
SKIPPED = {"id", "version", "created_at", "updated_at"}


def empty_migrated_ledger() -> None:
    """Leave the database as `migrate` leaves a new installation: no records, only the seeded lists."""
    for record_type in reversed(selectors.dependency_order()):
        model = record_type.model
        for django_field in model._meta.many_to_many:
            django_field.remote_field.through.objects.all().delete()
        model._default_manager.all().delete()
        history = getattr(model, "history", None)
        if history is not None:
            history.all().delete()
    for module in SEED_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)


def business_key(instance: models.Model) -> tuple:
    """A record named by its resource's import key, related records by theirs (never by database id)."""
    from bureau.registry import registry

    record_type = registry.get(type(instance))
    names = [name for name in record_type.resource().get_import_id_fields() if name != "id"]
    return tuple(_value(instance, instance._meta.get_field(name)) for name in names) or ("单位信息",)


def _value(instance: models.Model, django_field: models.Field):
    if django_field.many_to_many:
        return tuple(sorted(business_key(related) for related in getattr(instance, django_field.name).all()))
    if django_field.is_relation:
        related = getattr(instance, django_field.name)
        return None if related is None else business_key(related)
    value = getattr(instance, django_field.attname)
    # Excel keeps a number, not its trailing zeros: 0.50 and 0.5 are the same amount.
    return value.normalize() if hasattr(value, "normalize") else value


def compared_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in SKIPPED
    ]


def ledger_snapshot(*, years: list[int] | None = None) -> dict[str, list[tuple]]:
    """Every importable record (of those years' ledgers, or all), field by field and link by link."""
    snapshot = {}
    for record_type in selectors.importable_types():
        model = record_type.model
        fields = compared_fields(model)
        if years is None:
            instances = set(model._default_manager.all())
        else:
            instances = set()
            for year in years:
                instances.update(selectors.ledger_queryset(record_type=record_type, year=year))
        rows = [tuple((f.name, _value(instance, f)) for f in fields) for instance in instances]
        snapshot[model._meta.label] = sorted(rows, key=repr)
    return snapshot


def snapshot_differences(actual: dict, expected: dict) -> list[str]:
    """What differs between two snapshots, record type by record type (empty when they are the same)."""
    lines = []
    for label in sorted(set(actual) | set(expected)):
        got, wanted = actual.get(label, []), expected.get(label, [])
        if got == wanted:
            continue
        lines.append(f"{label}: {len(got)} records, expected {len(wanted)}")
        lines += [f"  missing {row}" for row in wanted if row not in got][:3]
        lines += [f"  unexpected {row}" for row in got if row not in wanted][:3]
    return lines
