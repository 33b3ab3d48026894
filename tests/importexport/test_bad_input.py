"""Every bad file is refused with a Chinese message naming row and column, and the database is unchanged."""

import datetime
import io
import re
import zipfile

import pytest
from django.test import override_settings

from bureau.importexport import services
from bureau.registry import registry
from patents.models import Patent

from .helpers import (
    PATENT_HEADERS,
    enterprises,
    patch_member,
    patent_row,
    patent_snapshot,
    with_shared_strings,
    workbook_bytes,
    write,
)

pytestmark = pytest.mark.django_db
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def existing(admin_user):
    enterprises(2)
    Patent.objects.create(
        application_number=patent_row(900)[0],
        title="已有专利",
        kind="utility",
        filed_on=datetime.date(2023, 1, 5),
        applicant_person="张三",
    )
    return patent_snapshot()


def run(tmp_path, data: bytes, user, name="upload.xlsx", commit=True):
    path = write(tmp_path, data, name)
    return services.import_records(record_type=registry.get(Patent), path=path, user=user, commit=commit)


def messages(report) -> str:
    return "\n".join(report.lines())


def assert_refused(report, existing, *fragments):
    text = messages(report)
    assert not report.ok and not report.committed, text
    for fragment in fragments:
        assert fragment in text, text
    assert patent_snapshot() == existing


@pytest.mark.parametrize(
    "data,name",
    [(b"just some text\n", "notes.xlsx"), (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "scan.xlsx")],
)
def test_not_an_xlsx(tmp_path, admin_user, existing, data, name):
    assert_refused(run(tmp_path, data, admin_user, name), existing, "不是 Excel 工作簿")


def test_corrupt_zip(tmp_path, admin_user, existing):
    data = workbook_bytes([patent_row(1)])
    assert_refused(run(tmp_path, data[: len(data) // 2], admin_user), existing, "文件已损坏")


def test_zip_without_workbook(tmp_path, admin_user, existing):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert_refused(run(tmp_path, buffer.getvalue(), admin_user), existing, "没有工作簿内容")


def test_no_header(tmp_path, admin_user, existing):
    data = workbook_bytes([[None] * 3], headers=None)
    assert_refused(run(tmp_path, data, admin_user), existing, "没有表头")


def test_wrong_headers(tmp_path, admin_user, existing):
    data = workbook_bytes([["a", "b"]], headers=["姓名", "电话"])
    assert_refused(run(tmp_path, data, admin_user), existing, "列名一个也不认识", "申请号")


def test_missing_required_columns(tmp_path, admin_user, existing):
    data = workbook_bytes([[patent_row(1)[0], "标题"]], headers=["申请号", "专利名称"])
    assert_refused(run(tmp_path, data, admin_user), existing, "缺少必填列", "专利类型", "申请日期")


def test_extra_columns_are_ignored_with_a_warning(tmp_path, admin_user, existing):
    data = workbook_bytes([[*patent_row(1), "随便写"]], headers=[*PATENT_HEADERS, "联系人"])
    report = run(tmp_path, data, admin_user)
    assert report.ok and report.committed, messages(report)
    assert "联系人" in messages(report) and "已忽略" in messages(report)
    assert Patent.objects.count() == 2


def test_wrong_types_name_row_and_column(tmp_path, admin_user, existing):
    bad_date = patent_row(1)
    bad_date[5] = "去年春天"
    bad_kind = patent_row(2)
    bad_kind[2] = "发明创造"
    unknown_unit = patent_row(3, enterprise="不存在的公司")
    bad_number = patent_row(4)
    bad_number[0] = "202320000004.1"
    data = workbook_bytes([bad_date, bad_kind, unknown_unit, bad_number, patent_row(5)])
    report = run(tmp_path, data, admin_user)
    assert_refused(
        report,
        existing,
        "第2行“申请日期”列：“去年春天”不是有效日期",
        "第3行“专利类型”列：“发明创造”不是可选值",
        "第4行“申请单位”列：找不到单位“不存在的公司”",
        "第5行“申请号”列",
    )
    assert report.sheets[0].counts["new"] == 1  # the good row is listed, but nothing is written


def test_model_rules_apply(tmp_path, admin_user, existing):
    row = patent_row(1)
    row[7] = "已授权"  # granted without a grant date
    assert_refused(
        run(tmp_path, workbook_bytes([row]), admin_user), existing, "第2行“授权日期”列：已授权的专利必须填写授权日期"
    )


def test_empty_rows_in_the_middle_are_skipped(tmp_path, admin_user, existing):
    data = workbook_bytes([patent_row(1), [None] * 9, [None] * 9, patent_row(2)])
    report = run(tmp_path, data, admin_user)
    assert report.ok, messages(report)
    assert "第3–4行是空行" in messages(report)
    assert [row.number for row in report.sheets[0].rows] == [2, 5]


def test_phantom_rows_do_not_hang(tmp_path, admin_user, existing):
    """A LibreOffice-style sheet claiming 1,048,576 rows, with thousands of empty row elements."""

    def phantom(xml: bytes) -> bytes:
        xml = xml.replace(b'<dimension ref="A1:I3"/>', b'<dimension ref="A1:AMJ1048576"/>')
        empty = b"".join(b'<row r="%d" customFormat="1" ht="12.8"/>' % n for n in range(4, 200_000))
        return xml.replace(b"</sheetData>", empty + b'<row r="1048576" customFormat="1" ht="12.8"/></sheetData>')

    data = patch_member(workbook_bytes([patent_row(1), patent_row(2)]), SHEET, phantom)
    report = run(tmp_path, data, admin_user)
    assert report.ok, messages(report)
    assert report.sheets[0].counts["new"] == 2


def test_merged_header_cells(tmp_path, admin_user, existing):
    def merge(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells>')

    data = patch_member(workbook_bytes([patent_row(1)]), SHEET, merge)
    assert_refused(run(tmp_path, data, admin_user), existing, "表头有合并单元格", "B1:C1")


def test_duplicate_keys_in_the_file(tmp_path, admin_user, existing):
    first = patent_row(1)
    again = patent_row(1, title="同一件专利的另一行")
    again[0] = "CN" + again[0]  # the same number in another spelling
    assert_refused(run(tmp_path, workbook_bytes([first, again]), admin_user), existing, "第3行", "与第2行是同一条记录")


def test_size_limit(tmp_path, admin_user, existing):
    data = workbook_bytes([patent_row(1)])
    with override_settings(LEDGER_UPLOAD_MAX_BYTES=len(data) - 1):
        assert_refused(run(tmp_path, data, admin_user), existing, "文件过大")


def test_row_limit(tmp_path, admin_user, existing):
    data = workbook_bytes([patent_row(n) for n in range(1, 6)])
    with override_settings(LEDGER_IMPORT_MAX_ROWS=4):
        assert_refused(run(tmp_path, data, admin_user), existing, "超过4行的导入上限")


def test_xml_bomb(tmp_path, admin_user, existing):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )

    def inject(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[-1]
        return bomb + body.replace(
            b"<sheetData>", b'<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>&lol3;</t></is></c></row>', 1
        )

    data = patch_member(workbook_bytes([patent_row(1)]), SHEET, inject)
    assert_refused(run(tmp_path, data, admin_user), existing, "XML 炸弹")


@pytest.mark.parametrize(
    "member", [SHEET, "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
)
def test_xml_bomb_deeper_than_the_prolog_check_is_refused_by_the_parser(tmp_path, admin_user, existing, member):
    """Past the first 4 KB the archive check reads, the streaming parser still refuses the DTD (and never expands)."""
    padding = b"<!--" + b"x" * 5000 + b"-->"
    bomb = (
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )

    def inject(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[-1]
        if member == SHEET:
            body = body.replace(
                b"<sheetData>", b'<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>&c;</t></is></c></row>', 1
            )
        return b'<?xml version="1.0"?>' + padding + bomb + body

    data = patch_member(with_shared_strings(workbook_bytes([patent_row(1)])), member, inject)
    assert_refused(run(tmp_path, data, admin_user), existing, "XML 炸弹")


def test_zip_bomb(tmp_path, admin_user, existing):
    data = workbook_bytes([patent_row(1)])
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/bomb.bin", b"\0" * (30 * 1024 * 1024))
    packed = buffer.getvalue()
    assert len(packed) < 1024 * 1024
    with override_settings(LEDGER_IMPORT_MAX_UNCOMPRESSED_BYTES=20 * 1024 * 1024):
        assert_refused(run(tmp_path, packed, admin_user), existing, "压缩炸弹")


def test_formula_cached_value_is_used_and_missing_value_is_a_row_error(tmp_path, admin_user, existing):
    data = workbook_bytes([patent_row(1), patent_row(2)])

    def rewrite(xml: bytes) -> bytes:
        xml = re.sub(
            rb'<c r="B2"[^>]*>.*?</c>',
            '<c r="B2" t="str"><f>"一种"&amp;"测试装置"</f><v>一种测试装置</v></c>'.encode(),
            xml,
            count=1,
        )
        xml = re.sub(rb'<c r="B3"[^>]*>.*?</c>', b'<c r="B3"><f>A3&amp;"x"</f></c>', xml, count=1)
        return xml

    data = patch_member(data, SHEET, rewrite)
    report = run(tmp_path, data, admin_user)
    assert_refused(report, existing, "第3行“专利名称”列：单元格是公式但没有计算结果")
    rows = {row.number: row for row in report.sheets[0].rows}
    assert rows[2].status == "new"


def test_shared_strings_as_excel_saves_them(tmp_path, admin_user, existing):
    """Excel and LibreOffice keep text in a shared table (rich-text runs, phonetic guides): read as plain text."""
    data = with_shared_strings(workbook_bytes([patent_row(1, enterprise="测试企业0001有限公司")]), phonetic=True)
    report = run(tmp_path, data, admin_user)
    assert report.committed, messages(report)
    patent = Patent.objects.get(application_number=patent_row(1)[0])
    assert patent.title == "一种测试装置1" and patent.applicant.name == "测试企业0001有限公司"
    assert patent.filed_on == datetime.date(2023, 3, 2)
