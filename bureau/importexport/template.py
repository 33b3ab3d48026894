"""The import template of a record type: headers, an example row the import accepts, drop-downs and a 填写说明 sheet."""

import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bureau.registry import RecordType
from bureau.resources_base import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    NameForeignKeyWidget,
    NameManyToManyWidget,
)

from . import selectors
from .reader import Sheet
from .services import HEADER_FILL, HEADER_FONT, analyse_sheet, column_required, column_width

DATE_FORMAT = "yyyy-mm-dd"
REQUIRED_FONT = Font(bold=True, color="C00000")


# Drop-downs and date checks cover the rows a clerk fills in.
LAST_ROW = 1048576
LIST_SHEET = "可选值"
# Excel keeps an inline list (“a,b,c”) to 255 characters; longer lists go to the hidden sheet.
INLINE_LIST_LIMIT = 255
# Names offered in a drop-down of related records, at most.
NAME_LIST_LIMIT = 5000
REQUIRED_MARK = "（必填）"


def import_template(*, record_type: RecordType, output) -> None:
    """A workbook to fill in: headers (required ones marked), one example row the import accepts,
    drop-downs for choices, yes/no and related records (long lists on a hidden sheet), date columns
    formatted and checked as dates, and a 填写说明 sheet explaining every column."""
    resource = record_type.resource()
    model = record_type.model
    key_names = set(resource.get_import_id_fields())
    fields = [f for f in resource.get_import_fields() if f.attribute and not f.readonly]
    required = [column_required(model=model, resource_field=f, key_names=key_names) for f in fields]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = selectors.sheet_title(record_type)
    # The import matches “申请号（必填）” to 申请号, so the mark may stay when the clerk uploads.
    sheet.append([f.column_name + (REQUIRED_MARK if need else "") for f, need in zip(fields, required, strict=True)])
    for cell, needed in zip(sheet[1], required, strict=True):
        cell.font = REQUIRED_FONT if needed else HEADER_FONT
        cell.fill = HEADER_FILL
    sheet.append(valid_example(record_type=record_type, resource=resource, fields=fields, required=required))
    lists = workbook.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    list_columns = 0
    for index, resource_field in enumerate(fields, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column_width(resource_field)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        widget = resource_field.widget
        if isinstance(widget, DateWidget):
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
            sheet.cell(row=2, column=index).number_format = DATE_FORMAT
            check = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(2000,1,1)",
                formula2="DATE(2100,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="日期无效",
                error="请填写2000年至2100年之间的日期，如 2023-05-11。",
            )
            check.add(cells)
            sheet.add_data_validation(check)
            continue
        values = _allowed_values(widget)
        if not values:
            continue
        inline = ",".join(values)
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in value or '"' in value for value in values):
            formula = f'"{inline}"'
        else:
            list_columns += 1
            list_letter = get_column_letter(list_columns)
            lists.cell(row=1, column=list_columns, value=resource_field.column_name)
            for row, value in enumerate(values, start=2):
                lists.cell(row=row, column=list_columns, value=value)
            formula = f"'{LIST_SHEET}'!${list_letter}$2:${list_letter}${len(values) + 1}"
        related = isinstance(widget, NameForeignKeyWidget)
        check = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            # Records added after the download are not in the list: a warning lets the clerk type one.
            errorStyle="warning" if related else "stop",
            errorTitle="不是可选值",
            error=(
                f"下拉列表是下载模板时已有的{widget.model._meta.verbose_name}；新添加的也可以填写，导入时会核对。"
                if related
                else "请从下拉列表中选择。"
            ),
        )
        check.add(cells)
        sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明", index=1)
    notes.append(["列名", "是否必填", "格式", "可选值 / 说明"])
    for cell in notes[1]:
        cell.font = HEADER_FONT
    for resource_field, needed in zip(fields, required, strict=True):
        django_field = model._meta.get_field(resource_field.attribute)
        fmt, allowed = _column_help(resource_field, django_field)
        workflow = getattr(model, "WORKFLOW", None)
        if workflow and (needed := workflow.needed_by(model, django_field.name)):
            allowed = f"{allowed}；{needed}" if allowed else needed  # the import refuses the status without it
        if resource_field.attribute in key_names:
            allowed = (allowed + "；" if allowed else "") + "用于识别已有记录：相同的视为同一条记录并更新"
        notes.append([resource_field.column_name, "必填" if needed else "选填", fmt, allowed])
    notes.append([])
    notes.append(
        [
            "说明：第1行是列名，请勿修改（列名后的“（必填）”可保留）；从第2行起每行一条记录，"
            "示例行可以直接导入，也可以覆盖。可选值和单位等名称可从下拉列表选择。导入前会先预览，确认后才写入。"
        ]
    )
    for letter, width in zip("ABCD", (24, 10, 24, 70), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(output)


def _allowed_values(widget) -> list[str]:
    """The values a drop-down offers for a column, or none (free text, numbers, several names)."""
    if isinstance(widget, ChoiceWidget):
        return list(widget.labels.values())
    if isinstance(widget, BooleanWidget):
        return ["是", "否"]
    if isinstance(widget, NameForeignKeyWidget):
        records = widget.model._default_manager.all()[:NAME_LIST_LIMIT]
        return sorted({widget.label(record) for record in records} - {""})
    return []


def valid_example(*, record_type: RecordType, resource, fields: list, required: list[bool]) -> list:
    """The example row, checked by the import itself: an optional value it refuses is left empty.

    A default for every column would set 授权日期 beside 审查中 or 立项经费 beside 拟申报;
    the record type's own `example` values are kept as given (a test imports every template).
    """
    used: set = set()
    row: list = [None] * len(fields)
    model = record_type.model
    # Columns limited to some records (a partner: 高校 or 科研院所) choose first, the others from the rest.
    limited = [bool(getattr(model._meta.get_field(f.attribute), "get_limit_choices_to", dict)()) for f in fields]
    for index in sorted(range(len(fields)), key=lambda index: not limited[index]):
        row[index] = _example_value(resource, fields[index], model, used=used)
    by_column = {f.column_name: index for index, f in enumerate(fields)}

    def refused(values: list) -> set[int]:
        sheet = Sheet(title="示例", headers=[f.column_name for f in fields], rows=[(2, list(values))])
        report = analyse_sheet(record_type=record_type, sheet=sheet, cache=selectors.LookupCache())
        return {by_column.get(column, -1) for result in report.rows for column, _ in result.errors}

    optional = [
        index
        for index, f in enumerate(fields)
        if not required[index] and f.attribute not in resource.example and row[index] not in (None, "")
    ]
    problems = refused(row)
    # First the refused optional cells themselves, then (for a rule the error names another column,
    # such as 授权日期 against 审查中) each other optional cell, kept empty when that helps.
    for index in [i for i in optional if i in problems] + [i for i in optional if i not in problems]:
        if not problems:
            break
        trial = [None if i == index else value for i, value in enumerate(row)]
        fewer = refused(trial)
        if len(fewer) < len(problems) or (index in problems and index not in fewer):
            row, problems = trial, fewer
    return row


def _column_help(resource_field, django_field) -> tuple[str, str]:
    widget = resource_field.widget
    help_text = str(django_field.help_text or "")
    if isinstance(widget, NameForeignKeyWidget):
        noun = widget.model._meta.verbose_name
        return (
            "名称",
            f"从下拉列表选择，或照下拉列表中的写法（含年度等）填写已有{noun}，找不到时该行报错（不会自动新建）"
            + (f"；{help_text}" if help_text else ""),
        )
    if isinstance(widget, NameManyToManyWidget):
        noun = widget.model._meta.verbose_name
        return "名称（可多个）", f"已有{noun}的名称，多个之间用“{widget.separator}”分隔；找不到时该行报错" + (
            f"；{help_text}" if help_text else ""
        )
    if isinstance(widget, ChoiceWidget):
        return "可选值（下拉选择）", "、".join(widget.labels.values())
    if isinstance(widget, DateWidget):
        return "日期", "如 2023-05-11，也可写 2023/5/11 或 2023年5月11日" + (f"；{help_text}" if help_text else "")
    if isinstance(widget, DecimalWidget):
        return "数字", help_text or "不能为负数"
    if isinstance(widget, IntegerWidget):
        return "整数", help_text
    if isinstance(widget, BooleanWidget):
        return "是/否", help_text
    return "文字", help_text


def _example_value(resource, resource_field, model, *, used: set):
    if resource_field.attribute in resource.example:
        return resource.example[resource_field.attribute]
    widget = resource_field.widget
    django_field = model._meta.get_field(resource_field.attribute)
    today = timezone.localdate()
    if isinstance(widget, NameForeignKeyWidget | NameManyToManyWidget):
        # A record the field accepts (a partner must be a 高校 or 科研院所), the earliest entered.
        # Two columns naming units (本地单位, 合作院校) get two different ones.
        choices = widget.model._default_manager.complex_filter(django_field.get_limit_choices_to() or {})
        first = choices.exclude(pk__in=[pk for model, pk in used if model is widget.model]).order_by("pk").first()
        if first is None:
            return ""
        used.add((widget.model, first.pk))
        return widget.label(first)
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
    # Optional text stays empty: an example imported as it is must not put placeholder words in the ledger.
    return "" if django_field.blank else f"（{django_field.verbose_name}）"
