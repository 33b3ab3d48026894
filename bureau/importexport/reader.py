"""Reading uploaded workbooks safely: size, zip bomb and XML bomb checks, cached formula values, no phantom rows.

Worksheets are streamed with lxml (entities never resolved, DTDs refused, no network,
no huge trees), which reads a 20,000-row sheet several times faster than openpyxl.

Every refusal is an `ImportFileError` with a Chinese message; nothing here touches the database.
"""

import datetime
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from bureau.text import normalize_name

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAIN_PREFIX = "{" + MAIN_NS + "}"
_CELL_TAG = _MAIN_PREFIX + "c"
_VALUE_TAG, _FORMULA_TAG, _INLINE_TAG, _TEXT_TAG, _PHONETIC_TAG = (
    _MAIN_PREFIX + name for name in ("v", "f", "is", "t", "rPh")
)

# A trailing run of this many empty rows ends the sheet (LibreOffice reports 1,048,576 rows).
EMPTY_RUN_LIMIT = 1000
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
    """A parser refused an entity or DTD somewhere in the chain."""
    while error is not None:
        if isinstance(error, XmlAttackError) or error.__class__.__module__.startswith("defusedxml"):
            return True
        error = error.__cause__ or error.__context__
    return False


class XmlAttackError(ImportFileError):
    """A part of the workbook declares a DTD: Office never writes one, so it is an entity-expansion attempt."""


def _iterparse(source, **kwargs):
    """lxml's streaming parser with entities, DTDs, network access and huge trees all off.

    `_refuse_dtd` runs on the first element: a document that declares a DTD anywhere
    before its root (also past the 4 KB the archive check reads) is refused, and
    since entities are never resolved, nothing can expand before that.
    """
    return etree.iterparse(
        source, resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True, **kwargs
    )


def _refuse_dtd(element, part: str) -> None:
    if element.getroottree().docinfo.internalDTD is not None or element.getroottree().docinfo.doctype:
        raise XmlAttackError(f"文件包含不允许的 XML 声明（{part}），疑似 XML 炸弹，已拒绝。")


def _check_prolog(source, part: str) -> None:
    """Read up to the root element only, and refuse a DTD declared before it."""
    for _event, element in _iterparse(source, events=("start",)):
        _refuse_dtd(element, part)
        break


def _parse_part(archive: zipfile.ZipFile, part: str):
    """A small part (workbook, relationships, styles) as a tree, through the same safe parser."""
    root = None
    with archive.open(part) as stream:
        for _event, element in _iterparse(stream, events=("start",)):
            if root is None:
                _refuse_dtd(element, part)
                root = element
    return root


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class _Book:
    """What the worksheets need from the rest of the package: shared strings, date styles, the date epoch."""

    strings: list[str]
    date_styles: dict[int, bool]  # style index -> is a timedelta format (True) or a date format (False)
    epoch: datetime.datetime
    sheets: list[tuple[str, str]]  # (title, part) of each worksheet, in workbook order


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _read_book(archive: zipfile.ZipFile) -> _Book:
    names = set(archive.namelist())
    workbook = _parse_part(archive, "xl/workbook.xml")
    rels = _parse_part(archive, "xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else None
    targets = {}
    strings_part = styles_part = None
    for rel in rels.iter() if rels is not None else ():
        if _local(rel.tag) != "Relationship":
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        part = _target("xl", rel.get("Target", ""))
        targets[rel.get("Id")] = (kind, part)
        if kind == "sharedStrings":
            strings_part = part
        elif kind == "styles":
            styles_part = part
    epoch = CALENDAR_WINDOWS_1900
    sheets = []
    for element in workbook.iter():
        name = _local(element.tag)
        if name == "workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        elif name == "sheet":
            rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
            kind, part = targets.get(rid, ("", ""))
            if kind == "worksheet" and part in names:  # chart sheets and dialogs have no rows
                sheets.append((element.get("name", ""), part))
    strings = []
    if strings_part in names:
        with archive.open(strings_part) as stream:
            _check_prolog(stream, strings_part)
        with archive.open(strings_part) as stream:
            for _event, element in _iterparse(stream, events=("end",), tag=f"{{{MAIN_NS}}}si"):
                # Rich text: the runs' text; phonetic guides (rPh) are not part of the value.
                strings.append(
                    "".join(t.text or "" for t in element.iter(f"{{{MAIN_NS}}}t") if _local(t.getparent().tag) != "rPh")
                )
                element.clear()
    date_styles = {}
    if styles_part in names:
        styles = _parse_part(archive, styles_part)
        formats = dict(BUILTIN_FORMATS)
        for element in styles.iter(f"{{{MAIN_NS}}}numFmt"):
            formats[int(element.get("numFmtId", 0))] = element.get("formatCode", "")
        xfs = styles.find(f"{{{MAIN_NS}}}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else ()):
            code = formats.get(int(xf.get("numFmtId", 0)), "")
            if code and is_date_format(code):
                date_styles[index] = is_timedelta_format(code)
    return _Book(strings=strings, date_styles=date_styles, epoch=epoch, sheets=sheets)


def is_empty(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _column_index(ref: str) -> int:
    """Zero-based column of a cell reference such as `AB12`."""
    index = 0
    for char in ref:
        if char.isdigit():
            break
        index = index * 26 + (ord(char) - 64)
    return index - 1


def _cell_value(cell, book: _Book):
    """A cell's (cached) value, typed as openpyxl would give it; and whether it is a formula without one."""
    kind = cell.get("t", "n")
    value_text = None
    formula = False
    inline = None
    for child in cell:
        tag = child.tag
        if tag == _VALUE_TAG:
            value_text = child.text
        elif tag == _FORMULA_TAG:
            formula = True
        elif tag == _INLINE_TAG:
            if len(child) == 1 and child[0].tag == _TEXT_TAG:  # plain text, as our own exports write it
                inline = child[0].text or ""
            else:  # rich text runs; phonetic guides (rPh) are not part of the value
                inline = "".join(t.text or "" for t in child.iter(_TEXT_TAG) if t.getparent().tag != _PHONETIC_TAG)
    if kind == "inlineStr":
        return inline, False
    if value_text is None:
        return None, formula
    if kind == "s":
        try:
            return book.strings[int(value_text)], False
        except (ValueError, IndexError):
            raise ImportFileError(f"单元格 {cell.get('r', '')} 引用了不存在的文字，文件已损坏。") from None
    if kind in ("str", "e"):
        return value_text, False
    if kind == "b":
        return value_text.strip() in ("1", "true"), False
    if kind == "d":
        return from_ISO8601(value_text), False
    try:
        number = float(value_text) if any(char in value_text for char in ".eE") else int(value_text)
    except ValueError:
        raise ImportFileError(f"单元格 {cell.get('r', '')} 的数值“{value_text}”无法识别，文件已损坏。") from None
    style = cell.get("s")
    if style is not None and int(style) in book.date_styles:
        try:
            return from_excel(number, book.epoch, timedelta=book.date_styles[int(style)]), False
        except (ValueError, OverflowError):
            return number, False
    return number, False


def read_sheet(*, archive: zipfile.ZipFile, book: _Book, title: str, part: str) -> Sheet:
    """Header row 1 and the data rows below it; stops at trailing empty rows and at the row limit.

    The worksheet is streamed (lxml iterparse, each row discarded once read), so a
    sheet's claimed dimension and its phantom rows cost nothing.
    """
    raw = archive.read(part)
    _check_prolog(io.BytesIO(raw), part)
    sheet = Sheet(title=title, headers=[])
    header_merges = []
    for ref in _MERGE.findall(raw):
        _min_col, min_row, _max_col, _max_row = range_boundaries(ref.decode())
        if min_row <= 1:
            header_merges.append(ref.decode())
        else:
            sheet.warnings.append(f"合并单元格 {ref.decode()} 只有左上角的格子有值，其余格子按空白处理。")
    if header_merges:
        raise ImportFileError(
            f"工作表“{title}”的表头有合并单元格（{'、'.join(header_merges)}）。请取消合并，每列只写一个列名。"
        )
    limit = settings.LEDGER_IMPORT_MAX_ROWS
    width = None
    empty_first = empty_count = 0
    expected = 1
    for _event, row in _iterparse(io.BytesIO(raw), events=("end",), tag=f"{{{MAIN_NS}}}row"):
        number = int(row.get("r") or expected)
        values: list = []
        formulas = []
        for cell in row:
            if cell.tag != _CELL_TAG:
                continue
            ref = cell.get("r")
            index = _column_index(ref) if ref else len(values)
            value, missing = _cell_value(cell, book)
            if index >= len(values):
                values.extend([None] * (index + 1 - len(values)))
            values[index] = value
            if missing:
                formulas.append(index)
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]
        if width is None:
            if number != 1 or is_empty(values):
                raise ImportFileError(f"工作表“{title}”第1行没有表头。第1行应为列名，数据从第2行开始。")
            sheet.headers = [normalize_name(str(value)) if value is not None else "" for value in values]
            width = len(sheet.headers)
            expected = 2
            continue
        # Rows missing between two row elements are empty rows too.
        gap = max(number - expected, 0)
        expected = number + 1
        if gap:
            if not empty_count:
                empty_first = number - gap
            empty_count += gap
        values = values[:width] + [None] * (width - len(values[:width]))
        if is_empty(values):
            if not empty_count:
                empty_first = number
            empty_count += 1
        if empty_count >= EMPTY_RUN_LIMIT:
            break
        if is_empty(values):
            continue
        if empty_count:
            last = empty_first + empty_count - 1
            span = f"{empty_first}–{last}" if empty_count > 1 else f"{empty_first}"
            sheet.warnings.append(f"第{span}行是空行，已跳过。")
            empty_count = 0
        if len(sheet.rows) >= limit:
            raise ImportFileError(f"工作表“{title}”超过{limit}行的导入上限。请分成几个文件导入。")
        for index in formulas:
            if index < width:
                sheet.formula_without_value.add((number, index))
        sheet.rows.append((number, values))
    if width is None:
        raise ImportFileError(f"工作表“{title}”第1行没有表头。第1行应为列名，数据从第2行开始。")
    return sheet


def read_workbook(path: Path, *, first_only: bool = False) -> list[Sheet]:
    """Every worksheet (or only the first) of an uploaded xlsx, after the safety checks."""
    archive = check_archive(path)
    try:
        book = _read_book(archive)
        sheets = []
        for title, part in book.sheets:
            sheets.append(read_sheet(archive=archive, book=book, title=title, part=part))
            if first_only:
                break
        return sheets
    except ImportFileError:
        raise
    except Exception as error:  # lxml and zipfile raise many kinds on malformed parts
        if _is_xml_attack(error):
            raise ImportFileError("文件包含不允许的 XML 内容，疑似 XML 炸弹，已拒绝。") from None
        raise ImportFileError("文件已损坏，读取工作表时出错。请在 Excel 中重新保存后再上传。") from None
    finally:
        archive.close()


def read_first_sheet(path: Path) -> Sheet:
    sheets = read_workbook(path, first_only=True)
    if not sheets:
        raise ImportFileError("工作簿中没有工作表。")
    return sheets[0]
