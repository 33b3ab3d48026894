"""The files clerks really have: CSV in any encoding, .xls, loose headers, title rows, damaged and huge files."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from bureau.importexport import services
from bureau.registry import registry
from patents.models import Patent

from .helpers import PATENT_HEADERS, enterprises, patch_member, patent_row, patent_snapshot, workbook_bytes, write

pytestmark = pytest.mark.django_db
SHEET = "xl/worksheets/sheet1.xml"


def run(tmp_path, data: bytes, user, name="upload.xlsx", commit=True):
    path = write(tmp_path, data, name)
    return services.import_records(record_type=registry.get(Patent), path=path, user=user, commit=commit)


def text(report) -> str:
    return "\n".join(report.lines())


def csv_text(rows, headers=PATENT_HEADERS, delimiter=",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            ["" if value is None else value.isoformat() if hasattr(value, "isoformat") else value for value in row]
        )
    return buffer.getvalue()


ROWS = [patent_row(1, title="一种裸花紫珠颗粒的制备方法"), patent_row(2, title="一种“纸浆”过滤装置（改进型）")]


@pytest.mark.parametrize(
    "encoding,label,delimiter",
    [
        ("gbk", "GB18030", ","),
        ("utf-8", "UTF-8", ","),
        ("utf-8-sig", "UTF-8（带 BOM）", ","),
        ("utf-16", "UTF-16", "\t"),  # Excel's “Unicode 文本”: UTF-16 with a BOM, tab-separated
    ],
)
def test_csv_in_every_encoding_imports_the_same_records(tmp_path, admin_user, encoding, label, delimiter):
    enterprises(1)
    data = csv_text(ROWS, delimiter=delimiter).encode(encoding)
    preview = run(tmp_path, data, admin_user, name="专利.csv", commit=False)
    assert preview.ok, text(preview)
    assert f"按 {label}" in text(preview)
    report = run(tmp_path, data, admin_user, name="专利.csv")
    assert report.committed, text(report)
    got = sorted(Patent.objects.values_list("application_number", "title", "kind", "applicant__name", "filed_on"))
    assert got == [
        (ROWS[0][0], "一种裸花紫珠颗粒的制备方法", "utility", "测试企业0000有限公司", ROWS[0][5]),
        (ROWS[1][0], "一种“纸浆”过滤装置（改进型）", "utility", "测试企业0000有限公司", ROWS[1][5]),
    ]


def test_csv_that_decodes_in_no_encoding_is_refused(tmp_path, admin_user):
    data = csv_text(ROWS).encode("gbk") + b"\x80\xff\x80\n"
    report = run(tmp_path, data, admin_user, name="专利.csv")
    assert not report.ok and "无法识别 CSV 文件的编码" in text(report)
    assert Patent.objects.count() == 0


def test_csv_upload_through_the_page_says_its_encoding(staff_client):
    enterprises(1)
    file = SimpleUploadedFile("专利.csv", csv_text(ROWS).encode("gbk"), content_type="text/csv")
    response = staff_client.post(reverse("patents:patent_import"), {"file": file})
    page = staff_client.get(response["Location"]).content.decode()
    assert "按 GB18030（GBK） 编码读取" in page and 'id="confirm-import"' in page
    staff_client.post(response["Location"])
    assert Patent.objects.count() == 2


def test_xls_is_refused_with_how_to_save_as_xlsx(tmp_path, admin_user):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    for name in ("台账.xls", "台账.xlsx"):
        report = run(tmp_path, data, admin_user, name=name)
        assert not report.ok and "Excel 97–2003" in text(report) and "另存为" in text(report), text(report)


@pytest.mark.parametrize(
    "variant",
    [
        [
            "申请号（必填）",
            "专利名称*",
            "专利 类型",
            "申请单位(必填)",
            "申请人(个人)",
            "申请日期",
            "授权日期",
            "法律状态",
            "备注",
        ],
        [
            " 申请号 ",
            "专利名称",
            "专利类型",
            "申请单位",
            "申请人（ 个人 ）",
            "申请日期（必填）",
            "授权日期",
            "法律状态",
            "备注",
        ],
    ],
)
def test_headers_that_differ_by_spaces_brackets_and_marks_are_matched(tmp_path, admin_user, variant):
    enterprises(1)
    report = run(tmp_path, workbook_bytes(ROWS, headers=variant), admin_user)
    assert report.committed, text(report)
    assert Patent.objects.count() == 2


def test_header_with_a_unit_matches_and_unknown_columns_are_listed(tmp_path, admin_user):
    from bureau.importexport.reader import HeaderMatcher

    matcher = HeaderMatcher(["县奖励（万元）", "申请单位", "申请人（个人）"])
    assert matcher.match("县奖励") == "县奖励（万元）"
    assert matcher.match("县奖励 (万元)") == "县奖励（万元）"
    assert matcher.match("申请单位（全称）") == "申请单位"
    assert matcher.match("联系电话") is None
    enterprises(1)
    rows = [[*row, "13800000000"] for row in ROWS]
    report = run(tmp_path, workbook_bytes(rows, headers=[*PATENT_HEADERS, "联系电话"]), admin_user, commit=False)
    assert report.ok and "以下列不认识，已忽略：联系电话" in text(report)


def test_title_rows_above_the_header_are_skipped(tmp_path, admin_user):
    enterprises(1)

    def merge_title(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:I1"/></mergeCells>')

    data = workbook_bytes([["填表单位：XX县科学技术局"], PATENT_HEADERS, *ROWS], headers=["XX县2023年专利台账"])
    data = patch_member(data, SHEET, merge_title)
    report = run(tmp_path, data, admin_user)
    assert report.committed, text(report)
    assert "第1–2行是标题，已跳过；第3行是表头" in text(report)
    assert [row.number for row in report.sheets[0].rows] == [4, 5]


def _damage(data: bytes, member: str, how: str) -> bytes:
    """Break one member in place: a flipped byte of stored data (bad CRC), or its deflate stream cut short."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            kind = zipfile.ZIP_STORED if how == "crc" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info.filename), compress_type=kind)
    raw = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo(member)
    name_length = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    if how == "crc":
        raw[start + 10] ^= 0x01
    else:
        middle = start + info.compress_size // 3
        raw[middle : start + info.compress_size] = b"\x00" * (start + info.compress_size - middle)
    return bytes(raw)


@pytest.mark.parametrize("how", ["crc", "truncated"])
@pytest.mark.parametrize("member", ["[Content_Types].xml", "xl/workbook.xml", SHEET])
def test_damaged_member_is_refused_on_preview_and_every_reload(staff_client, how, member):
    enterprises(1)
    Patent.objects.create(
        application_number=patent_row(900)[0], title="已有专利", kind="utility", filed_on=datetime.date(2023, 1, 5)
    )
    before = patent_snapshot()
    data = _damage(workbook_bytes(ROWS * 20), member, how)
    file = SimpleUploadedFile("专利.xlsx", data, content_type="application/octet-stream")
    response = staff_client.post(reverse("patents:patent_import"), {"file": file})
    for _ in range(2):
        page = staff_client.get(response["Location"])
        assert page.status_code == 200
        assert "文件已损坏，请在 Excel 中重新保存" in page.content.decode()
    confirm = staff_client.post(response["Location"])
    assert confirm.status_code == 200
    assert patent_snapshot() == before


def test_rows_after_a_long_run_of_empty_rows_are_read(tmp_path, admin_user):
    enterprises(1)
    rows = [ROWS[0], *([[None] * 9] * 1500), ROWS[1]]
    report = run(tmp_path, workbook_bytes(rows), admin_user)
    assert report.committed, text(report)
    assert Patent.objects.count() == 2
    assert "第3–1502行是空行，已跳过" in text(report)
    assert [row.number for row in report.sheets[0].rows] == [2, 1503]


@override_settings(LEDGER_IMPORT_MAX_COLUMNS=20)
def test_a_sheet_wider_than_the_column_limit_is_refused(tmp_path, admin_user):
    enterprises(1)
    wide = [[*ROWS[0], *([None] * 30), "远处的格子"]]
    report = run(tmp_path, workbook_bytes(wide), admin_user)
    assert not report.ok and "超出了20列的上限" in text(report), text(report)

    def styled_empty_cells(xml: bytes) -> bytes:
        cells = b"".join(b'<c r="%s2" s="0"/>' % name.encode() for name in ("AA", "XFD"))
        return xml.replace(b"</row></sheetData>", cells + b"</row></sheetData>")

    # Empty styled cells out to column XFD are no data: skipped, not refused.
    report = run(tmp_path, patch_member(workbook_bytes([ROWS[0]]), SHEET, styled_empty_cells), admin_user)
    assert report.committed, text(report)


@override_settings(LEDGER_IMPORT_MAX_CELLS=100)
def test_a_sheet_with_more_cells_than_the_limit_is_refused(tmp_path, admin_user):
    enterprises(1)
    rows = [patent_row(n) for n in range(1, 30)]
    report = run(tmp_path, workbook_bytes(rows), admin_user)
    assert not report.ok and "单元格超过100个的上限" in text(report), text(report)
    report = run(tmp_path, csv_text(rows).encode(), admin_user, name="专利.csv")
    assert not report.ok and "单元格超过100个的上限" in text(report), text(report)


def test_downloads_have_chinese_names_with_the_date(admin_client):
    from urllib.parse import quote

    from django.utils import timezone

    today = f"{timezone.localdate():%Y%m%d}"
    expected = {
        reverse("patents:patent_import_template"): f"专利导入模板-{today}.xlsx",
        reverse("patents:patent_export"): f"专利-{today}.xlsx",
        reverse("patents:patent_export_csv"): f"专利-{today}.csv",
        reverse("importexport:ledger_export") + "?year=2023": f"2023年科技台账-{today}.xlsx",
    }
    for url, name in expected.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        # RFC 6266: the UTF-8 name in filename*, percent-encoded.
        assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"], response["Content-Disposition"]


def test_our_own_csv_export_imports_back_unchanged(staff_client, admin_client, tmp_path, admin_user):
    enterprises(1)
    run(tmp_path, workbook_bytes(ROWS), admin_user)
    Patent.objects.filter(application_number=ROWS[1][0]).update(note="-负号开头的备注")
    exported = b"".join(admin_client.get(reverse("patents:patent_export_csv")).streaming_content)
    report = run(tmp_path, exported, admin_user, name="专利.csv", commit=False)
    assert report.ok and "按 UTF-8（带 BOM）" in text(report), text(report)
    assert report.sheets[0].counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}, text(report)


def test_a_csv_is_refused_as_a_whole_ledger(tmp_path, admin_user):
    path = write(tmp_path, csv_text(ROWS).encode(), "台账.csv")
    report = services.import_ledger(path=path, user=admin_user, commit=True)
    assert not report.ok and "整本台账须是 Excel 工作簿" in text(report)


def test_a_row_at_the_bottom_of_a_million_phantom_rows_is_read(tmp_path, admin_user):
    """LibreOffice-style empty row elements down to row 1,048,575, then one more record in the very last row."""
    enterprises(1)
    data = workbook_bytes([ROWS[0], ROWS[1]])

    def phantom(xml: bytes) -> bytes:
        head, third = xml.split(b'<row r="3"', 1)
        third, tail = third.split(b"</row>", 1)
        # The third row moves to the sheet's last row, its cells renamed (A3 → A1048576).
        moved = re.sub(rb'r="([A-Z]+)3"', rb'r="\g<1>1048576"', b'<row r="1048576"' + third + b"</row>")
        empty = b"".join(b'<row r="%d" customFormat="1" ht="12.8"/>' % n for n in range(3, 1_048_576))
        return head + empty + moved + tail

    report = run(tmp_path, patch_member(data, SHEET, phantom), admin_user)
    assert report.committed, text(report)
    assert [row.number for row in report.sheets[0].rows] == [2, 1048576]
    assert "第3–1048575行是空行，已跳过" in text(report)
    assert Patent.objects.count() == 2
