"""Builders for import tests: enterprises, valid patent numbers, workbooks written cell by cell."""

import datetime
import html
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

from bureau.models import Enterprise
from bureau.validators import patent_check_char
from patents.models import Patent

SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PATENT_HEADERS = [
    "申请号",
    "专利名称",
    "专利类型",
    "申请单位",
    "申请人（个人）",
    "申请日期",
    "授权日期",
    "法律状态",
    "备注",
]


def patent_number(serial: int, *, year: int = 2023, kind_digit: str = "2") -> str:
    digits = f"{year}{kind_digit}{serial:07d}"
    return f"{digits}.{patent_check_char(digits)}"


def enterprises(count: int) -> list[Enterprise]:
    return Enterprise.objects.bulk_create([Enterprise(name=f"测试企业{index:04d}有限公司") for index in range(count)])


def patent_row(serial: int, *, enterprise: str = "测试企业0000有限公司", title: str | None = None) -> list:
    return [
        patent_number(serial),
        title or f"一种测试装置{serial}",
        "实用新型",
        enterprise,
        None,
        datetime.date(2023, 3, 1 + serial % 28),
        None,
        "审查中",
        None,
    ]


def workbook_bytes(rows: list[list], *, headers: list | None = PATENT_HEADERS, title: str = "专利") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "upload.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def patch_member(data: bytes, member: str, transform) -> bytes:
    """Rewrite one part of an xlsx archive (to build bombs, phantom rows and formulas)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = transform(content)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def with_shared_strings(data: bytes, *, phonetic: bool = False) -> bytes:
    """The workbook as Excel and LibreOffice save it: text in xl/sharedStrings.xml, cells refer to it by index."""
    strings: list[str] = []

    def share(match: re.Match) -> bytes:
        strings.append(html.unescape(match.group(2).decode()))
        return match.group(1) + b' t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    source = zipfile.ZipFile(io.BytesIO(data))
    inline = re.compile(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>(.*?)</t></is></c>')
    sheet = inline.sub(share, source.read(SHEET))
    rph = '<rPh sb="0" eb="1"><t>ピン</t></rPh>' if phonetic else ""
    runs = (f"<r><t>{escape(text[:1])}</t></r><r><t>{escape(text[1:])}</t></r>" for text in strings)
    items = "".join(f"<si>{run}{rph}</si>" for run in runs)
    shared = f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                content = sheet
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                    b'sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            target.writestr(info.filename, content)
        target.writestr("xl/sharedStrings.xml", shared.encode())
    return buffer.getvalue()


def patent_snapshot() -> list[tuple]:
    return list(Patent.objects.order_by("pk").values_list())
