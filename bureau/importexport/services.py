"""Import and export of records: analyse every row before writing, then write all rows or none.

The import engine uses each record type's resource (columns, widgets, business key)
but does its own bookkeeping so that a large file costs a constant number of lookups:
existing records and related names are read once, rows are validated in memory
(`full_clean` without the per-row uniqueness and foreign-key queries, which are
checked against the cached records instead), and the confirmed rows are written
with `bulk_create_with_history` / `bulk_update_with_history`, so every change is in
the history with the importing user.
"""

import csv
import datetime
import io
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from bureau.registry import RecordType
from bureau.resources_base import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    NameForeignKeyWidget,
    cell_text,
)
from bureau.text import normalize_name

from . import selectors
from .reader import ImportFileError, Sheet, read_first_sheet, read_workbook

CHANGE_REASON = "Excel导入"
STATUS_LABELS = {"new": "新增", "changed": "修改", "unchanged": "无变化", "error": "有错误"}
# Text that a spreadsheet would take for a formula (or DDE) if it were not marked as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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

    @property
    def ok(self) -> bool:
        return not self.errors and not any(sheet.has_errors for sheet in self.sheets)

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
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return cell_text(value)


def _key_part(django_field: models.Field, value):
    if isinstance(value, models.Model):
        return value.pk if value.pk is not None else ("pending", id(value))
    if value in (None, ""):
        return None
    return django_field.to_python(value)


def _instance_key(instance: models.Model, names: list[str]) -> tuple:
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


def analyse_sheet(*, record_type: RecordType, sheet: Sheet, cache: selectors.LookupCache) -> SheetReport:
    """Check every row of a sheet against the database and the model rules; write nothing."""
    report = SheetReport(record_type=record_type, title=sheet.title, warnings=list(sheet.warnings))
    model = record_type.model
    resource = record_type.resource()
    for resource_field in resource.fields.values():
        if isinstance(resource_field.widget, NameForeignKeyWidget):
            resource_field.widget.cache = cache
    import_fields = [f for f in resource.get_import_fields() if f.attribute and not f.readonly]
    by_column = {normalize_name(f.column_name): f for f in import_fields}

    columns: dict[int, object] = {}
    unknown = []
    for index, header in enumerate(sheet.headers):
        if not header:
            if any(values[index] not in (None, "") for _, values in sheet.rows):
                report.warnings.append(f"第{index + 1}列没有列名，该列已忽略。")
            continue
        resource_field = by_column.get(header)
        if resource_field is None:
            unknown.append(header)
        elif resource_field in columns.values():
            report.errors.append(f"列“{header}”出现了两次。")
        else:
            columns[index] = resource_field
    expected = "、".join(f.column_name for f in import_fields)
    if not columns:
        report.errors.append(
            f"第1行的列名一个也不认识，不像是“{record_type.verbose_name}”的表格。应有的列：{expected}。"
        )
        return report
    if unknown:
        report.warnings.append(f"以下列不认识，已忽略：{'、'.join(unknown)}。")
    key_names = list(resource.get_import_id_fields())
    present = {f.attribute for f in columns.values()}
    missing = []
    for resource_field in import_fields:
        django_field = model._meta.get_field(resource_field.attribute)
        required = (not django_field.blank and not django_field.has_default()) or resource_field.attribute in key_names
        if required and resource_field.attribute not in present:
            missing.append(resource_field.column_name)
    if missing:
        report.errors.append(f"缺少必填列：{'、'.join(missing)}。")
        return report
    if report.errors:
        return report

    key_fields = [resource.fields[name] for name in key_names]
    fk_names = [f.name for f in model._meta.fields if isinstance(f, models.ForeignKey)]
    existing = {}
    for instance in model._default_manager.select_related(*fk_names):
        existing[_instance_key(instance, key_names)] = instance
    unique_sets = _unique_sets(model, key_names)
    taken: dict[tuple, dict] = {names: {} for names in unique_sets}
    for instance in existing.values():
        for names in unique_sets:
            value = _instance_key(instance, list(names))
            if all(part not in (None, "") for part in value):
                taken[names][value] = instance
    formula_cells: dict[int, list[int]] = defaultdict(list)
    for number, index in sheet.formula_without_value:
        formula_cells[number].append(index)
    present_fields = list(columns.values())
    report.update_fields = [*sorted(present - set(key_names) - {"id"}), "version", "updated_at"]
    seen: dict[tuple, int] = {}

    def column_of(name: str) -> str:
        if name == NON_FIELD_ERRORS:
            return ""
        if name in resource.fields:
            return resource.fields[name].column_name
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:
            return name

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
        key_label = " / ".join(cell_text(row.get(f.column_name)) for f in key_fields)
        if errors:
            report.rows.append(_error_row(number, key_label, errors, column_of))
            continue
        key = tuple(key)
        if key in seen:
            errors[key_fields[0].attribute].append(
                f"与第{seen[key]}行是同一条记录（{key_label}），同一文件中不能重复。"
            )
            report.rows.append(_error_row(number, key_label, errors, column_of))
            continue
        seen[key] = number
        instance = existing.get(key)
        is_new = instance is None
        if is_new:
            instance = resource.init_instance(row)
            before = {}
        else:
            before = {f.attribute: display(resource.export_field(f, instance)) for f in present_fields}
        try:
            resource.import_instance(instance, row)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[name].extend(messages)
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
            # Model rules test `applicant_id`; a record new in an earlier sheet has no id yet, so lend it one.
            lent = []
            for name in fk_names:
                django_field = model._meta.get_field(name)
                related = django_field.get_cached_value(instance, None)
                if related is not None and related.pk is None:
                    instance.__dict__[django_field.attname] = -1
                    lent.append(django_field.attname)
            try:
                instance.full_clean(
                    exclude=set(errors) | set(fk_names), validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    errors[name].extend(messages)
            finally:
                for attname in lent:
                    instance.__dict__[attname] = None
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
        if is_new:
            report.rows.append(RowReport(number=number, status="new", key=key_label))
            report.creates.append(instance)
            cache.add(instance)
            continue
        changes = []
        for resource_field in present_fields:
            after = display(resource.export_field(resource_field, instance))
            if after != before[resource_field.attribute]:
                changes.append((resource_field.column_name, before[resource_field.attribute], after))
        if changes:
            report.rows.append(RowReport(number=number, status="changed", key=key_label, changes=changes))
            report.updates.append(instance)
        else:
            report.rows.append(RowReport(number=number, status="unchanged", key=key_label))
    return report


def _error_row(number: int, key: str, errors: dict, column_of) -> RowReport:
    listed = [(column_of(name), str(message)) for name, messages in errors.items() for message in messages]
    return RowReport(number=number, status="error", key=key, errors=listed)


def _write_sheet(report: SheetReport, *, user: AbstractBaseUser | None) -> None:
    model = report.record_type.model
    history_user = user if user is not None and user.is_authenticated else None
    if report.creates:
        bulk_create_with_history(report.creates, model, default_user=history_user, default_change_reason=CHANGE_REASON)
    if report.updates:
        now = timezone.now()
        for instance in report.updates:
            instance.version += 1
            instance.updated_at = now
        bulk_update_with_history(
            report.updates,
            model,
            report.update_fields,
            default_user=history_user,
            default_change_reason=CHANGE_REASON,
        )


def run_import(
    *, sheets: list[tuple[RecordType, Sheet]], user: AbstractBaseUser | None, commit: bool, report: ImportReport
) -> ImportReport:
    """Analyse the sheets in dependency order; when `commit` and nothing is wrong, write them all in one transaction."""
    started = time.perf_counter()
    order = {rt.model: index for index, rt in enumerate(selectors.dependency_order())}
    sheets = sorted(sheets, key=lambda item: order.get(item[0].model, 0))
    try:
        with transaction.atomic():
            cache = selectors.LookupCache()
            for record_type, sheet in sheets:
                report.sheets.append(analyse_sheet(record_type=record_type, sheet=sheet, cache=cache))
            if commit and report.ok:
                for sheet_report in report.sheets:
                    _write_sheet(sheet_report, user=user)
                report.committed = True
    except IntegrityError as error:
        # A database rule the row checks did not cover: the transaction is rolled back, nothing is written.
        report.committed = False
        report.errors.append(f"写入时数据库拒绝了数据（{error}），所有数据都没有写入。")
    report.seconds = time.perf_counter() - started
    return report


def import_records(*, record_type: RecordType, path: Path, user: AbstractBaseUser | None, commit: bool) -> ImportReport:
    """Import the first sheet of a workbook as records of one type (a dry run unless `commit`)."""
    report = ImportReport()
    try:
        sheet = read_first_sheet(Path(path))
    except ImportFileError as error:
        report.errors.append(str(error))
        return report
    if not sheet.rows:
        report.errors.append("表格中没有数据行（第2行起）。")
        return report
    return run_import(sheets=[(record_type, sheet)], user=user, commit=commit, report=report)


def import_ledger(*, path: Path, user: AbstractBaseUser | None, commit: bool) -> ImportReport:
    """Import a whole-ledger workbook: each sheet named after a record type, all sheets or none."""
    report = ImportReport()
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
    run_import(sheets=matched, user=user, commit=commit, report=report)
    if ignored and report.sheets:
        report.sheets[0].warnings.append(f"以下工作表不认识，已忽略：{'、'.join(ignored)}。")
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
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    with (folder / f"{token}.xlsx").open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return token


def upload_path(*, user: AbstractBaseUser, token: str) -> Path | None:
    """The stored upload of this user with this token, or None (another user's token finds nothing)."""
    if not token or not all(char.isalnum() or char in "-_" for char in token):
        return None
    path = _upload_dir(user) / f"{token}.xlsx"
    return path if path.is_file() else None


def upload_discard(*, user: AbstractBaseUser, token: str) -> None:
    path = upload_path(user=user, token=token)
    if path is not None:
        path.unlink(missing_ok=True)


# --- export ---------------------------------------------------------------------------------------


def export_fields(resource) -> list:
    return resource.get_export_fields()


def formula_safe(value: str) -> bool:
    return not value.startswith(FORMULA_TRIGGERS)


def export_values(resource, queryset) -> Iterator[list]:
    """Each record as a list of typed cell values (dates, Decimals, text), streamed from the database."""
    fields = export_fields(resource)
    for instance in queryset.iterator(chunk_size=2000):
        yield [resource.export_field(f, instance) for f in fields]


def column_width(resource_field) -> float:
    widget = resource_field.widget
    header = len(resource_field.column_name) * 2 + 2
    if isinstance(widget, DateWidget | DecimalWidget | IntegerWidget):
        width = 12
    elif isinstance(widget, BooleanWidget):
        width = 8
    elif isinstance(widget, ChoiceWidget):
        width = max(len(label) for label in widget.labels.values()) * 2 + 4
    elif isinstance(widget, NameForeignKeyWidget):
        width = 30
    else:
        width = 36
    return min(max(width, header), 50)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_sheet(workbook: Workbook, *, title: str, resource, rows: Iterable[list]) -> int:
    """Append a write-only sheet: bold frozen header, widths, real dates, numbers, text never taken for a formula."""
    worksheet = workbook.create_sheet(title=title)
    fields = export_fields(resource)
    for index, resource_field in enumerate(fields, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column_width(resource_field)
    worksheet.freeze_panes = "A2"
    header = []
    for resource_field in fields:
        cell = WriteOnlyCell(worksheet, value=resource_field.column_name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header.append(cell)
    worksheet.append(header)
    count = 0
    for values in rows:
        worksheet.append([_xlsx_cell(worksheet, value) for value in values])
        count += 1
    return count


def _xlsx_cell(worksheet, value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str) and not formula_safe(value):
        # openpyxl would turn "=…" into a formula: force a string, and mark it as text for Excel.
        cell = WriteOnlyCell(worksheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def export_xlsx(*, record_type: RecordType, queryset, output) -> int:
    """Write the records of `queryset` as one sheet of an xlsx to `output` (path or binary file); returns the count."""
    resource = record_type.resource()
    workbook = Workbook(write_only=True)
    count = write_sheet(
        workbook,
        title=selectors.sheet_title(record_type),
        resource=resource,
        rows=export_values(resource, selectors.export_queryset(record_type=record_type, queryset=queryset)),
    )
    workbook.save(output)
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
    workbook = Workbook(write_only=True)
    counts = {}
    for record_type in selectors.importable_types():
        resource = record_type.resource()
        queryset = selectors.ledger_queryset(record_type=record_type, year=year)
        title = selectors.sheet_title(record_type)
        counts[title] = write_sheet(workbook, title=title, resource=resource, rows=export_values(resource, queryset))
    workbook.save(output)
    return counts


def import_template(*, record_type: RecordType, output) -> None:
    """An empty workbook with the headers, one example row and a sheet explaining every column."""
    resource = record_type.resource()
    model = record_type.model
    key_names = set(resource.get_import_id_fields())
    fields = [f for f in resource.get_import_fields() if f.attribute and not f.readonly]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = selectors.sheet_title(record_type)
    sheet.append([f.column_name for f in fields])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    example = [_example_value(resource, f, model) for f in fields]
    sheet.append(example)
    for index, resource_field in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(resource_field)
        if isinstance(resource_field.widget, DateWidget):
            sheet.cell(row=2, column=index).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "格式", "可选值 / 说明"])
    for cell in notes[1]:
        cell.font = HEADER_FONT
    for resource_field in fields:
        django_field = model._meta.get_field(resource_field.attribute)
        required = (not django_field.blank and not django_field.has_default()) or resource_field.attribute in key_names
        fmt, allowed = _column_help(resource_field, django_field)
        if resource_field.attribute in key_names:
            allowed = (allowed + "；" if allowed else "") + "用于识别已有记录：相同的视为同一条记录并更新"
        notes.append([resource_field.column_name, "必填" if required else "选填", fmt, allowed])
    notes.append([])
    notes.append(
        ["说明：第1行是列名，请勿修改；从第2行起每行一条记录（示例行可直接覆盖）。导入前会先预览，确认后才写入。"]
    )
    for letter, width in zip("ABCD", (24, 10, 24, 70), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(output)


def _column_help(resource_field, django_field) -> tuple[str, str]:
    widget = resource_field.widget
    help_text = str(django_field.help_text or "")
    if isinstance(widget, NameForeignKeyWidget):
        noun = widget.model._meta.verbose_name
        return "名称", f"填写已有{noun}的名称，找不到时该行报错（不会自动新建）" + (
            f"；{help_text}" if help_text else ""
        )
    if isinstance(widget, ChoiceWidget):
        return "可选值", "、".join(widget.labels.values())
    if isinstance(widget, DateWidget):
        return "日期", "如 2023-05-11" + (f"；{help_text}" if help_text else "")
    if isinstance(widget, DecimalWidget):
        return "数字", help_text or "不能为负数"
    if isinstance(widget, IntegerWidget):
        return "整数", help_text
    if isinstance(widget, BooleanWidget):
        return "是/否", help_text
    return "文字", help_text


def _example_value(resource, resource_field, model):
    if resource_field.attribute in resource.example:
        return resource.example[resource_field.attribute]
    widget = resource_field.widget
    django_field = model._meta.get_field(resource_field.attribute)
    today = timezone.localdate()
    if isinstance(widget, NameForeignKeyWidget):
        first = widget.model._default_manager.first()
        return widget.label(first) if first else ""
    if isinstance(widget, ChoiceWidget):
        return next(iter(widget.labels.values()))
    if isinstance(widget, DateWidget):
        return datetime.date(today.year, 5, 11)
    if isinstance(widget, DecimalWidget):
        return Decimal("1.00")
    if isinstance(widget, IntegerWidget):
        return today.year if django_field.name.startswith("year") else 1
    if isinstance(widget, BooleanWidget):
        return "否"
    return f"（{django_field.verbose_name}）"
