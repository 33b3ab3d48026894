"""Reads of the pickers: the choices a type-ahead offers for a typed term, and the options of a plain select."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from bureau.formfields import fits_bigint
from bureau.registry import RecordType

# Results per request: enough to choose from, few enough that the list stays readable.
PICKER_PAGE_SIZE = 20


def picker_limit_field(*, record_type: RecordType, spec: str) -> models.ForeignKey | None:
    """The foreign key `app_label.model.field` pointing at this record type, whose choice limits apply; else None."""
    try:
        app_label, model_name, name = spec.split(".")
        field = apps.get_model(app_label, model_name)._meta.get_field(name)
    except (ValueError, LookupError, FieldDoesNotExist):
        return None
    if not (field.is_relation and field.related_model is record_type.model):
        return None
    return field


def picker_queryset(*, record_type: RecordType, limit_field: models.Field | None = None) -> models.QuerySet:
    """The records a picker may offer, in the picker's order."""
    queryset = record_type.model._default_manager.all()
    if limit_field is not None:
        queryset = queryset.complex_filter(limit_field.get_limit_choices_to())
    return queryset.order_by(*record_type.picker_order) if record_type.picker_order else queryset


def hint_fields(record_type: RecordType) -> list[str]:
    """The record's own text fields the picker searches besides its name: shown under it (简称 · 信用代码)."""
    names = []
    for path in record_type.picker_search_fields:
        try:
            field = record_type.model._meta.get_field(path)
        except FieldDoesNotExist:
            continue
        own_text = field.concrete and not field.is_relation and not getattr(field, "internal", False)
        if own_text and path != record_type.picker_label_field:
            names.append(path)
    return names


def labelled_rows(
    *, record_type: RecordType, queryset: models.QuerySet, hints: list[str] = (), limit: int | None = None
) -> list[tuple]:
    """(pk, label, hint) of each row: from the name column where the record's name is a field, else str()."""
    label = record_type.picker_label_field
    if label:
        rows = queryset.values_list("pk", label, *hints)[:limit]
        return [(row[0], row[1], " · ".join(str(value) for value in row[2:] if value)) for row in rows]
    forward = [f.name for f in record_type.model._meta.concrete_fields if f.many_to_one or f.one_to_one]
    rows = queryset.select_related(*forward)[:limit]
    return [
        (row.pk, str(row), " · ".join(str(value) for value in (getattr(row, name) for name in hints) if value))
        for row in rows
    ]


def picker_choices(
    *, record_type: RecordType, query: str = "", limit_field: models.Field | None = None, size: int = PICKER_PAGE_SIZE
) -> dict:
    """What the type-ahead shows for `query`: {"results": [{"value", "text", "hint"}], "more": bool}.

    One query whatever the number of records: the matching rows are read `size + 1` at a time, in
    the picker's order (an index for units: `Enterprise.pinyin`).
    """
    from bureau.filtering import search_condition  # here: bureau.filtering imports the picker widget

    queryset = picker_queryset(record_type=record_type, limit_field=limit_field)
    condition = search_condition(record_type.model, record_type.picker_search_fields, query)
    if condition is not None:
        queryset = queryset.filter(condition)
    rows = labelled_rows(record_type=record_type, queryset=queryset, hints=hint_fields(record_type), limit=size + 1)
    results = [{"value": str(pk), "text": label, "hint": hint} for pk, label, hint in rows[:size]]
    return {"results": results, "more": len(rows) > size}


def selected_pks(values) -> list[int]:
    """The submitted values that can be record ids (anything else selects nothing)."""
    return [int(value) for value in values if str(value).isdigit() and fits_bigint(value)]
