"""Per-record-type pages: permissions, export formats, template, upload → preview → confirm."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bureau.models import ImportBatch
from bureau.operations import import_reason
from patents.models import Patent

from .helpers import enterprises, patent_number, patent_row, patent_snapshot, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def patents():
    units = enterprises(2)
    rows = [
        Patent(
            application_number=patent_row(n)[0],
            title=f"一种测试装置{n}",
            kind="utility",
            applicant=units[n % 2],
            filed_on=datetime.date(2023, 3, n),
            note="",
        )
        for n in range(1, 4)
    ]
    rows.append(
        Patent(
            application_number=patent_number(9, year=2022),
            title='=HYPERLINK("http://x")',
            kind="utility",
            applicant_person="-张三",
            filed_on=datetime.date(2022, 3, 1),
            note="@note",
        )
    )
    return Patent.objects.bulk_create(rows)


def upload(client, data: bytes, name="patents.xlsx"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("patents:patent_import"), {"file": file})


def test_permissions(role_clients, patents):
    export = reverse("patents:patent_export")
    importing = reverse("patents:patent_import")
    assert role_clients["anonymous"].get(export).status_code == 302
    assert role_clients["leader"].get(export).status_code == 200
    assert role_clients["leader"].get(importing).status_code == 403
    assert role_clients["staff"].get(importing).status_code == 200
    assert role_clients["leader"].get(reverse("importexport:ledger_import")).status_code == 403
    assert role_clients["staff"].get(reverse("importexport:ledger_import")).status_code == 403
    assert role_clients["admin"].get(reverse("importexport:ledger_import")).status_code == 200


def test_list_page_buttons(role_clients, patents):
    page = role_clients["leader"].get(reverse("patents:patent_list") + "?year=2023").content.decode()
    assert "导出Excel" in page and "从Excel导入" not in page
    assert reverse("patents:patent_export") + "?year=2023" in page
    page = role_clients["staff"].get(reverse("patents:patent_list")).content.decode()
    assert "从Excel导入" in page


def test_export_xlsx_follows_the_filter_and_is_formula_safe(leader_client, patents):
    response = leader_client.get(reverse("patents:patent_export") + "?year=2023")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("申请号", "专利名称", "专利类型", "申请单位")
    assert len(rows) == 4  # header + the three 2023 patents
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 20
    assert isinstance(rows[1][5], datetime.datetime)  # a real Excel date
    assert rows[1][2] == "实用新型" and rows[1][3].startswith("测试企业")

    everything = load_workbook(
        io.BytesIO(b"".join(leader_client.get(reverse("patents:patent_export")).streaming_content))
    )
    cells = {cell.value: cell for row in everything.active.iter_rows() for cell in row if cell.value}
    formula_like = cells['=HYPERLINK("http://x")']
    assert formula_like.data_type == "s" and formula_like.quotePrefix
    assert cells["-张三"].data_type == "s" and cells["@note"].quotePrefix


def test_export_csv_has_bom_and_escapes_formulas(leader_client, patents):
    response = leader_client.get(reverse("patents:patent_export_csv"))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff申请号,专利名称")
    assert "'=HYPERLINK" in body and "'-张三" in body and "'@note" in body
    assert "2023-03-01" in body


def test_import_template(staff_client, patents):
    response = staff_client.get(reverse("patents:patent_import_template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    first, notes, _lists = workbook.worksheets
    header, example = list(first.iter_rows(values_only=True))[:2]
    assert header[0] == "申请号（必填）" and example[0] == "202310123456.6"
    explained = {row[0]: row for row in notes.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert explained["申请号"][1] == "必填"
    assert "发明、实用新型、外观设计" in explained["专利类型"][3]
    assert explained["备注"][1] == "选填"


def test_upload_preview_confirm(staff_client, staff_user, patents, settings):
    """Export, fix two cells, add a row: the preview shows exactly those three changes; confirm writes them."""
    exported = b"".join(staff_client.get(reverse("patents:patent_export") + "?year=2023").streaming_content)
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    sheet["B2"] = "改过的名称"
    sheet["H3"] = "驳回"
    sheet.append(patent_row(50, enterprise="测试企业0001有限公司"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = patent_snapshot()

    response = upload(staff_client, buffer.getvalue())
    assert response.status_code == 302
    preview_url = response["Location"]
    assert list((settings.MEDIA_ROOT / "imports" / str(staff_user.pk)).glob("*.xlsx"))
    page = staff_client.get(preview_url).content.decode()
    assert patent_snapshot() == before  # nothing written before confirm
    assert 'data-count="new">1<' in page and 'data-count="changed">2<' in page and 'data-count="unchanged">1<' in page
    assert "改过的名称" in page and "驳回" in page

    response = staff_client.post(preview_url)
    assert response.status_code == 302
    assert Patent.objects.count() == 5
    changed = Patent.objects.get(title="改过的名称")
    assert changed.version == 2
    last = changed.history.first()
    batch = ImportBatch.objects.get()  # the import is one entry of 操作日志, named by its history rows
    assert last.history_user == staff_user and last.history_change_reason == import_reason(batch.pk)
    assert batch.user == staff_user and batch.sheets[0]["new"] == 1 and batch.sheets[0]["changed"] == 2
    assert Patent.objects.get(application_number=patent_row(50)[0]).history.first().history_user == staff_user
    assert staff_client.get(preview_url).status_code == 404  # the upload is gone after confirm


def test_preview_token_is_tied_to_the_user(staff_client, admin_client, patents):
    response = upload(staff_client, workbook_bytes([patent_row(60)]))
    assert admin_client.get(response["Location"]).status_code == 404


def test_refused_file_shows_errors_and_confirm_writes_nothing(staff_client, patents):
    before = patent_snapshot()
    response = upload(staff_client, workbook_bytes([patent_row(61, enterprise="没有这家")]))
    page = staff_client.get(response["Location"]).content.decode()
    assert "第2行" in page and "找不到单位“没有这家”" in page and 'id="confirm-import"' not in page
    staff_client.post(response["Location"])
    assert patent_snapshot() == before


def test_not_an_xlsx_upload_is_refused_on_preview(staff_client, patents):
    before = patent_snapshot()
    response = upload(staff_client, b"hello", "notes.xlsx")
    page = staff_client.get(response["Location"]).content.decode()
    assert "不是 Excel 工作簿" in page
    assert patent_snapshot() == before
