"""Reading uploaded workbooks safely: size, zip bomb and XML bomb checks, cached formula values, no phantom rows.

Every refusal is an `ImportFileError` with a Chinese message; nothing here touches the database.
"""

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from openpyxl.utils.cell import range_boundaries

from bureau.text import normalize_name

# openpyxl parses worksheets with defusedxml only when it is importable; refuse to run without it.
if not openpyxl.DEFUSEDXML:
    raise ImproperlyConfigured("defusedxml 未安装或被 OPENPYXL_DEFUSEDXML 关闭：导入 Excel 需要它来防御 XML 炸弹。")

# A trailing run of this many empty rows ends the sheet (LibreOffice reports 1,048,576 rows).
EMPTY_RUN_LIMIT = 1000
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell [^>]*ref="([A-Z]+\d+:[A-Z]+\d+)"')
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""


@dataclass
class Sheet:
    """One worksheet's header and non-empty data rows, numbered as Excel numbers them."""

    title: str
    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (row, column index) of formulas that have no cached value.
    formula_without_value: set[tuple[int, int]] = field(default_factory=set)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "LEDGER_IMPORT_MAX_UNCOMPRESSED_BYTES", 10 * settings.LEDGER_UPLOAD_MAX_BYTES)


def check_archive(path: Path) -> zipfile.ZipFile:
    """Open the file as an xlsx archive after checking size, type and uncompressed size."""
    size = path.stat().st_size
    limit = settings.LEDGER_UPLOAD_MAX_BYTES
    if size > limit:
        raise ImportFileError(f"文件过大（{size / 1048576:.1f} MB），上限为 {limit / 1048576:.0f} MB。")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != b"PK\x03\x04":
        raise ImportFileError("文件不是 Excel 工作簿（.xlsx）。请在 Excel 中“另存为 Excel 工作簿(*.xlsx)”后再上传。")
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError("文件已损坏，无法作为 Excel 工作簿打开。请重新保存后再上传。") from None
    names = {info.filename for info in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        archive.close()
        raise ImportFileError("文件不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿内容。")
    total = sum(info.file_size for info in members)
    if total > max_uncompressed_bytes() or any(info.file_size < 0 for info in members):
        archive.close()
        limit_mb = max_uncompressed_bytes() / 1048576
        raise ImportFileError(
            f"文件解压后过大（{total / 1048576:.0f} MB），疑似压缩炸弹，已拒绝。上限为 {limit_mb:.0f} MB。"
        )
    for info in members:
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as member:
                head = member.read(4096)
            # Office never writes a DTD; one in an upload is an entity-expansion (XML bomb) attempt.
            if _DTD.search(head):
                archive.close()
                raise ImportFileError(f"文件包含不允许的 XML 声明（{info.filename}），疑似 XML 炸弹，已拒绝。")
    return archive


def _is_xml_attack(error: BaseException | None) -> bool:
    """defusedxml refused an entity or DTD somewhere in the chain (openpyxl wraps the original)."""
    while error is not None:
        if error.__class__.__module__.startswith("defusedxml"):
            return True
        error = error.__cause__ or error.__context__
    return False


def open_workbook(path: Path, *, data_only: bool = True):
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        if _is_xml_attack(error):
            raise ImportFileError("文件包含不允许的 XML 内容，疑似 XML 炸弹，已拒绝。") from None
        raise ImportFileError("文件已损坏或不是 Excel 工作簿，无法读取。请在 Excel 中重新保存后再上传。") from None


def is_empty(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _sheet_xml(archive: zipfile.ZipFile, worksheet) -> bytes:
    path = getattr(worksheet, "_worksheet_path", "")
    path = path.lstrip("/")
    try:
        return archive.read(path)
    except KeyError:
        return b""


def read_sheet(worksheet, *, archive: zipfile.ZipFile, formula_sheet=None) -> Sheet:
    """Header row 1 and the data rows below it; stops at trailing empty rows and at the row limit."""
    raw = _sheet_xml(archive, worksheet)
    sheet = Sheet(title=worksheet.title, headers=[])
    header_merges = []
    for ref in _MERGE.findall(raw):
        _min_col, min_row, _max_col, _max_row = range_boundaries(ref.decode())
        if min_row <= 1:
            header_merges.append(ref.decode())
        else:
            sheet.warnings.append(f"合并单元格 {ref.decode()} 只有左上角的格子有值，其余格子按空白处理。")
    if header_merges:
        raise ImportFileError(
            f"工作表“{worksheet.title}”的表头有合并单元格（{'、'.join(header_merges)}）。请取消合并，每列只写一个列名。"
        )
    worksheet.reset_dimensions()  # ignore the claimed dimension: phantom rows are not read
    rows = worksheet.iter_rows(values_only=True)
    formula_rows = None
    if formula_sheet is not None and _FORMULA_TAG.search(raw):
        formula_sheet.reset_dimensions()
        formula_rows = formula_sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if formula_rows is not None:
        next(formula_rows, None)
    if header is None or is_empty(header):
        raise ImportFileError(f"工作表“{worksheet.title}”第1行没有表头。第1行应为列名，数据从第2行开始。")
    sheet.headers = [normalize_name(str(value)) if value is not None else "" for value in header]
    width = len(sheet.headers)
    limit = settings.LEDGER_IMPORT_MAX_ROWS
    empty_run: list[int] = []
    for number, values in enumerate(rows, start=2):
        formulas = next(formula_rows, ()) if formula_rows is not None else ()
        values = list(values[:width]) + [None] * (width - len(values[:width]))
        if is_empty(values):
            empty_run.append(number)
            if len(empty_run) >= EMPTY_RUN_LIMIT:
                break
            continue
        if empty_run:
            span = f"{empty_run[0]}–{empty_run[-1]}" if len(empty_run) > 1 else f"{empty_run[0]}"
            sheet.warnings.append(f"第{span}行是空行，已跳过。")
            empty_run = []
        if len(sheet.rows) >= limit:
            raise ImportFileError(f"工作表“{worksheet.title}”超过{limit}行的导入上限。请分成几个文件导入。")
        for index, formula in enumerate(formulas[:width]):
            if isinstance(formula, str) and formula.startswith("=") and values[index] is None:
                sheet.formula_without_value.add((number, index))
            elif formula is not None and not isinstance(formula, str | int | float | bool) and values[index] is None:
                sheet.formula_without_value.add((number, index))  # array / data-table formulas
        sheet.rows.append((number, values))
    return sheet


def read_workbook(path: Path, *, first_only: bool = False) -> list[Sheet]:
    """Every worksheet (or only the first) of an uploaded xlsx, after the safety checks."""
    archive = check_archive(path)
    try:
        values = open_workbook(path, data_only=True)
        raw_all = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
        formulas = open_workbook(path, data_only=False) if _FORMULA_TAG.search(raw_all) else None
        try:
            sheets = []
            for index, worksheet in enumerate(values.worksheets):
                if not hasattr(worksheet, "iter_rows"):
                    continue  # chart sheets
                formula_sheet = formulas.worksheets[index] if formulas is not None else None
                sheets.append(read_sheet(worksheet, archive=archive, formula_sheet=formula_sheet))
                if first_only:
                    break
            return sheets
        except ImportFileError:
            raise
        except Exception as error:
            if _is_xml_attack(error):
                raise ImportFileError("文件包含不允许的 XML 内容，疑似 XML 炸弹，已拒绝。") from None
            raise ImportFileError("文件已损坏，读取工作表时出错。请在 Excel 中重新保存后再上传。") from None
        finally:
            values.close()
            if formulas is not None:
                formulas.close()
    finally:
        archive.close()


def read_first_sheet(path: Path) -> Sheet:
    sheets = read_workbook(path, first_only=True)
    if not sheets:
        raise ImportFileError("工作簿中没有工作表。")
    return sheets[0]
