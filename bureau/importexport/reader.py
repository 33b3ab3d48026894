"""Reading uploaded workbooks and CSV files safely: size, zip bomb and XML bomb checks, cached formula values,
column and cell limits, the header found below any title rows, and every row up to the sheet's last.

Worksheets are streamed with lxml (entities never resolved, DTDs refused, no network,
no huge trees), which reads a 20,000-row sheet several times faster than openpyxl.
CSV files are decoded by their BOM, else as strict UTF-8, else as GB18030; `.xls` files are refused.

Every refusal is an `ImportFileError` with a Chinese message; nothing here touches the database.
"""

import codecs
import csv
import datetime
import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from bureau.text import normalize_name

from .xlsx import is_formula_like

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAIN_PREFIX = "{" + MAIN_NS + "}"
_CELL_TAG = _MAIN_PREFIX + "c"
_VALUE_TAG, _FORMULA_TAG, _INLINE_TAG, _TEXT_TAG, _PHONETIC_TAG = (
    _MAIN_PREFIX + name for name in ("v", "f", "is", "t", "rPh")
)

# The header is looked for among this many rows at the top (a title may stand above it).
HEADER_SCAN_ROWS = 10
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell [^>]*ref="([A-Z]+\d+:[A-Z]+\d+)"')
_EMPTY_ROW = re.compile(rb"<(?:\w+:)?row\b[^<>]*/>")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""


CORRUPT_MESSAGE = "文件已损坏，请在 Excel 中重新保存后再上传。"
# zipfile, zlib and lxml raise these on a bad CRC, a truncated member or a broken part.
CORRUPT_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, NotImplementedError)
# Excel 97–2003 (.xls) files are OLE2 compound documents.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
XLS_MESSAGE = (
    "这是 Excel 97–2003 工作簿（.xls），不能直接导入。请在 Excel 中打开它，选择“文件 → 另存为”，"
    "保存类型选“Excel 工作簿(*.xlsx)”，再上传另存的 .xlsx 文件（WPS 表格同样可以另存为 .xlsx）。"
)


@dataclass
class Sheet:
    """One worksheet's header and non-empty data rows, numbered as Excel numbers them."""

    title: str
    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_row: int = 1
    # How a CSV file was decoded (shown in the preview); empty for a workbook.
    encoding: str = ""
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
    if magic == OLE_MAGIC:
        raise ImportFileError(XLS_MESSAGE)
    if magic != b"PK\x03\x04":
        raise ImportFileError("文件不是 Excel 工作簿（.xlsx）。请在 Excel 中“另存为 Excel 工作簿(*.xlsx)”后再上传。")
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except CORRUPT_ERRORS:
        raise ImportFileError(CORRUPT_MESSAGE) from None
    try:
        _check_members(archive, members)
    except ImportFileError:
        archive.close()
        raise
    except CORRUPT_ERRORS:
        # A bad CRC or a truncated member shows only when the member is read.
        archive.close()
        raise ImportFileError(CORRUPT_MESSAGE) from None
    return archive


def _check_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    names = {info.filename for info in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError("文件不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿内容。")
    total = sum(info.file_size for info in members)
    if total > max_uncompressed_bytes() or any(info.file_size < 0 for info in members):
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
                raise ImportFileError(f"文件包含不允许的 XML 声明（{info.filename}），疑似 XML 炸弹，已拒绝。")


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


# A marker a template or a clerk adds after a column name: （必填）, (选填), *.
_HEADER_MARK = re.compile(r"(?:[(\[](?:必填|选填|可选|必须填写)[)\]]|[*＊])+$")
# A unit or any other remark in brackets at the end: 金额（万元）, 面积(亩).
_HEADER_SUFFIX = re.compile(r"[(\[][^()\[\]]*[)\]]$")


def header_key(text: str) -> str:
    """A column name as compared: no spaces, brackets of any width folded, a trailing （必填）/* dropped."""
    folded = unicodedata.normalize("NFKC", normalize_name(text)).replace("【", "[").replace("】", "]")
    return _HEADER_MARK.sub("", re.sub(r"\s+", "", folded))


class HeaderMatcher:
    """Finds our column for a header a clerk wrote: the same name up to spaces, bracket width and （必填）,
    or, failing that, the same name once a trailing bracketed unit is dropped on either side
    (“金额（万元）” for 金额, “金额” for 金额（万元）) when that names only one of our columns."""

    def __init__(self, names: Iterable[str]) -> None:
        self.exact: dict[str, str] = {}
        bare: dict[str, list[str]] = {}
        for name in names:
            key = header_key(name)
            self.exact[key] = name
            bare.setdefault(_HEADER_SUFFIX.sub("", key), []).append(name)
        self.bare = {key: found[0] for key, found in bare.items() if len(found) == 1}

    def match(self, header: str) -> str | None:
        key = header_key(header)
        if key in self.exact:
            return self.exact[key]
        return self.bare.get(_HEADER_SUFFIX.sub("", key)) if key else None


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


def max_columns() -> int:
    return getattr(settings, "LEDGER_IMPORT_MAX_COLUMNS", 200)


def max_cells() -> int:
    return getattr(settings, "LEDGER_IMPORT_MAX_CELLS", 2_000_000)


def _discard(row) -> None:
    """Free a row read from the stream, and the rows before it, so the tree never grows."""
    row.clear()
    while row.getprevious() is not None:
        del row.getparent()[0]


def _worksheet_rows(raw: bytes, *, book: _Book, title: str) -> Iterator[tuple[int, list, list[int]]]:
    """(row number, values, columns holding a formula without a value) of every row element, streamed.

    Cells beyond the column limit are refused if they hold anything and skipped if empty
    (styled empty cells out to column XFD cost nothing); a sheet with more cell elements
    than the cell limit is refused before its rows are built.
    """
    columns, cells_limit = max_columns(), max_cells()
    cells = 0
    expected = 1
    for _event, row in _iterparse(io.BytesIO(raw), events=("end",), tag=f"{{{MAIN_NS}}}row"):
        number = int(row.get("r") or expected)
        expected = number + 1
        if not len(row):
            # An empty row element (LibreOffice writes a million): a gap the sheet builder counts as empty rows.
            _discard(row)
            continue
        values: list = []
        formulas = []
        for cell in row:
            if cell.tag != _CELL_TAG:
                continue
            cells += 1
            if cells > cells_limit:
                raise ImportFileError(
                    f"工作表“{title}”的单元格超过{cells_limit}个的上限。请删去多余的行列，或分成几个文件导入。"
                )
            if not len(cell) and cell.get("t") != "inlineStr":
                continue  # a styled empty cell
            ref = cell.get("r")
            index = _column_index(ref) if ref else len(values)
            value, missing = _cell_value(cell, book)
            if index >= columns:
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                raise ImportFileError(
                    f"工作表“{title}”的单元格 {ref or index + 1} 超出了{columns}列的上限。请删去多余的列后再上传。"
                )
            if index >= len(values):
                values.extend([None] * (index + 1 - len(values)))
            values[index] = value
            if missing:
                formulas.append(index)
        _discard(row)
        yield number, values, formulas


def _filled(values) -> int:
    return sum(1 for value in values if not is_empty((value,)))


def _span(first: int, last: int) -> str:
    return f"{first}–{last}" if last > first else f"{first}"


def build_sheet(*, title: str, rows: Iterable[tuple[int, list, list[int]]], merges: Iterable[str] = ()) -> Sheet:
    """Find the header row, then keep the non-empty data rows below it, read to the sheet's last row.

    The header is the first row with at least two filled cells among the first
    HEADER_SCAN_ROWS rows; filled rows above it are a title ("XX县2023年专利台账") and
    are skipped with a note. Empty rows are skipped; a run of them is noted only when
    data follows, so nothing below them is ever dropped unsaid.
    """
    sheet = Sheet(title=title, headers=[])
    limit = settings.LEDGER_IMPORT_MAX_ROWS
    width = None
    empty_first = empty_count = 0
    expected = 1
    pending: list[tuple[int, list, list[int]]] = []

    def take_header(number: int, values: list) -> None:
        nonlocal width, expected
        sheet.header_row = number
        sheet.headers = [normalize_name(str(value)) if value is not None else "" for value in values]
        width = len(sheet.headers)
        expected = number + 1
        titles = [row for row, _values, _formulas in pending if row < number]
        if titles:
            sheet.warnings.append(f"第{_span(titles[0], titles[-1])}行是标题，已跳过；第{number}行是表头。")

    def take_row(number: int, values: list, formulas: list[int]) -> None:
        nonlocal empty_first, empty_count, expected
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
            return
        if empty_count:
            sheet.warnings.append(f"第{_span(empty_first, empty_first + empty_count - 1)}行是空行，已跳过。")
            empty_count = 0
        if len(sheet.rows) >= limit:
            raise ImportFileError(f"工作表“{title}”超过{limit}行的导入上限。请分成几个文件导入。")
        for index in formulas:
            if index < width:
                sheet.formula_without_value.add((number, index))
        sheet.rows.append((number, values))

    for number, values, formulas in rows:
        if width is not None:
            take_row(number, values, formulas)
            continue
        filled = _filled(values)
        if filled >= 2:
            take_header(number, values)
            continue
        if filled:
            pending.append((number, values, formulas))
        if pending and number >= HEADER_SCAN_ROWS:
            # No row with two filled cells near the top: a one-column sheet, its first filled row is the header.
            first, *rest = pending
            take_header(first[0], first[1])
            for row in rest:
                take_row(*row)
    if width is None and pending:
        first, *rest = pending
        take_header(first[0], first[1])
        for row in rest:
            take_row(*row)
    if width is None or not width:
        raise ImportFileError(f"工作表“{title}”没有表头。第1行（或标题行下面的一行）应为列名，数据从下一行开始。")
    header_merges = []
    for ref in merges:
        _min_col, min_row, _max_col, max_row = range_boundaries(ref)
        if min_row <= sheet.header_row <= max_row:
            header_merges.append(ref)
        elif min_row > sheet.header_row:
            sheet.warnings.append(f"合并单元格 {ref} 只有左上角的格子有值，其余格子按空白处理。")
    if header_merges:
        raise ImportFileError(
            f"工作表“{title}”的表头有合并单元格（{'、'.join(header_merges)}）。请取消合并，每列只写一个列名。"
        )
    return sheet


def read_sheet(*, archive: zipfile.ZipFile, book: _Book, title: str, part: str) -> Sheet:
    """The header row and the data rows below it, to the sheet's last row (bounded by the row limit).

    The worksheet is streamed (lxml iterparse, each row discarded once read), so a
    sheet's claimed dimension and its phantom rows cost little.
    """
    raw = archive.read(part)
    _check_prolog(io.BytesIO(raw), part)
    # Self-closing row elements hold no cells: dropped before parsing (a million of them cost seconds in lxml).
    raw = _EMPTY_ROW.sub(b"", raw)
    merges = [ref.decode() for ref in _MERGE.findall(raw)]
    return build_sheet(title=title, rows=_worksheet_rows(raw, book=book, title=title), merges=merges)


def read_workbook(path: Path, *, first_only: bool = False) -> list[Sheet]:
    """Every worksheet (or only the first) of an uploaded xlsx, after the safety checks."""
    if is_csv(path):
        raise ImportFileError("整本台账须是 Excel 工作簿（.xlsx），每种记录一个工作表；CSV 文件只能导入一种记录。")
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
        raise ImportFileError(CORRUPT_MESSAGE) from None
    finally:
        archive.close()


# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8（带 BOM）"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding: a BOM, else strict UTF-8, else GB18030 (GBK's superset)."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" not in text:
                return text, "GB18030（GBK）"
    raise ImportFileError(
        "无法识别 CSV 文件的编码（不是 UTF-8、UTF-16，也不是 GB18030/GBK）。"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后再上传。"
    )


def _delimiter(text: str) -> str:
    """Comma, unless the header line has more tabs or semicolons (Excel's “Unicode 文本” is tab-separated)."""
    first = text.split("\n", 1)[0]
    return max((",", "\t", ";"), key=lambda char: (first.count(char), char == ","))


def read_csv(path: Path) -> Sheet:
    """A CSV upload as one sheet (values are text, as Excel would show them); the encoding is noted."""
    size = path.stat().st_size
    limit = settings.LEDGER_UPLOAD_MAX_BYTES
    if size > limit:
        raise ImportFileError(f"文件过大（{size / 1048576:.1f} MB），上限为 {limit / 1048576:.0f} MB。")
    data = path.read_bytes()
    if data.startswith((OLE_MAGIC, b"PK\x03\x04")):
        raise ImportFileError(
            XLS_MESSAGE if data.startswith(OLE_MAGIC) else "文件是 Excel 工作簿，请把扩展名改为 .xlsx 后再上传。"
        )
    text, encoding = decode_csv(data)
    if "\x00" in text:
        raise ImportFileError("文件含有二进制内容，不是 CSV 文本文件。")
    columns, cells_limit = max_columns(), max_cells()

    def rows() -> Iterator[tuple[int, list, list[int]]]:
        cells = 0
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        try:
            for number, values in enumerate(reader, start=1):
                cells += len(values)
                if cells > cells_limit:
                    raise ImportFileError(f"CSV 文件的单元格超过{cells_limit}个的上限。请分成几个文件导入。")
                if len(values) > columns:
                    if not is_empty(values[columns:]):
                        raise ImportFileError(f"CSV 文件第{number}行超出了{columns}列的上限。请删去多余的列后再上传。")
                    values = values[:columns]
                yield number, [_csv_value(value) for value in values], []
        except csv.Error as error:
            raise ImportFileError(f"CSV 文件格式有误（{error}），请在 Excel 中重新保存后再上传。") from None

    sheet = build_sheet(title="CSV 文件", rows=rows())
    sheet.encoding = encoding
    sheet.warnings.insert(0, f"CSV 文件按 {encoding} 编码读取。")
    return sheet


def _csv_value(value: str):
    if not value.strip():
        return None
    # Our CSV export (like Excel) writes '=… for text that would be taken for a formula: the apostrophe is no data.
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def is_csv(path: Path) -> bool:
    return Path(path).suffix.lower() == ".csv"


def read_first_sheet(path: Path) -> Sheet:
    """The sheet to import as one record type: a CSV file, or the first worksheet of a workbook."""
    if is_csv(path):
        return read_csv(Path(path))
    sheets = read_workbook(path, first_only=True)
    if not sheets:
        raise ImportFileError("工作簿中没有工作表。")
    return sheets[0]
