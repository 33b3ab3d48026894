"""Browser test in Chromium: a leader reads the dashboard, switches years and drills down to the records."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_leader_switches_year_sees_charts_and_drills_down(live_server, login, leader_user, ledger):
    page = login("leader")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/?year=2023")
    expect(page.locator("h1")).to_contain_text("2023年工作概览")
    for key in ("patents", "programs", "funding", "share", "science_week"):
        expect(page.locator(f'[data-chart="{key}"] canvas').first).to_be_attached()
    # With the charts drawn, their tables fold away but stay in the page.
    expect(page.locator("#chart-patents details.chart-table")).not_to_have_attribute("open", "")

    page.select_option("#year-select", "2022")
    page.wait_for_url(re.compile(r"year=2022"))
    expect(page.locator("h1")).to_contain_text("2022年工作概览")
    expect(page.locator('[data-chart="patents"] canvas').first).to_be_attached()

    page.select_option("#year-select", "2023")
    page.wait_for_url(re.compile(r"year=2023"))
    expect(page.locator("h1")).to_contain_text("2023年工作概览")

    figure = page.locator("#figure-patents_applied a.figure-link")
    shown = int(figure.inner_text())
    figure.click()
    page.wait_for_url(re.compile(r"/patents/patent/\?"))
    expect(page.locator("h1")).to_contain_text(f"共 {shown} 条")
    expect(page.locator("table.ledger-table tbody tr")).to_have_count(shown)
    assert errors == []
