"""Builders for import tests: enterprises, valid patent numbers, workbooks written cell by cell."""

import datetime
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from bureau.models import Enterprise
from bureau.validators import patent_check_char
from patents.models import Patent

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


def patent_snapshot() -> list[tuple]:
    return list(Patent.objects.order_by("pk").values_list())
