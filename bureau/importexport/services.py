"""Import and export of records: analyse every row before writing, then write all rows or none.

The import engine uses each record type's resource (columns, widgets, business key)
but does its own bookkeeping so that a large file costs a constant number of lookups:
existing records and related names are read once, rows are validated in memory
(`full_clean` without the per-row uniqueness and foreign-key queries, which are
checked against the cached records instead), and the confirmed rows are written
with `bureau.bulk` (one `executemany` per table for the records and their history
rows), so every change is in the history with the importing user.
"""

import csv
import datetime
import hashlib
import io
import secrets
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone
from openpyxl.styles import Font, PatternFill

from bureau import history
from bureau.bulk import bulk_create_with_history_fast, bulk_update_with_history_fast
from bureau.fields import derived_fields
from bureau.models import ImportBatch
from bureau.operations import import_reason
from bureau.registry import RecordType
from bureau.resources_base import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    NameForeignKeyWidget,
    NameManyToManyWidget,
    cell_text,
)
from bureau.text import normalize_name

from . import selectors
from .plans import KeptPlans
from .reader import HeaderMatcher, ImportFileError, Sheet, read_first_sheet, read_workbook
from .xlsx import XlsxWriter, is_formula_like

LEDGER_SCOPE = "整本台账"
STALE_MESSAGE = "为避免覆盖他人的修改，本次导入没有写入任何数据。请重新上传文件，预览确认后再导入。"
# How long a preview's analysis is kept for its confirm, and how many are kept at most.
PLAN_SECONDS = 3600
kept_plans = KeptPlans(seconds=PLAN_SECONDS, most=8)
STATUS_LABELS = {"new": "新增", "changed": "修改", "unchanged": "无变化", "error": "有错误"}


# --- reports ------------------------------------------------------------------------------------


@dataclass
class RowReport:
    """One data row: what the import would do with it, or what is wrong with it."""

    number: int
    status: str
    key: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class SheetReport:
    """The analysis of one sheet; `creates`/`updates` hold the instances to write on confirm."""

    record_type: RecordType | None
    title: str
    rows: list[RowReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    creates: list = field(default_factory=list, repr=False)
    updates: list = field(default_factory=list, repr=False)
    update_fields: list[str] = field(default_factory=list, repr=False)
    # Row numbers of `creates` and `updates`, and the version of each updated record as the analysis saw it.
    create_rows: list[int] = field(default_factory=list, repr=False)
    update_rows: list[int] = field(default_factory=list, repr=False)
    seen_versions: dict = field(default_factory=dict, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def error_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.status == "error"]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.status == "error" for row in self.rows)


@dataclass
class ImportReport:
    """Everything an import found; `ok` means it can be (or was) written."""

    sheets: list[SheetReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    committed: bool = False
    seconds: float = 0.0
    batch_id: int | None = None  # the ImportBatch a committed import wrote

    @property
    def ok(self) -> bool:
        return not self.errors and not any(sheet.has_errors for sheet in self.sheets)

    @property
    def fingerprint(self) -> str:
        """The versions of the records this import would change, as one short value (optimistic locking)."""
        seen = sorted(
            f"{sheet.record_type.model._meta.label}:{pk}:{version}"
            for sheet in self.sheets
            for pk, version in sheet.seen_versions.items()
        )
        return hashlib.sha256("|".join(seen).encode()).hexdigest()[:32]

    def lines(self) -> list[str]:
        """The report as plain text lines (management commands, logs)."""
        lines = [f"错误：{message}" for message in self.errors]
        for sheet in self.sheets:
            counts = sheet.counts
            lines.append(
                f"【{sheet.title}】新增 {counts['new']} 条，修改 {counts['changed']} 条，"
                f"无变化 {counts['unchanged']} 条，有错误 {counts['error']} 条"
            )
            lines += [f"  错误：{message}" for message in sheet.errors]
            lines += [f"  提示：{message}" for message in sheet.warnings]
            for row in sheet.rows:
                if row.status == "error":
                    for column, message in row.errors:
                        where = f"第{row.number}行" + (f"“{column}”列" if column else "")
                        lines.append(f"  {where}：{message}")
                elif row.status == "changed":
                    changes = "；".join(
                        f"{column}：{old or '（空）'} → {new or '（空）'}" for column, old, new in row.changes
                    )
                    lines.append(f"  第{row.number}行 修改 {row.key}：{changes}")
        return lines


# --- import ---------------------------------------------------------------------------------------


def display(value) -> str:
    """A cell value as the preview shows it."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # 0.50 and 0.5 are the same amount: compare and show them without trailing zeros.
        return format(value.normalize(), "f")
    return cell_text(value)


def _key_part(django_field: models.Field, value):
    if isinstance(value, models.Model):
        return value.pk if value.pk is not None else ("pending", id(value))
    if value in (None, ""):
        return None
    return django_field.to_python(value)


def _instance_key(instance: models.Model, names: list[str] | tuple[str, ...]) -> tuple:
    parts = []
    for name in names:
        django_field = instance._meta.get_field(name)
        if isinstance(django_field, models.ForeignKey):
            related = django_field.get_cached_value(instance, None)
            if related is not None and related.pk is None:
                parts.append(("pending", id(related)))
            else:
                parts.append(getattr(instance, django_field.attname))
        else:
            parts.append(getattr(instance, django_field.attname))
    return tuple(parts)


def _unique_sets(model: type[models.Model], key_names: list[str]) -> list[tuple[str, ...]]:
    sets = [(f.name,) for f in model._meta.fields if f.unique and not f.primary_key]
    sets += [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, UniqueConstraint) and c.fields and c.condition is None and not c.expressions
    ]
    return [names for names in sets if set(names) != set(key_names)]


def in_chunk_size() -> int:
    """How many values one `IN (…)` may hold: the database's real limit on parameters, less a margin.

    Django's SQLite backend assumes 999, the limit of old SQLite builds; the library in use says
    what it allows (32,766 since SQLite 3.32), so 20,000 keys take one query, not 21.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        limit = connection.features.max_query_params or 65_535  # PostgreSQL's limit on bind parameters
    return max(100, limit - 50)


def chunks(values: Iterable, size: int) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _plain_field(model: type[models.Model], name: str) -> bool:
    field_ = model._meta.get_field(name)
    return field_.concrete and not field_.is_relation


def _existing_records(
    model: type[models.Model], *, key_names: list[str], lookups: dict[str, set], unique_sets: list, related: list[str]
) -> list[models.Model]:
    """The records rows may match or collide with, with related records and many-to-many values joined.

    When the business key and every other unique field are single plain columns, only
    the records holding a value the file mentions are read (in `IN` batches); a large
    table (200,000 patents) is then never loaded whole. Otherwise the whole table is read.
    """
    fk_names = selectors.related_fields(model)
    queryset = model._default_manager.select_related(*fk_names).prefetch_related(*related)
    narrow = len(key_names) == 1 and all(len(names) == 1 and _plain_field(model, names[0]) for names in unique_sets)
    narrow = narrow and _plain_field(model, key_names[0])
    if not narrow:
        return list(queryset)
    found: dict = {}
    for name, values in lookups.items():
        for chunk in chunks(sorted(values, key=str), in_chunk_size()):
            for instance in queryset.filter(**{f"{name}__in": chunk}):
                found[instance.pk] = instance
    return list(found.values())


@dataclass
class _Columns:
    """How a sheet's columns map onto a resource's fields, and what is missing or unknown."""

    by_index: dict[int, object]
    errors: list[str]
    warnings: list[str]


def column_required(*, model: type[models.Model], resource_field, key_names) -> bool:
    """A column the file must have: a field without a default that may not be blank, or part of the business key."""
    django_field = model._meta.get_field(resource_field.attribute)
    return (not django_field.blank and not django_field.has_default()) or resource_field.attribute in key_names


def _map_columns(*, record_type: RecordType, resource, sheet: Sheet, import_fields: list, key_names: list) -> _Columns:
    model = record_type.model
    by_column = {f.column_name: f for f in import_fields}
    matcher = HeaderMatcher(by_column)
    result = _Columns(by_index={}, errors=[], warnings=[])
    unknown = []
    for index, header in enumerate(sheet.headers):
        if not header:
            if any(values[index] not in (None, "") for _, values in sheet.rows):
                result.warnings.append(f"第{index + 1}列没有列名，该列已忽略。")
            continue
        resource_field = by_column.get(matcher.match(header))
        if resource_field is None:
            unknown.append(header)
        elif resource_field in result.by_index.values():
            result.errors.append(f"列“{header}”出现了两次。")
        else:
            result.by_index[index] = resource_field
    expected = "、".join(f.column_name for f in import_fields)
    if not result.by_index:
        result.errors.append(
            f"第{sheet.header_row}行的列名一个也不认识，不像是“{record_type.verbose_name}”的表格。应有的列：{expected}。"
        )
        return result
    if unknown:
        result.warnings.append(f"以下列不认识，已忽略：{'、'.join(unknown)}。")
    present = {f.attribute for f in result.by_index.values()}
    missing = []
    for resource_field in import_fields:
        if column_required(model=model, resource_field=resource_field, key_names=key_names) and (
            resource_field.attribute not in present
        ):
            missing.append(resource_field.column_name)
    if missing:
        result.errors.append(f"缺少必填列：{'、'.join(missing)}。")
    return result


def analyse_sheet(*, record_type: RecordType, sheet: Sheet, cache: selectors.LookupCache) -> SheetReport:
    """Check every row of a sheet against the database and the model rules; write nothing."""
    report = SheetReport(record_type=record_type, title=sheet.title, warnings=list(sheet.warnings))
    model = record_type.model
    resource = record_type.resource()
    for resource_field in resource.fields.values():
        if isinstance(resource_field.widget, NameForeignKeyWidget | NameManyToManyWidget):
            resource_field.widget.cache = cache
    import_fields = [f for f in resource.get_import_fields() if f.attribute and not f.readonly]
    key_names = list(resource.get_import_id_fields())
    mapped = _map_columns(
        record_type=record_type, resource=resource, sheet=sheet, import_fields=import_fields, key_names=key_names
    )
    report.warnings += mapped.warnings
    report.errors += mapped.errors
    if report.errors:
        return report
    columns = mapped.by_index
    present = {f.attribute for f in columns.values()}
    m2m_fields = [f for f in columns.values() if isinstance(f.widget, NameManyToManyWidget)]
    m2m_names = {f.attribute for f in m2m_fields}
    present_fields = list(columns.values())
    key_fields = [resource.fields[name] for name in key_names]
    alternate_names = [name for name in getattr(resource, "alternate_keys", ()) if name in present]
    fk_names = selectors.related_fields(model)
    unique_sets = _unique_sets(model, key_names)
    report.update_fields = [*sorted(present - set(key_names) - {"id"} - m2m_names), "version", "updated_at"]
    if alternate_names:
        # A record found by another key may have its business key changed (a unit renamed).
        report.update_fields = sorted({*report.update_fields, *key_names})

    def column_of(name: str) -> str:
        if name == NON_FIELD_ERRORS:
            return ""
        if name in resource.fields:
            return resource.fields[name].column_name
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:
            return name

    # First pass: the keys of every row, so that only the records they name are read.
    formula_cells: dict[int, list[int]] = defaultdict(list)
    for number, index in sheet.formula_without_value:
        formula_cells[number].append(index)
    parsed = []
    lookups: dict[str, set] = defaultdict(set)
    for number, values in sheet.rows:
        row = {f.column_name: values[index] for index, f in columns.items()}
        errors: dict[str, list[str]] = defaultdict(list)
        for index in formula_cells.get(number, ()):
            if index in columns:
                errors[columns[index].attribute].append(
                    "单元格是公式但没有计算结果。请在 Excel 中打开并保存一次，或把公式改成数值。"
                )
        key = []
        for resource_field in key_fields:
            try:
                value = resource_field.clean(row)
            except ValueError as error:
                errors[resource_field.attribute].append(str(error))
                continue
            part = _key_part(model._meta.get_field(resource_field.attribute), value)
            if part is None:
                errors[resource_field.attribute].append("此列用于识别记录，不能为空。")
            key.append(part)
        alternates = {}
        for name in alternate_names + [names[0] for names in unique_sets if len(names) == 1 and names[0] in present]:
            try:
                alternates[name] = _key_part(model._meta.get_field(name), resource.fields[name].clean(row))
            except (ValueError, ValidationError):
                alternates[name] = None  # reported by the full row check below
            if alternates[name] is not None:
                lookups[name].add(alternates[name])
        if not errors and len(key) == 1:
            lookups[key_names[0]].add(key[0])
        parsed.append((number, row, errors, tuple(key), alternates))

    existing_records = _existing_records(
        model, key_names=key_names, lookups=lookups, unique_sets=unique_sets, related=sorted(m2m_names)
    )
    existing = {_instance_key(instance, key_names): instance for instance in existing_records}
    by_alternate: dict[str, dict] = {name: {} for name in alternate_names}
    taken: dict[tuple, dict] = {names: {} for names in unique_sets}
    for instance in existing_records:
        for name in alternate_names:
            value = getattr(instance, model._meta.get_field(name).attname)
            if value not in (None, ""):
                by_alternate[name][value] = instance
        for names in unique_sets:
            value = _instance_key(instance, list(names))
            if all(part not in (None, "") for part in value):
                taken[names][value] = instance
    seen: dict[tuple, int] = {}

    for number, row, errors, key, alternates in parsed:
        key_label = " / ".join(cell_text(row.get(f.column_name)) for f in key_fields)
        if errors:
            report.rows.append(_error_row(number, key_label, errors, column_of))
            continue
        if key in seen:
            errors[key_fields[0].attribute].append(
                f"与第{seen[key]}行是同一条记录（{key_label}），同一文件中不能重复。"
            )
            report.rows.append(_error_row(number, key_label, errors, column_of))
            continue
        seen[key] = number
        instance = existing.get(key)
        if instance is None:
            for name in alternate_names:
                other = by_alternate[name].get(alternates.get(name))
                if other is not None:
                    instance = other
                    key_label = f"{key_label}（按{column_of(name)}找到“{other}”）"
                    break
        is_new = instance is None
        if is_new:
            instance = resource.init_instance(row)
            before = {}
        else:
            before = {f.attribute: _display_field(resource, f, instance) for f in present_fields}
        try:
            resource.import_instance(instance, row)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[name].extend(messages)
        m2m_values = {}
        for resource_field in m2m_fields:
            try:
                m2m_values[resource_field.attribute] = resource_field.clean(row)
            except ValueError as error:
                errors[resource_field.attribute].append(str(error))
        for name in fk_names:
            django_field = model._meta.get_field(name)
            if (
                name in present
                and name not in errors
                and not django_field.null
                and (
                    getattr(instance, django_field.attname) is None
                    and django_field.get_cached_value(instance, None) is None
                )
            ):
                errors[name].append("此项为必填。")
        if resource._meta.clean_model_instances:
            _full_clean(instance, model=model, fk_names=fk_names, errors=errors)
        if not is_new and existing.get(_instance_key(instance, key_names)) not in (None, instance):
            errors[key_names[0]].append(f"{column_of(key_names[0])}“{key_label}”已属于另一条记录，不能改成这个。")
        for names in unique_sets:
            value = _instance_key(instance, list(names))
            if any(part in (None, "") for part in value):
                continue
            owner = taken[names].get(value)
            if owner is not None and owner is not instance:
                label = "、".join(column_of(name) for name in names)
                errors[names[0]].append(f"{label}与另一条记录重复，不能相同。")
            else:
                taken[names][value] = instance
        if errors:
            report.rows.append(_error_row(number, key_label, errors, column_of))
            continue
        if m2m_values:
            instance._import_m2m = m2m_values
        if is_new:
            report.rows.append(RowReport(number=number, status="new", key=key_label))
            report.creates.append(instance)
            report.create_rows.append(number)
            cache.add(instance)
            continue
        changes = []
        for resource_field in present_fields:
            if resource_field.attribute in m2m_names:
                after = resource_field.widget.separator.join(
                    sorted(resource_field.widget.label(related) for related in m2m_values[resource_field.attribute])
                )
            else:
                after = _display_field(resource, resource_field, instance)
            if after != before[resource_field.attribute]:
                changes.append((resource_field.column_name, before[resource_field.attribute], after))
        if changes:
            report.rows.append(RowReport(number=number, status="changed", key=key_label, changes=changes))
            report.updates.append(instance)
            report.update_rows.append(number)
            report.seen_versions[instance.pk] = instance.version
        else:
            report.rows.append(RowReport(number=number, status="unchanged", key=key_label))
    return report


def _display_field(resource, resource_field, instance) -> str:
    return display(resource.export_field(resource_field, instance))


def _placeholder_id(related: models.Model) -> int:
    """A stand-in id for a record new in this import: distinct per record, negative so it matches no row."""
    return -id(related)


def _full_clean(instance: models.Model, *, model, fk_names: list[str], errors: dict) -> None:
    """The model's own rules, without the per-row uniqueness and foreign-key queries (checked from caches)."""
    # Model rules test `applicant_id`; a record new in an earlier sheet has no id yet, so lend it one.
    # Each new record gets its own (negative, never a real row): rules comparing two related
    # records (产学研合作's 合作双方不能是同一单位) must see two new units as two.
    lent = []
    for name in fk_names:
        django_field = model._meta.get_field(name)
        related = django_field.get_cached_value(instance, None)
        if related is not None and related.pk is None:
            instance.__dict__[django_field.attname] = _placeholder_id(related)
            lent.append(django_field.attname)
    try:
        instance.full_clean(exclude=set(errors) | set(fk_names), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors[name].extend(messages)
    finally:
        for attname in lent:
            instance.__dict__[attname] = None


def _error_row(number: int, key: str, errors: dict, column_of) -> RowReport:
    listed = [(column_of(name), str(message)) for name, messages in errors.items() for message in messages]
    return RowReport(number=number, status="error", key=key, errors=listed)


def write_batch_size(model: type[models.Model]) -> int:
    """Rows per INSERT: as many as the database's parameter limit allows for the model's columns."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return max(1, connection.ops.bulk_batch_size(fields, [None] * 100_000))


def update_batch_size(model: type[models.Model], names: list[str]) -> int:
    """Rows per bulk UPDATE: each row takes two parameters per updated column (CASE WHEN pk THEN value)."""
    fields = [model._meta.get_field(name) for name in names]
    return max(1, connection.ops.bulk_batch_size(["pk", "pk", *fields], [None] * 100_000))


def _batch_create(report: ImportReport, *, user: AbstractBaseUser | None, scope: str, file_name: str) -> ImportBatch:
    """The import's one entry in 操作日志, with each sheet's counts as the preview reported them."""
    sheets = []
    for sheet in report.sheets:
        counts = sheet.counts
        label = sheet.record_type.model._meta.label_lower
        sheets.append({"label": label, "title": sheet.title, **{k: counts[k] for k in ("new", "changed", "unchanged")}})
    return ImportBatch.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        scope=scope[:100],
        file_name=file_name[:200],
        sheets=sheets,
        labels="," + ",".join(sheet["label"] for sheet in sheets) + ",",
    )


def _write_sheet(report: SheetReport, *, user: AbstractBaseUser | None, reason: str) -> None:
    model = report.record_type.model
    history_user = user if user is not None and user.is_authenticated else None
    if report.creates:
        bulk_create_with_history_fast(report.creates, model, user=history_user, change_reason=reason)
    if report.updates:
        now = timezone.now()
        for instance in report.updates:
            instance.version += 1
            instance.updated_at = now
        # A renamed unit's pinyin follows its name (bulk_update asks no field for its value).
        fields = derived_fields(model, report.updates, report.update_fields)
        bulk_update_with_history_fast(
            report.updates,
            model,
            fields,
            batch_size=update_batch_size(model, fields),
            user=history_user,
            change_reason=reason,
        )
    _write_m2m(model, report.creates + report.updates)


def _write_m2m(model: type[models.Model], instances: list) -> None:
    """Many-to-many values of imported rows: the old links of updated records replaced, in batches."""
    by_field: dict[str, list] = defaultdict(list)
    for instance in instances:
        for name, related in getattr(instance, "_import_m2m", {}).items():
            by_field[name].append((instance, related))
    for name, pairs in by_field.items():
        django_field = model._meta.get_field(name)
        through = django_field.remote_field.through
        source, target = django_field.m2m_field_name(), django_field.m2m_reverse_field_name()
        for chunk in chunks([instance.pk for instance, _related in pairs], in_chunk_size()):
            through.objects.filter(**{f"{source}_id__in": chunk}).delete()
        links = [
            through(**{f"{source}_id": instance.pk, f"{target}_id": related.pk})
            for instance, values in pairs
            for related in values
        ]
        through.objects.bulk_create(links, batch_size=write_batch_size(through))
    if by_field:  # the history rows this import wrote hold the links too (a deleted record is restored with them)
        history.latest_history_links_write(
            model=model, pks=sorted({i.pk for pairs in by_field.values() for i, _ in pairs})
        )


def _recheck(sheet: SheetReport) -> list[str]:
    """Before writing a cached preview: has anyone changed, added or deleted what it relies on since?"""
    model = sheet.record_type.model
    manager = model._default_manager
    keys = {row.number: row.key for row in sheet.rows}
    problems = []
    current: dict = {}
    for chunk in chunks(sheet.seen_versions, in_chunk_size()):
        current.update(manager.select_for_update().filter(pk__in=chunk).values_list("pk", "version"))
    for number, instance in zip(sheet.update_rows, sheet.updates, strict=True):
        seen = sheet.seen_versions[instance.pk]
        if instance.pk not in current:
            problems.append(f"第{number}行（{keys[number]}）的记录在预览之后已被他人删除。")
        elif current[instance.pk] != seen:
            problems.append(
                f"第{number}行（{keys[number]}）的记录在预览之后已被他人修改（版本 {seen} → {current[instance.pk]}）。"
            )
    key_names = list(sheet.record_type.resource().get_import_id_fields())
    if sheet.creates and len(key_names) == 1 and _plain_field(model, key_names[0]):
        attname = model._meta.get_field(key_names[0]).attname
        wanted = {
            getattr(instance, attname): number
            for number, instance in zip(sheet.create_rows, sheet.creates, strict=True)
        }
        for chunk in chunks(wanted, in_chunk_size()):
            for value in manager.filter(**{f"{attname}__in": chunk}).values_list(attname, flat=True):
                number = wanted.get(value)
                where = f"第{number}行（{keys[number]}）" if number else f"“{value}”"
                problems.append(f"{where}的记录在预览之后已由他人添加。")
    elif sheet.creates:
        attnames = [model._meta.get_field(name).attname for name in key_names]
        now = set(manager.values_list(*attnames))
        for number, instance in zip(sheet.create_rows, sheet.creates, strict=True):
            if tuple(getattr(instance, name) for name in attnames) in now:
                problems.append(f"第{number}行（{keys[number]}）的记录在预览之后已由他人添加。")
    for name in selectors.related_fields(model):
        django_field = model._meta.get_field(name)
        wanted = defaultdict(list)
        for number, instance in zip(sheet.create_rows + sheet.update_rows, sheet.creates + sheet.updates, strict=True):
            related_id = getattr(instance, django_field.attname)
            if related_id is not None:
                wanted[related_id].append(number)
        found = set()
        for chunk in chunks(wanted, in_chunk_size()):
            found.update(django_field.related_model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True))
        noun = django_field.related_model._meta.verbose_name
        for related_id in set(wanted) - found:
            rows = "、".join(str(number) for number in wanted[related_id][:5])
            problems.append(f"第{rows}行引用的{noun}在预览之后已被删除。")
    return problems


def run_import(
    *,
    sheets: list[tuple[RecordType, Sheet]] | None,
    user: AbstractBaseUser | None,
    commit: bool,
    report: ImportReport,
    plan_key: str = "",
    expected: str = "",
    scope: str = "",
    file_name: str = "",
) -> ImportReport:
    """Analyse the sheets in dependency order; when `commit` and nothing is wrong, write them all in one transaction.

    A preview keeps its analysis under `plan_key`; the confirm then writes that
    analysis after re-checking only what may have changed since (versions of the
    records it changes, keys of the records it adds, the related records it names),
    instead of reading and validating the file again. `expected` is the fingerprint
    of the versions the preview showed: a confirm refuses when it no longer matches.
    """
    started = time.perf_counter()
    plan = kept_plans.get(plan_key) if commit and plan_key else None
    try:
        with transaction.atomic():
            stale = []
            if plan is not None:
                report.sheets = plan
                for sheet_report in report.sheets:
                    stale += _recheck(sheet_report)
            else:
                order = {rt.model: index for index, rt in enumerate(selectors.dependency_order())}
                cache = selectors.LookupCache()
                for record_type, sheet in sorted(sheets or [], key=lambda item: order.get(item[0].model, 0)):
                    report.sheets.append(analyse_sheet(record_type=record_type, sheet=sheet, cache=cache))
            if commit and expected and expected != report.fingerprint and not stale:
                stale.append("预览之后，本次导入要修改的记录中有记录已被他人修改。")
            if stale:
                report.errors += [*stale, STALE_MESSAGE]
            if commit and report.ok:
                batch = _batch_create(report, user=user, scope=scope, file_name=file_name)
                report.batch_id = batch.pk
                for sheet_report in report.sheets:
                    _write_sheet(sheet_report, user=user, reason=import_reason(batch.pk))
                report.committed = True
    except IntegrityError as error:
        # A database rule the row checks did not cover: the transaction is rolled back, nothing is written.
        report.committed = False
        report.errors.append(f"写入时数据库拒绝了数据（{error}），所有数据都没有写入。")
    if plan_key:
        if report.committed or plan is not None:
            kept_plans.delete(plan_key)
        elif not commit and not report.errors:
            kept_plans.set(plan_key, report.sheets)
    report.seconds = time.perf_counter() - started
    return report


def plan_key(*, user: AbstractBaseUser | None, path: Path, scope: str, token: str = "") -> str:
    """Where a preview's analysis is kept: the user, the upload token, what is imported and the file's content."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    user_id = user.pk if user is not None and user.is_authenticated else "-"
    return f"bureau.importexport.plan:{user_id}:{token}:{scope}:{digest}"


def import_records(
    *,
    record_type: RecordType,
    path: Path,
    user: AbstractBaseUser | None,
    commit: bool,
    token: str = "",
    expected: str = "",
    file_name: str = "",
) -> ImportReport:
    """Import the first sheet of a workbook as records of one type (a dry run unless `commit`)."""
    report = ImportReport()
    key = plan_key(user=user, path=path, scope=record_type.model._meta.label, token=token)
    named = {"scope": record_type.verbose_name, "file_name": file_name}
    if commit and kept_plans.has(key):
        return run_import(sheets=None, user=user, commit=True, report=report, plan_key=key, expected=expected, **named)
    try:
        sheet = read_first_sheet(Path(path))
    except ImportFileError as error:
        report.errors.append(str(error))
        return report
    if not sheet.rows:
        report.errors.append("表格中表头下面没有数据行。")
        return report
    return run_import(
        sheets=[(record_type, sheet)], user=user, commit=commit, report=report, plan_key=key, expected=expected, **named
    )


def import_ledger(
    *,
    path: Path,
    user: AbstractBaseUser | None,
    commit: bool,
    token: str = "",
    expected: str = "",
    file_name: str = "",
) -> ImportReport:
    """Import a whole-ledger workbook: each sheet named after a record type, all sheets or none."""
    report = ImportReport()
    key = plan_key(user=user, path=path, scope="ledger", token=token)
    named = {"scope": LEDGER_SCOPE, "file_name": file_name}
    if commit and kept_plans.has(key):
        return run_import(sheets=None, user=user, commit=True, report=report, plan_key=key, expected=expected, **named)
    try:
        sheets = read_workbook(Path(path))
    except ImportFileError as error:
        report.errors.append(str(error))
        return report
    by_title = {selectors.sheet_title(rt): rt for rt in selectors.importable_types()}
    matched = []
    ignored = []
    for sheet in sheets:
        record_type = by_title.get(normalize_name(sheet.title))
        if record_type is None:
            ignored.append(sheet.title)
        elif sheet.rows:
            matched.append((record_type, sheet))
    if not matched:
        report.errors.append("工作簿中没有可导入的工作表（工作表名应为记录类型名称，如“专利”“单位”）。")
        return report
    if ignored:
        # Noted before the analysis is kept, so a confirm from the kept analysis shows it too.
        matched[0][1].warnings.append(f"以下工作表不认识，已忽略：{'、'.join(ignored)}。")
    run_import(sheets=matched, user=user, commit=commit, report=report, plan_key=key, expected=expected, **named)
    return report


# --- uploads kept between preview and confirm ----------------------------------------------------


def _upload_dir(user: AbstractBaseUser) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(user.pk)


def upload_store(*, user: AbstractBaseUser, uploaded) -> str:
    """Keep an uploaded file under MEDIA_ROOT/imports/<user>/<random token>; returns the token."""
    limit = settings.LEDGER_UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ImportFileError(f"文件过大（{uploaded.size / 1048576:.1f} MB），上限为 {limit / 1048576:.0f} MB。")
    folder = _upload_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    # Uploads left behind by abandoned previews go after a day.
    cutoff = time.time() - 86400
    for old in [*folder.glob("*.xlsx"), *folder.glob("*.csv"), *folder.glob("*.name")]:
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    # A CSV upload keeps its suffix: the reader chooses CSV or workbook by it (the content decides the rest).
    suffix = ".csv" if Path(uploaded.name or "").suffix.lower() == ".csv" else ".xlsx"
    with (folder / f"{token}{suffix}").open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    # The name the user's file had, for the import's entry in 操作日志 (only its last part, as text).
    (folder / f"{token}.name").write_text(Path(str(uploaded.name or "").replace("\\", "/")).name[:200], "utf-8")
    return token


def upload_name(*, user: AbstractBaseUser, token: str) -> str:
    """The original file name of a stored upload ("" if unknown)."""
    path = upload_path(user=user, token=token)
    name = path.with_suffix(".name") if path is not None else None
    return name.read_text("utf-8") if name is not None and name.is_file() else ""


def upload_path(*, user: AbstractBaseUser, token: str) -> Path | None:
    """The stored upload of this user with this token, or None (another user's token finds nothing)."""
    if not token or not all(char.isalnum() or char in "-_" for char in token):
        return None
    for suffix in (".xlsx", ".csv"):
        path = _upload_dir(user) / f"{token}{suffix}"
        if path.is_file():
            return path
    return None


def upload_discard(*, user: AbstractBaseUser, token: str) -> None:
    path = upload_path(user=user, token=token)
    if path is not None:
        path.with_suffix(".name").unlink(missing_ok=True)
        path.unlink(missing_ok=True)


# --- export ---------------------------------------------------------------------------------------


def export_fields(resource) -> list:
    return resource.get_export_fields()


def formula_safe(value: str) -> bool:
    return not is_formula_like(value)


def _related_labels(widget) -> dict:
    """Every related record's label by primary key: one query for the whole export."""
    related = widget.model
    return {
        obj.pk: widget.label(obj) for obj in related._default_manager.select_related(*selectors.related_fields(related))
    }


def _m2m_labels(django_field, widget, queryset) -> dict[int, str]:
    """Each exported record's related names for a many-to-many column, joined with 、 (one query)."""
    through = django_field.remote_field.through
    source, target = django_field.m2m_field_name(), django_field.m2m_reverse_field_name()
    labels = _related_labels(widget)
    names: dict[int, list[str]] = defaultdict(list)
    pairs = through.objects.filter(**{f"{source}__in": queryset.values("pk")}).values_list(
        f"{source}_id", f"{target}_id"
    )
    for owner, related in pairs.iterator(chunk_size=5000):
        names[owner].append(labels.get(related, ""))
    return {owner: widget.separator.join(sorted(values)) for owner, values in names.items()}


def export_values(resource, queryset) -> Iterator[list]:
    """Each record as a list of typed cell values (dates, Decimals, text), streamed from the database.

    Reads `values_list` rows rather than model instances and converts column by
    column with lookups built once (related names, choice labels), so an export costs
    one query per related table instead of one Resource/Field/widget call per cell.
    """
    fields = export_fields(resource)
    model = resource._meta.model
    queryset = queryset.select_related(None)
    lookups, converters = [], []
    for resource_field in fields:
        django_field = model._meta.get_field(resource_field.attribute)
        widget = resource_field.widget
        if django_field.many_to_many:
            lookups.append("pk")
            converters.append(_m2m_labels(django_field, widget, queryset).get)
        elif isinstance(widget, NameForeignKeyWidget):
            lookups.append(django_field.attname)
            converters.append(_related_labels(widget).get)
        elif isinstance(widget, BooleanWidget):
            lookups.append(django_field.attname)
            converters.append(widget.render)
        elif isinstance(widget, ChoiceWidget):
            lookups.append(django_field.attname)
            labels = {code: label for code, label in widget.labels.items()}
            converters.append(lambda value, labels=labels: labels.get(value, value))
        else:
            lookups.append(django_field.attname)
            converters.append(None)
    for values in queryset.values_list(*lookups).iterator(chunk_size=5000):
        yield [
            value if convert is None or value is None else convert(value)
            for convert, value in zip(converters, values, strict=True)
        ]


def column_width(resource_field) -> float:
    widget = resource_field.widget
    header = len(resource_field.column_name) * 2 + 2
    if isinstance(widget, DateWidget | DecimalWidget | IntegerWidget):
        width = 12
    elif isinstance(widget, BooleanWidget):
        width = 8
    elif isinstance(widget, ChoiceWidget):
        width = max(len(label) for label in widget.labels.values()) * 2 + 4
    elif isinstance(widget, NameForeignKeyWidget | NameManyToManyWidget):
        width = 30
    else:
        width = 36
    return min(max(width, header), 50)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_sheet(writer: XlsxWriter, *, title: str, resource, rows: Iterable[list]) -> int:
    """Append a sheet: bold frozen header, widths, real dates, numbers, text never taken for a formula."""
    fields = export_fields(resource)
    return writer.add_sheet(
        title=title,
        headers=[f.column_name for f in fields],
        widths=[column_width(f) for f in fields],
        rows=rows,
    )


def export_xlsx(*, record_type: RecordType, queryset, output) -> int:
    """Write the records of `queryset` as one sheet of an xlsx to `output` (path or binary file); returns the count."""
    resource = record_type.resource()
    writer = XlsxWriter(output)
    count = write_sheet(
        writer,
        title=selectors.sheet_title(record_type),
        resource=resource,
        rows=export_values(resource, selectors.export_queryset(record_type=record_type, queryset=queryset)),
    )
    writer.close()
    return count


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    # A leading apostrophe makes Excel show the cell as text instead of evaluating it.
    return text if formula_safe(text) else "'" + text


def export_csv(*, record_type: RecordType, queryset) -> Iterator[str]:
    """The records as CSV text chunks: UTF-8 BOM first so Excel shows Chinese, then header and rows."""
    resource = record_type.resource()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f.column_name for f in export_fields(resource)])
    yield "\ufeff" + buffer.getvalue()
    rows = export_values(resource, selectors.export_queryset(record_type=record_type, queryset=queryset))
    for values in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_text(value) for value in values])
        yield buffer.getvalue()


def export_ledger(*, year: int, output) -> dict[str, int]:
    """Write a year's ledger: one sheet per record type (dependency order), shared lists in full."""
    writer = XlsxWriter(output)
    counts = {}
    for record_type in selectors.importable_types():
        resource = record_type.resource()
        queryset = selectors.ledger_queryset(record_type=record_type, year=year)
        title = selectors.sheet_title(record_type)
        counts[title] = write_sheet(writer, title=title, resource=resource, rows=export_values(resource, queryset))
    writer.close()
    return counts
