"""A streaming xlsx writer for exports: rows go straight into the zip as worksheet XML.

openpyxl's write-only mode builds a cell object and an lxml element for every value,
which costs more than the rest of an export together. Our exports need only a few
cell kinds (text, number, date, date-time, formula-like text marked as text) and
one fixed set of styles, so each row is written as a short string. The result opens
in Excel, LibreOffice and openpyxl (tested by reading exports back).
"""

import datetime
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone
from openpyxl.utils import get_column_letter

# Style indexes into cellXfs below.
HEADER, DATE, DATETIME, TEXT_QUOTED = 1, 2, 3, 4
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
# Characters XML 1.0 cannot hold (openpyxl refuses them too); removed from text.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Text that a spreadsheet would take for a formula (or DDE) if it were not marked as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>
<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _text_cell(ref: str, value: str) -> str:
    text = ILLEGAL.sub("", value)
    style = f' s="{TEXT_QUOTED}"' if is_formula_like(text) else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def cell_xml(ref: str, value) -> str:
    """One cell: text inline, numbers as numbers, dates as Excel serials with a date format."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _text_cell(ref, value)
    if isinstance(value, bool):
        return _text_cell(ref, "是" if value else "否")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{DATE}"><v>{(value - EXCEL_EPOCH.date()).days}</v></c>'
    if isinstance(value, Decimal):
        return f'<c r="{ref}"><v>{format(value, "f")}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return _text_cell(ref, str(value))


class XlsxWriter:
    """Write sheets one after another into `output` (a path or a binary file); `close()` finishes the package."""

    def __init__(self, output) -> None:
        self.zip = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.titles: list[str] = []

    def add_sheet(self, *, title: str, headers: list[str], widths: list[float], rows: Iterable[list]) -> int:
        """Header row (bold, filled, frozen), column widths, then the rows; returns the number of rows."""
        self.titles.append(title)
        letters = [get_column_letter(index) for index in range(1, len(headers) + 1)]
        count = 0
        with self.zip.open(f"xl/worksheets/sheet{len(self.titles)}.xml", "w", force_zip64=True) as part:
            cols = "".join(
                f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
                for index, width in enumerate(widths, start=1)
            )
            header = "".join(
                f'<c r="{letter}1" s="{HEADER}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
                for letter, text in zip(letters, headers, strict=True)
            )
            part.write(
                (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
                    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                    "</sheetView></sheetViews>"
                    f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData><row r="1">{header}</row>'
                ).encode()
            )
            buffer = []
            for number, values in enumerate(rows, start=2):
                cells = "".join(
                    cell_xml(f"{letter}{number}", value) for letter, value in zip(letters, values, strict=True)
                )
                buffer.append(f'<row r="{number}">{cells}</row>')
                count += 1
                if len(buffer) >= 1000:
                    part.write("".join(buffer).encode())
                    buffer.clear()
            part.write(("".join(buffer) + "</sheetData></worksheet>").encode())
        return count

    def close(self) -> None:
        sheets = range(1, len(self.titles) + 1)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in sheets
        )
        self.zip.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self.zip.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_list = "".join(
            f"<sheet name={quoteattr(title)} sheetId={quoteattr(str(n))} r:id={quoteattr(f'rId{n}')}/>"
            for n, title in zip(sheets, self.titles, strict=True)
        )
        self.zip.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheet_list}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in sheets
        )
        styles_id = len(self.titles) + 1
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        )
        self.zip.writestr("xl/styles.xml", _STYLES)
        self.zip.close()
