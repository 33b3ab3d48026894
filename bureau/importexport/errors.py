"""A refused import handed back: the uploaded rows with a 错误说明 column and the bad cells highlighted.

The clerk fixes the cells in Excel and uploads the file again; the rows that were
already right are in it too, because an import still writes all rows or none.
"""

import datetime

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from .reader import HeaderMatcher, ImportFileError, Sheet, read_first_sheet, read_workbook
from .services import HEADER_FILL, HEADER_FONT, ImportReport
from .xlsx import ILLEGAL, is_formula_like

NOTE_HEADER = "错误说明"
PROBLEMS_SHEET = "导入问题"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
ERROR_FONT = Font(color="9C0006")


def _set(cell, value) -> None:
    """A value as the clerk wrote it: text never becomes a formula, dates stay dates."""
    if isinstance(value, str):
        text = ILLEGAL.sub("", value)
        cell.value = text
        if is_formula_like(text):
            cell.data_type = "s"  # openpyxl would take “=…” for a formula
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd" if value.time() == datetime.time() else "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"


def errors_workbook(*, sheets: list[Sheet], report: ImportReport, output) -> int:
    """Write the sheets back with each row's problems; returns the number of rows with a problem."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    reports = {sheet_report.title: sheet_report for sheet_report in report.sheets}
    problems = list(report.errors)
    marked = 0
    for sheet in sheets:
        sheet_report = reports.get(sheet.title)
        target = workbook.create_sheet(sheet.title[:31] or "Sheet1")
        headers = list(sheet.headers)
        # A file handed back before and uploaded again keeps one 错误说明 column, rewritten.
        note = headers.index(NOTE_HEADER) if NOTE_HEADER in headers else len(headers)
        if note == len(headers):
            headers.append(NOTE_HEADER)
        for index, header in enumerate(headers, start=1):
            cell = target.cell(row=1, column=index, value=header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        target.freeze_panes = "A2"
        target.column_dimensions[target.cell(row=1, column=note + 1).column_letter].width = 60
        if sheet_report is None:
            continue
        problems += [f"工作表“{sheet.title}”：{message}" for message in sheet_report.errors]
        rows = {row.number: row.errors for row in sheet_report.rows if row.status == "error"}
        column_of = {}
        if sheet_report.record_type is not None:
            resource = sheet_report.record_type.resource()
            matcher = HeaderMatcher(f.column_name for f in resource.get_import_fields() if f.column_name)
            for index, header in enumerate(sheet.headers):
                name = matcher.match(header) if header and index != note else None
                if name is not None:
                    column_of.setdefault(name, index)
        for out_row, (number, values) in enumerate(sheet.rows, start=2):
            for index, value in enumerate(values[: len(sheet.headers)]):
                if index != note and value is not None:
                    _set(target.cell(row=out_row, column=index + 1), value)
            errors = rows.get(number)
            if not errors:
                continue
            marked += 1
            lines = []
            for column, message in errors:
                lines.append(f"“{column}”：{message}" if column else message)
                index = column_of.get(column)
                if index is not None:
                    cell = target.cell(row=out_row, column=index + 1)
                    cell.fill = ERROR_FILL
                    cell.comment = Comment(message, "科技台账")
            cell = target.cell(row=out_row, column=note + 1, value="；".join(lines))
            cell.font = ERROR_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if problems:
        listing = workbook.create_sheet(PROBLEMS_SHEET)
        listing.append(["整个文件的问题（改正后重新上传）"])
        listing["A1"].font = HEADER_FONT
        for message in problems:
            listing.append([message])
        listing.column_dimensions["A"].width = 100
    workbook.save(output)
    return marked


def refused_file(*, path, report: ImportReport, whole_ledger: bool, output) -> bool:
    """Write the refused upload at `path` marked with the problems of its `report`; False if there is nothing
    to mark (it imports, or it cannot be read at all, which the preview explains)."""
    if report.ok:
        return False
    try:
        sheets = read_workbook(path) if whole_ledger else [read_first_sheet(path)]
    except ImportFileError:
        return False
    errors_workbook(sheets=sheets, report=report, output=output)
    return True
