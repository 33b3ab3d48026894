"""Browser tests in Chromium: the type-ahead finds a unit by pinyin initials or credit code; 新增单位 in a dialog."""

import pytest
from playwright.sync_api import expect

from patents.models import Patent
from tests.factories import EnterpriseFactory, credit_code, patent_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pick(page, select_id: str, typed: str, label: str, *, shown: str = "") -> None:
    """Type into a picker and choose the only option the endpoint offers (which shows `shown` too)."""
    page.fill(f"#{select_id}-ts-control", typed)
    options = page.locator(f"#{select_id}-ts-dropdown .option")
    expect(options).to_have_count(1)
    expect(options).to_contain_text(label)
    expect(options).to_contain_text(shown)
    options.click()


def fill_patent(page, live_server, serial: int) -> None:
    page.goto(f"{live_server.url}/patents/patent/add/")
    page.fill("#id_application_number", patent_number(2023, 2, serial))
    page.fill("#id_title", f"一种灌溉装置{serial}")
    page.select_option("#id_kind", label="实用新型")
    page.fill("#id_filed_on", "2023-03-01")


def test_type_ahead_finds_a_unit_by_pinyin_initials_and_by_credit_code(live_server, login, staff_user):
    EnterpriseFactory(name="XX驰邦药业有限公司", short_name="驰邦药业")
    EnterpriseFactory(name="XX汇仁药业有限公司", credit_code=credit_code(8765))
    for n in range(30):
        EnterpriseFactory(name=f"XX测试{n}有限公司")
    page = login("staff")
    errors = []  # a script refused by the Content-Security-Policy, or failing, shows here
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    fill_patent(page, live_server, 1)
    # The empty picker says what to do, not "---------".
    expect(page.locator("#id_applicant-ts-control")).to_have_attribute("placeholder", "请选择")
    pick(page, "id_applicant", "cbyy", "XX驰邦药业有限公司")
    expect(page.locator("#id_applicant-ts-dropdown")).to_be_hidden()  # closed once chosen
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    assert Patent.objects.get().applicant.name == "XX驰邦药业有限公司"

    fill_patent(page, live_server, 2)
    # The credit code that matched is shown beside the name.
    pick(page, "id_applicant", credit_code(8765)[-9:], "XX汇仁药业有限公司", shown=credit_code(8765))
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    assert Patent.objects.order_by("pk").last().applicant.name == "XX汇仁药业有限公司"

    # The filter bar's unit filter is the same type-ahead.
    page.goto(f"{live_server.url}/patents/patent/")
    pick(page, "id_applicant", "hryy", "XX汇仁药业有限公司")
    page.click(".filter-bar button[type=submit]")
    expect(page.locator("table.ledger-table tbody tr")).to_have_count(1)
    expect(page.locator("table.ledger-table tbody")).to_contain_text("一种灌溉装置2")
    expect(page.locator("#id_applicant-ts-control")).to_have_count(1)
    expect(page.locator(".filter-bar .ts-control")).to_contain_text("XX汇仁药业有限公司")
    assert not errors


def test_new_unit_from_the_picker_is_selected_on_save(live_server, login, staff_user):
    page = login("staff")
    fill_patent(page, live_server, 3)
    page.click("#field-applicant .picker-add")
    dialog = page.locator("#picker-dialog")
    expect(dialog.locator(".modal-title")).to_have_text("新增单位")
    # Errors come back inside the dialog, in Chinese; what was typed stays.
    dialog.locator("#id_dialog-short_name").fill("驰邦药业")
    dialog.locator("#id_dialog-credit_code").fill("91360000MA35ABCD1X")
    dialog.locator("#picker-dialog-save").click()
    expect(dialog.locator("#field-name .errorlist")).to_contain_text("必填")
    expect(dialog.locator("#field-credit_code .errorlist")).to_contain_text("统一社会信用代码")
    expect(dialog.locator("#id_dialog-short_name")).to_have_value("驰邦药业")

    dialog.locator("#id_dialog-name").fill("XX驰邦药业有限公司")
    dialog.locator("#id_dialog-credit_code").fill(credit_code(77))
    dialog.locator("#picker-dialog-save").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#field-applicant .ts-control")).to_contain_text("XX驰邦药业有限公司")
    # The patent form kept what was typed before the dialog, and saves with the new unit.
    expect(page.locator("#id_title")).to_have_value("一种灌溉装置3")
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    assert Patent.objects.get().applicant.credit_code == credit_code(77)
