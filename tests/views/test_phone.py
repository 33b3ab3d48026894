"""Browser tests in Chromium at a phone's 390×844: every list reads as cards and no page scrolls sideways."""

import pytest
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from playwright.sync_api import expect

from bureau.models import BureauProfile, Enterprise
from bureau.registry import registry
from bureau.roles import ADMIN
from tests import factories as f
from tests.conftest import make_user
from tests.views.record_data import RECORD_DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_TYPES = list(registry)
IDS = [f"{rt.app_label}.{rt.model_name}" for rt in RECORD_TYPES]
PHONE = {"width": 390, "height": 844}
# A long name and a long unbroken token (a file number, an address): they must wrap, not widen the page.
LONG_TEXT = "赣南脐橙全产业链数字化关键技术研究与示范应用推广项目" * 2 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH"


def make_records(record_type, count: int = 3) -> int:
    """Up to `count` records from the factory (fewer where a unique key allows fewer) beside what the
    migrations seed; the first one's free-text fields as long as they may be. Returns how many the list has."""
    factory = RECORD_DATA[f"{record_type.app_label}.{record_type.model_name}"].factory
    records = []
    for _ in range(count):
        try:
            with transaction.atomic():
                records.append(factory())
        except IntegrityError:  # 年度目标: one per year and indicator; 单位信息: one record
            break
    long_fields = {
        field.name: LONG_TEXT[: field.max_length]
        for field in record_type.model._meta.fields
        if isinstance(field, models.CharField) and not field.choices and not field.unique and field.max_length >= 20
    }
    if long_fields:
        record_type.model._default_manager.filter(pk=records[0].pk).update(**long_fields)
    return record_type.model._default_manager.count()


def assert_no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url}: the page is {widths[0]} px wide in a {widths[1]} px screen"


# What the user sees of each cell of a row: the label drawn before it (CSS ::before), its text and its box.
CELLS_JS = """row => [...row.cells].map(td => {
  const before = getComputedStyle(td, '::before'), box = td.getBoundingClientRect();
  return {label: before.display === 'none' ? 'none' : before.content, text: td.innerText.trim(),
          title: td.classList.contains('ledger-title'), top: box.top, left: box.left, right: box.right};
})"""


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=IDS)
def test_list_reads_as_cards_on_a_phone(live_server, login, admin_user, page, record_type):
    count = make_records(record_type)
    page.set_viewport_size(PHONE)
    login("admin")
    page.goto(live_server.url + reverse(record_type.url_name("list")))
    assert_no_sideways_scroll(page)

    rows = page.locator("table.ledger-table tbody tr")
    expect(rows).to_have_count(min(count, 50))
    headers = [str(column.header) for column in record_type.table([]).columns]
    for index in range(min(count, 4)):
        cells = rows.nth(index).evaluate(CELLS_JS)
        title = next(cell for cell in cells if cell["title"])
        others = [(header, cell) for header, cell in zip(headers, cells, strict=True) if not cell["title"]]
        # The card: the linked title on top, then each other column as "label：value", one under another.
        assert title["label"] == "none" and title["text"]
        assert all(title["top"] < cell["top"] for _, cell in others)
        assert [cell["label"] for _, cell in others] == [f'"{header}："' for header, _ in others]
        assert all(cell["text"] for _, cell in others), cells
        tops = [cell["top"] for _, cell in others]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)
        assert all(cell["left"] >= 0 and cell["right"] <= PHONE["width"] for cell in cells)
    expect(rows.first.locator("td.ledger-title a")).to_be_visible()

    # The filters fold behind a button on a phone and open on a tap.
    expect(page.locator("#filter-bar")).to_be_hidden()
    page.click("#filter-toggle")
    expect(page.locator("#filter-bar button[type=submit]")).to_be_visible()
    assert_no_sideways_scroll(page)


def test_desktop_keeps_the_table_and_open_filters(live_server, login, admin_user, page):
    f.ProjectApplicationFactory.create_batch(2)
    login("admin")
    page.goto(f"{live_server.url}/projects/projectapplication/")
    expect(page.locator("#filter-bar")).to_be_visible()
    expect(page.locator("#filter-toggle")).to_be_hidden()
    expect(page.locator("table.ledger-table thead th").first).to_be_visible()
    # A row is one line of cells side by side, as a table.
    cells = page.locator("table.ledger-table tbody tr").first.evaluate(CELLS_JS)
    assert len({round(cell["top"]) for cell in cells}) == 1
    assert all(cell["label"] == "none" for cell in cells)


def test_set_filters_are_counted_on_the_folded_button(live_server, login, admin_user, page):
    f.ProjectApplicationFactory(year=2023)
    page.set_viewport_size(PHONE)
    login("admin")
    page.goto(f"{live_server.url}/projects/projectapplication/?year=2023&q=项目")
    expect(page.locator("#filter-toggle")).to_have_text("筛选（已设2项）")


def test_pagination_of_a_long_list_wraps_on_a_phone(live_server, login, admin_user, page):
    # Eleven pages: the pager shows ten page numbers besides 上一页 and 下一页.
    Enterprise.objects.bulk_create(f.EnterpriseFactory.build_batch(540))
    page.set_viewport_size(PHONE)
    login("admin")
    page.goto(f"{live_server.url}/bureau/enterprise/?page=5")
    pager = page.locator(".pagination")
    expect(pager.locator("li")).to_have_count(12)
    assert_no_sideways_scroll(page)
    box = pager.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_dashboard_nav_and_a_detail_page_fit_a_phone(live_server, login, django_user_model, page, demo_ledger):
    BureauProfile.objects.filter(pk=1).update(name="XX省XX市XX县科学技术局（XX县知识产权局）")
    make_user(django_user_model, "ouyang", ADMIN, first_name="长长长长长长长长名字", last_name="欧阳")
    page.set_viewport_size(PHONE)
    login("ouyang")
    page.goto(f"{live_server.url}/?year=2023")
    expect(page.locator("h1")).to_contain_text("2023年工作概览")
    assert_no_sideways_scroll(page)
    # The user menu stays on the screen, however long the bureau's and the user's names.
    menu = page.locator("#user-menu").bounding_box()
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= PHONE["width"]

    enterprise = Enterprise.objects.annotate(n=models.Count("projects")).order_by("-n").first()
    Enterprise.objects.filter(pk=enterprise.pk).update(note=LONG_TEXT)
    page.goto(live_server.url + enterprise.get_absolute_url())
    expect(page.locator("#attachments")).to_be_visible()
    assert_no_sideways_scroll(page)
    # Its related records read as cards too.
    related = page.locator("section[id^=related-] table.ledger-table tbody tr").first
    assert related.evaluate(CELLS_JS)[1]["label"] != "none"
    for button in page.locator(".page-header .btn").all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]
