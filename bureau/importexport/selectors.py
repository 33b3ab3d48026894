"""Reads for import and export: cached lookups, dependency order, what a year's ledger holds."""

from collections import defaultdict
from collections.abc import Callable

from django.db import models

from bureau.registry import RecordType, registry


def related_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.fields if isinstance(f, models.ForeignKey)]


class LookupCache:
    """Related records by label, read once per model for a whole import (one query each).

    Records created earlier in the same import (an enterprise on the first sheet of
    a ledger) are added with `add`, so later sheets find them before anything is written.
    """

    def __init__(self) -> None:
        self._labels: dict[tuple, dict[str, list]] = {}
        self._pending: list[models.Model] = []

    def labels(self, model: type[models.Model], label: Callable) -> dict[str, list]:
        key = (model, label)
        if key not in self._labels:
            from bureau.text import normalize_name

            table: dict[str, list] = defaultdict(list)
            for instance in model._default_manager.select_related(*related_fields(model)):
                table[normalize_name(label(instance))].append(instance)
            for instance in self._pending:
                if isinstance(instance, model):
                    table[normalize_name(label(instance))].append(instance)
            self._labels[key] = table
        return self._labels[key]

    def add(self, instance: models.Model) -> None:
        from bureau.text import normalize_name

        self._pending.append(instance)
        for (model, label), table in self._labels.items():
            if isinstance(instance, model):
                table[normalize_name(label(instance))].append(instance)


def dependency_order(record_types: list[RecordType] | None = None) -> list[RecordType]:
    """Record types ordered so that every record type comes after those it refers to."""
    pending = list(record_types if record_types is not None else registry)
    models_pending = {rt.model for rt in pending}
    ordered: list[RecordType] = []
    done: set = set()
    while pending:
        for rt in pending:
            needs = {
                f.related_model
                for f in rt.model._meta.fields
                if isinstance(f, models.ForeignKey) and f.related_model is not rt.model
            }
            if not (needs & models_pending) - done:
                ordered.append(rt)
                done.add(rt.model)
                pending.remove(rt)
                break
        else:  # a cycle: keep registration order for the rest
            ordered.extend(pending)
            break
    return ordered


def importable_types() -> list[RecordType]:
    """Record types that have a resource, in dependency order."""
    return [rt for rt in dependency_order() if rt.resource is not None]


def export_queryset(*, record_type: RecordType, queryset=None):
    """The records to export, with their related records joined (no query per row)."""
    model = record_type.model
    queryset = model._default_manager.all() if queryset is None else queryset
    return queryset.select_related(*related_fields(model))


def ledger_queryset(*, record_type: RecordType, year: int):
    """A year's records of one type for the whole-ledger workbook; shared lists in full."""
    queryset = export_queryset(record_type=record_type)
    condition = record_type.resource().year_filter(year)
    return queryset.filter(condition) if condition is not None else queryset


def sheet_title(record_type: RecordType) -> str:
    """The sheet a record type gets in the ledger workbook (Excel allows 31 characters)."""
    title = record_type.verbose_name
    for char in "[]:*?/\\":
        title = title.replace(char, "")
    return title[:31]


def list_buttons(*, user, record_type: RecordType) -> list[dict]:
    """Export and import buttons for a list page, only those the user may use."""
    from django.urls import reverse

    if record_type.resource is None:
        return []
    buttons = []
    if user.has_perm(record_type.permission("list")):
        buttons.append({"url": reverse(record_type.url_name("export")), "label": "导出Excel", "keep_query": True})
        buttons.append({"url": reverse(record_type.url_name("export_csv")), "label": "导出CSV", "keep_query": True})
    if user.has_perm(record_type.permission("add")) and user.has_perm(record_type.permission("edit")):
        buttons.append({"url": reverse(record_type.url_name("import")), "label": "从Excel导入", "keep_query": False})
    return buttons
