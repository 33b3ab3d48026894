"""A refused import is handed back as a workbook: the uploaded rows, a 错误说明 column, the bad cells marked."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from patents.models import Patent

from .helpers import PATENT_HEADERS, enterprises, patent_row, workbook_bytes

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, url: str, name="专利.xlsx") -> str:
    response = client.post(url, {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")})
    assert response.status_code == 302
    return response["Location"]


def text_workbook(rows) -> bytes:
    """The rows as a workbook, the “=…” title kept as text (as Excel keeps a cell typed with a leading ')."""
    workbook = load_workbook(io.BytesIO(workbook_bytes(rows)))
    for row in workbook.active.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused_rows():
    good = patent_row(1)
    bad_number = patent_row(2)
    bad_number[0] = "202320000002.9"  # wrong check digit
    bad_kind = patent_row(3)
    bad_kind[2] = "软件著作权"
    formula_text = patent_row(4, title="=1+1不是公式")
    return [good, bad_number, bad_kind, formula_text]


def test_refused_import_offers_the_file_back_marked_and_the_fixed_file_imports(staff_client):
    enterprises(1)
    preview = upload(staff_client, text_workbook(refused_rows()), reverse("patents:patent_import"))
    page = staff_client.get(preview).content.decode()
    errors_url = reverse("patents:patent_import_errors", args=[preview.rstrip("/").rsplit("/", 1)[-1]])
    assert f'href="{errors_url}"' in page
    response = staff_client.get(errors_url)
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*PATENT_HEADERS, "错误说明"]
    assert len(rows) == 5  # every uploaded row, the good ones too: the import is still all or nothing
    notes = [row[-1] for row in rows[1:]]
    assert notes[0] is None and notes[3] is None
    assert "“申请号”" in notes[1] and "“专利类型”" in notes[2] and "软件著作权" in notes[2]
    assert sheet["A3"].fill.fgColor.rgb.endswith("FFC7CE") and sheet["C4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["A2"].fill.fgColor.rgb in ("00000000", None) and sheet["B3"].fill.fgColor.rgb in ("00000000", None)
    assert sheet["B5"].data_type == "s" and sheet["B5"].value == "=1+1不是公式"
    assert Patent.objects.count() == 0

    # The clerk fixes the two cells and uploads the same file again (错误说明 column and all).
    sheet["A3"] = patent_row(2)[0]
    sheet["C4"] = "实用新型"
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = upload(staff_client, buffer.getvalue(), reverse("patents:patent_import"))
    page = staff_client.get(preview).content.decode()
    assert 'id="confirm-import"' in page and "错误说明" in page  # listed as an ignored column
    staff_client.post(preview)
    assert Patent.objects.count() == 4
    assert Patent.objects.get(application_number=patent_row(4)[0]).title == "=1+1不是公式"


def test_a_file_that_imports_or_cannot_be_read_has_no_errors_file(staff_client):
    enterprises(1)
    preview = upload(staff_client, workbook_bytes([patent_row(1)]), reverse("patents:patent_import"))
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    assert 'id="download-errors"' not in staff_client.get(preview).content.decode()
    assert staff_client.get(reverse("patents:patent_import_errors", args=[token]))["Location"] == preview
    preview = upload(staff_client, b"PK\x03\x04broken", reverse("patents:patent_import"))
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    assert staff_client.get(reverse("patents:patent_import_errors", args=[token]))["Location"] == preview
    assert staff_client.get(reverse("patents:patent_import_errors", args=["nosuchtoken"])).status_code == 404


def test_errors_file_of_a_csv_and_of_a_ledger(staff_client, admin_client):
    enterprises(1)
    rows = refused_rows()[:2]
    text = "\r\n".join(",".join("" if v is None else str(v) for v in row) for row in [PATENT_HEADERS, *rows])
    preview = upload(staff_client, text.encode("gbk"), reverse("patents:patent_import"), name="专利.csv")
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    response = staff_client.get(reverse("patents:patent_import_errors", args=[token]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet["J1"].value == "错误说明" and "“申请号”" in sheet["J3"].value and sheet["J2"].value is None

    preview = upload(admin_client, workbook_bytes(rows), reverse("importexport:ledger_import"))
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    response = admin_client.get(reverse("importexport:ledger_import_errors", args=[token]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[0] == "专利" and "“申请号”" in workbook["专利"]["J3"].value


def test_the_errors_file_url_never_writes(staff_client):
    enterprises(1)
    preview = upload(staff_client, workbook_bytes([patent_row(1)]), reverse("patents:patent_import"))
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    staff_client.get(preview)
    assert staff_client.post(reverse("patents:patent_import_errors", args=[token])).status_code == 405
    assert Patent.objects.count() == 0
