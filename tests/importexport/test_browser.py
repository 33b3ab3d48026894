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
