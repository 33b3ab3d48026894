"""Upload → preview → confirm in a real browser."""

import pytest
from django.contrib.auth.models import Group

from bureau.roles import STAFF
from patents.models import Patent

from .helpers import enterprises, patent_row, workbook_bytes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_preview_confirm(login, live_server, django_user_model, tmp_path):
    from tests.conftest import PASSWORD

    user = django_user_model.objects.create_user(username="clerk", password=PASSWORD)
    user.groups.add(Group.objects.get(name=STAFF))
    enterprises(1)
    path = tmp_path / "patents.xlsx"
    path.write_bytes(workbook_bytes([patent_row(1), patent_row(2)]))

    page = login("clerk")
    page.goto(f"{live_server.url}/patents/patent/")
    page.get_by_role("link", name="从Excel导入").click()
    page.set_input_files("#id_file", str(path))
    page.click("#upload-button")
    page.wait_for_selector("#import-preview")
    assert page.inner_text('[data-count="new"]') == "2"
    assert Patent.objects.count() == 0
    page.click("#confirm-import")
    page.wait_for_load_state()
    assert "导入完成：新增 2 条" in page.content()
    assert Patent.objects.count() == 2
    assert Patent.history.filter(history_user=user).count() == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refused_import_errors_file_fixed_in_excel_imports(login, live_server, django_user_model, tmp_path):
    """Download the marked file of a refused import, fix it (openpyxl standing in for Excel), upload it, import it."""

    import io

    from openpyxl import load_workbook

    from tests.conftest import PASSWORD

    user = django_user_model.objects.create_user(username="clerk", password=PASSWORD)
    user.groups.add(Group.objects.get(name=STAFF))
    enterprises(1)
    bad = patent_row(2)
    bad[0] = "202320000002.9"  # wrong check digit
    path = tmp_path / "专利台账.xlsx"
    path.write_bytes(workbook_bytes([patent_row(1), bad, patent_row(3)]))

    page = login("clerk")
    page.goto(f"{live_server.url}/patents/patent/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-button")
    page.wait_for_selector("#import-refused")
    assert page.inner_text('[data-count="error"]') == "1"
    with page.expect_download() as info:
        page.click("#download-errors")
    download = info.value
    assert download.suggested_filename.startswith("专利导入错误说明-") and download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    sheet = workbook.worksheets[0]
    assert sheet["J1"].value == "错误说明" and "申请号" in sheet["J3"].value
    assert sheet["A3"].fill.fgColor.rgb.endswith("FFC7CE")
    sheet["A3"] = patent_row(2)[0]
    fixed = tmp_path / "专利台账-改好.xlsx"
    workbook.save(fixed)
    assert Patent.objects.count() == 0

    page.set_input_files("#id_file", str(fixed))
    page.click("#upload-button")
    page.wait_for_selector("#confirm-import")
    assert page.inner_text('[data-count="new"]') == "3"
    page.click("#confirm-import")
    page.wait_for_load_state()
    assert "导入完成：新增 3 条" in page.content()
    assert Patent.objects.count() == 3
