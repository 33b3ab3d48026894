"""Browser tests in Chromium: a leader reads the dashboard, switches years and drills down to the records;
charts without data say 暂无数据 and count axes tick in whole numbers."""

import re

import pytest
from playwright.sync_api import expect

from bureau.dashboard.selectors import SCIENCE_WEEK_FIGURES
from outreach.models import ScienceWeek

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


# The labels ECharts drew on a chart's value axis (the x axis of a horizontal bar chart).
AXIS_LABELS = """([selector, axis]) => {
  const chart = echarts.getInstanceByDom(document.querySelector(selector));
  return chart.getModel().getComponent(axis, 0).axis.getViewLabels().map((label) => label.formattedLabel);
}"""


def test_empty_charts_say_so_and_count_axes_have_whole_numbers(live_server, login, leader_user, ledger):
    page = login("leader")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 2019 has no records: no axes and no flat line, a plain 暂无数据.
    page.goto(f"{live_server.url}/?year=2019")
    for key in ("patents", "programs", "funding", "science_week"):
        expect(page.locator(f"#chart-{key} .chart-empty")).to_have_text("暂无数据")
        expect(page.locator(f"#chart-{key} canvas")).to_have_count(0)
    expect(page.locator('[data-chart="share"] canvas').first).to_be_attached()

    # 2023: one project per programme, three patents: a count axis counts 0, 1, 2 …, never 0.2 or 0.5.
    page.goto(f"{live_server.url}/?year=2023")
    expect(page.locator('[data-chart="programs"] canvas').first).to_be_attached()
    for selector, axis in (('[data-chart="programs"]', "xAxis"), ('[data-chart="patents"]', "yAxis")):
        labels = page.evaluate(AXIS_LABELS, [selector, axis])
        assert len(labels) >= 2, labels
        assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", label) for label in labels), labels

    # 科技活动周: one small chart per figure, each on its own linear axis (人次, 份 and 块 apart);
    # a figure neither week reported says 暂无数据.
    weeks = [ScienceWeek.objects.get(year=2023), ScienceWeek.objects.get(year=2022)]
    reported = [index for index, (attr, _) in enumerate(SCIENCE_WEEK_FIGURES) if any(getattr(w, attr) for w in weeks)]
    assert 0 < len(reported) < len(SCIENCE_WEEK_FIGURES)  # the ledger has both kinds
    panels = page.locator('[data-chart="science_week"] .chart-panel')
    expect(panels).to_have_count(len(SCIENCE_WEEK_FIGURES))
    for index, (_, label) in enumerate(SCIENCE_WEEK_FIGURES):
        panel = page.locator(f'[data-chart="science_week"] [data-panel="{index}"]')
        if index not in reported:
            expect(panel).to_have_text(f"{label}暂无数据")
            expect(panel.locator("canvas")).to_have_count(0)
            continue
        expect(panel.locator("canvas")).to_have_count(1)
        labels = page.evaluate(AXIS_LABELS, [f'[data-chart="science_week"] [data-panel="{index}"]', "yAxis"])
        assert len(labels) >= 2, labels
        assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", label) for label in labels), labels
    assert errors == []
