"""The dashboard page: year choice, a constant number of queries, buttons, equality with the report."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau.dashboard import selectors as dash
from patents.models import Patent
from projects.models import ProjectApplication
from tests import factories as f
from tests.conftest import client_for
from tests.factories import AnnualTargetFactory


def grow(programs, *, years: range, per_year: int) -> None:
    """Many records in every table the dashboard reads, written in bulk."""
    enterprise = f.EnterpriseFactory()
    patents, projects = [], []
    for year in years:
        for n in range(per_year):
            filed = datetime.date(year, 1 + n % 12, 1 + n % 28)
            patents.append(
                Patent(
                    application_number=f.patent_number(year, 2, 200000 + n),
                    title=f"批量专利{year}-{n}",
                    kind="utility",
                    applicant=enterprise,
                    filed_on=filed,
                    granted_on=filed + datetime.timedelta(days=200) if n % 2 else None,
                    status="granted" if n % 2 else "pending",
                )
            )
        for n in range(per_year // 10):
            projects.append(
                ProjectApplication(
                    year=year,
                    title=f"批量项目{year}-{n}",
                    program=programs[("national", "provincial", "municipal")[n % 3]],
                    applicant=enterprise,
                    status="approved",
                    applied_on=datetime.date(year, 2, 1),
                    decided_on=datetime.date(year, 5, 1),
                    funding_approved=Decimal("1.00"),
                )
            )
    Patent.objects.bulk_create(patents)
    ProjectApplication.objects.bulk_create(projects)
    for year in years:
        if year < 2022:  # the known ledger already holds 2022 and 2023 (one per year)
            f.IndustryStatisticsFactory(year=year, period="全年")
            f.ScienceWeekFactory(year=year, start_date=datetime.date(year, 5, 11), end_date=datetime.date(year, 5, 17))
        for _ in range(5):
            f.AwardNominationFactory(year=year)
            f.AppraisalFactory(year=year)
            f.TalentSelectionFactory(year=year)
            f.AssistanceRecordFactory(year=year)


def chart_script(html: str) -> list[dict]:
    """The charts the page hands dashboard.js."""
    return json.loads(re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html).group(1))


def dashboard_queries(client, year=2023) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/?year={year}")
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_query_count_is_constant_and_within_budget(ledger, programs, leader_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        leader_client.get("/?year=2023")
    small = dashboard_queries(leader_client)
    grow(programs, years=range(2014, 2024), per_year=300)
    with django_assert_max_num_queries(25):
        response = leader_client.get("/?year=2023")
    assert response.status_code == 200
    assert dashboard_queries(leader_client) == small


@pytest.mark.django_db
def test_year_parameter_and_default(ledger, leader_client):
    # Next year's targets alone do not make that year the default: it has no work recorded yet.
    AnnualTargetFactory(year=2024)
    response = leader_client.get("/")
    # No records in the running year: the year with the most records is shown.
    assert response.context["year"] == 2023
    this_year = datetime.date.today().year
    # The choice runs from this year down to the first recorded year, gaps included.
    assert response.context["years"][0] == this_year
    assert set(range(2023, this_year + 1)) <= set(response.context["years"])
    assert leader_client.get("/?year=2022").context["year"] == 2022
    # Not a year: the last year chosen in this session.
    assert leader_client.get("/?year=abc").context["year"] == 2022
    assert leader_client.get("/?year=1900").context["year"] == 2022


@pytest.mark.django_db
def test_the_year_chosen_is_kept_for_the_session(ledger, leader_user, leader_client):
    assert leader_client.get("/").context["year"] == 2023
    leader_client.get("/?year=2022")
    # Back to 首页 from another page: the year chosen, not the default.
    assert leader_client.get("/").context["year"] == 2022
    assert "2022年工作概览" in leader_client.get("/").content.decode()
    leader_client.get("/?year=2023")
    assert leader_client.get("/").context["year"] == 2023
    # Another session of the same leader starts from the default again; so does another leader.
    assert client_for(leader_user).get("/?year=2022").context["year"] == 2022
    assert client_for(leader_user).get("/").context["year"] == 2023


@pytest.mark.django_db
def test_next_years_first_patents_do_not_move_the_default(ledger, leader_client):
    next_year = datetime.date.today().year + 1
    for serial in range(3):
        f.PatentFactory(
            application_number=f.patent_number(next_year, 2, 700 + serial), filed_on=datetime.date(next_year, 1, 2)
        )
    assert leader_client.get("/").context["year"] == 2023


@pytest.mark.django_db
def test_only_who_can_edit_report_drafts_sees_the_summary_button(ledger, role_clients):
    for role in ("staff", "admin"):
        html = role_clients[role].get("/?year=2023").content.decode()
        assert 'href="/reports/2023/" id="report-button"' in html and "生成2023年工作总结" in html
    html = role_clients["leader"].get("/?year=2023").content.decode()
    assert "生成2023年工作总结" not in html and 'id="report-button"' not in html


@pytest.mark.django_db
def test_a_chart_without_data_says_so_and_is_not_drawn(ledger, leader_client):
    # 2019 has no records at all: every chart of it says 暂无数据 (the share chart spans all years).
    response = leader_client.get("/?year=2019")
    html = response.content.decode()
    empty = [chart["key"] for chart in response.context["charts"] if chart["empty"]]
    assert empty == ["patents", "programs", "funding", "science_week"]
    for key in empty:
        card = html.split(f'id="chart-{key}"', 1)[1].split("</figure>", 1)[0]
        assert "暂无数据" in card
        assert "data-chart" not in card and "<table" not in card
    assert [chart["key"] for chart in chart_script(html)] == ["share"]
    # 2023 has data in every chart.
    response = leader_client.get("/?year=2023")
    assert not [chart["key"] for chart in response.context["charts"] if chart["empty"]]


@pytest.mark.django_db
def test_count_charts_ask_for_whole_numbers_and_science_week_has_no_shared_log_axis(ledger, leader_client):
    charts = {chart["key"]: chart for chart in leader_client.get("/?year=2023").context["charts"]}
    assert {key for key, chart in charts.items() if chart["options"].get("integer")} == {
        "patents",
        "programs",
        "science_week",
    }
    week = charts["science_week"]
    assert "log" not in week["options"] and week["options"]["panels"]
    # One small chart per figure, each on its own axis: the table still lists every figure.
    assert [category for category, _ in week["rows"]] == [label for _, label in dash.SCIENCE_WEEK_FIGURES]


@pytest.mark.django_db
def test_page_shows_figures_charts_as_tables_and_buttons(ledger, staff_client):
    response = staff_client.get("/?year=2023")
    html = response.content.decode()
    assert 'id="figure-patents_applied"' in html
    assert html.count('<details class="chart-table" open>') == 5
    assert 'id="dashboard-charts"' in html and "<script>" not in html.replace('<script id="dashboard-charts"', "")
    assert 'href="/ledger/export/?year=2023" id="export-button"' in html
    assert "echarts.min.js" in html and "dashboard.js" in html
    # The script data carries what dashboard.js draws (series with their drill-down URLs), not the tables again.
    data = chart_script(html)
    assert [chart["key"] for chart in data] == [chart["key"] for chart in response.context["charts"]]
    assert all("rows" not in chart and chart["series"][0]["urls"] for chart in data)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_2023_demo_ledger_shows_the_seed_figures(demo_ledger, leader_user):
    from bureau.dashboard.selectors import dashboard

    data = dashboard(year=2023, today=datetime.date(2024, 3, 1), user=leader_user)
    by_key = {figure.key: figure for figure in data["figures"]}
    # The seed's own figures, as the report states them (both read the figure registry).
    assert round(by_key["high_tech_share"].value, 2) == Decimal("8.85")
    assert round(by_key["high_tech_share"].previous, 1) == Decimal("7.4")
    assert by_key["assistance_funds"].value == Decimal("8")
