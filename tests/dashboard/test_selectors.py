"""Dashboard figures, targets, reminders and changes from known records."""

import datetime
import itertools
import re
from decimal import Decimal

import pytest

from bureau.dashboard import selectors as dash
from bureau.figures import figures as figures_registry
from bureau.models import Report
from bureau.selectors import annual_targets
from patents.models import Patent
from tests.factories import (
    AnnualTargetFactory,
    PartnershipFactory,
    PatentFactory,
    TargetIndicatorFactory,
    patent_number,
)

D = datetime.date
# A day inside 2023, so that 2023 is the running year and 2022 is compared over the same stretch.
MID_2023 = D(2023, 7, 1)


def figures(leader_user, today=MID_2023, year=2023):
    data = dash.dashboard(year=year, today=today, user=leader_user)
    return data, {figure.key: figure for figure in data["figures"]}


@pytest.mark.django_db
def test_key_figures_from_known_records(ledger, leader_user):
    _, by_key = figures(leader_user, today=D(2024, 3, 1))
    expected = {
        "projects_applied": (2, 2),
        "projects_approved": (2, 1),
        "funding_approved": (Decimal("15.00"), Decimal("3.00")),
        "patents_applied": (3, 2),
        "patents_granted": (1, 0),
        "above_scale_high_tech": (6, 5),
        "high_tech_certifications": (2, 1),
        "award_nominations": (4, 1),
        "award_wins": (1, 0),
        "appraisals": (2, 0),
        "talents": (2, 0),
        "science_week_participants": (6000, 5000),
        "assistance_funds": (Decimal("8.00"), Decimal("0")),
    }
    for key, (value, previous) in expected.items():
        assert (by_key[key].value, by_key[key].previous) == (value, previous), key
    assert by_key["high_tech_share"].value.quantize(Decimal("0.01")) == Decimal("8.85")
    # 2022 has two periods: 全年 wins over 截至第三季度.
    assert by_key["high_tech_share"].previous == Decimal("7.4")
    assert by_key["high_tech_share"].change_display == "+1.45个百分点"
    assert by_key["rd_active_share"].display == "10.5"
    parts = {label: value for label, value, _ in by_key["projects_approved"].parts}
    assert parts == {"国家级": 0, "省级": 1, "市级": 1}


@pytest.mark.django_db
def test_running_year_compares_patents_with_same_stretch_of_last_year(ledger, leader_user):
    data, by_key = figures(leader_user, today=D(2023, 5, 1))
    # 2023: the whole year as the report counts it; 2022 only up to 1 May.
    assert by_key["patents_applied"].value == figures_registry.value("patents_applied", year=2023) == 3
    assert by_key["patents_applied"].previous == 1
    assert data["patent_cutoff"] == D(2022, 5, 1)


@pytest.mark.django_db
def test_targets_progress_and_pace(ledger, leader_user):
    data, _ = figures(leader_user, today=MID_2023)
    targets = {t.indicator: t for t in data["targets"]}
    patents = targets["专利申请量"]
    assert (patents.actual, patents.percent, patents.behind) == (3, 30, True)
    talents = targets["人才入选数"]
    assert (talents.actual, talents.percent, talents.behind) == (2, 100, False)
    assert [t.indicator for t in data["reminders"]["behind"]] == ["专利申请量"]
    # Early in the year nothing is flagged yet.
    early, _ = figures(leader_user, today=D(2023, 2, 1))
    assert not any(t.behind for t in early["targets"])
    for target in data["targets"]:
        measure = dict(专利申请量="patents_applied", 人才入选数="talents")[target.indicator]
        assert target.actual == figures_registry.value(measure, year=2023)


@pytest.fixture
def every_measure_targeted(ledger):
    """A 2023 target for each counted measure (the ledger's own two included) and one not counted."""
    existing = {"patents_applied", "talents"}
    for n, measure in enumerate(sorted({figure.key for figure in figures_registry.measures()} - existing)):
        AnnualTargetFactory(
            year=2023,
            indicator=TargetIndicatorFactory(name=f"指标{n}", measure=measure, sort_order=10 + n),
            target_value=Decimal("5"),
        )
    AnnualTargetFactory(year=2023, indicator=TargetIndicatorFactory(name="手工指标", measure="none", sort_order=99))


@pytest.mark.django_db
def test_target_actuals_are_their_figures_values(every_measure_targeted, leader_user):
    targets = annual_targets(year=2023)
    counted = [t for t in targets if t.measure != "none"]
    assert {t.measure for t in counted} == {figure.key for figure in figures_registry.measures()}
    for target in counted:
        assert target.actual == figures_registry.value(target.measure, year=2023), target.measure
    # The ledger gives most measures a count above zero, so the comparison means something.
    assert sum(1 for t in counted if t.actual) >= 9
    assert [t.actual for t in targets if t.measure == "none"] == [None]
    # The dashboard counts with the same figures, from the values it has read for the page.
    data, _ = figures(leader_user)
    assert [(t.indicator, t.actual) for t in data["targets"]] == [(t.indicator, t.actual) for t in targets]


@pytest.mark.django_db
def test_annual_targets_read_each_source_once(every_measure_targeted, django_assert_num_queries):
    # The targets, then per source: patents (filed, granted), projects, certifications, awards.
    with django_assert_num_queries(1 + 2 + 1 + 1 + 1):
        annual_targets(year=2023)
    with django_assert_num_queries(1):
        annual_targets(year=2023, with_actual=False)


def test_year_elapsed():
    assert dash.year_elapsed(year=2022, today=MID_2023) == 1
    assert dash.year_elapsed(year=2024, today=MID_2023) == 0
    assert dash.year_elapsed(year=2023, today=D(2023, 12, 31)) == 1


_serials = itertools.count(900)


def default(today: datetime.date) -> int:
    return dash.default_year(years=dash.ledger_years(), today=today)


def next_years_patents(count: int, *, year: int = 2024) -> None:
    """`count` patents filed in the first days of `year`."""
    for day in range(count):
        serial = next(_serials)
        PatentFactory(
            application_number=patent_number(year, 2, serial), filed_on=D(year, 1, 1) + datetime.timedelta(day)
        )


@pytest.mark.django_db
def test_records_per_year_counts_every_work_record_and_patents_by_filing_year(ledger):
    counts = dash.records_per_year(years=dash.ledger_years())
    # 2023: 3 projects, 3 patents, 3 certifications, 1 statistics row, 4 nominations, 2 appraisals,
    # 2 talents, 1 science week, 2 assistance records; 2022: 2, 2, 1, 2, 1, 0, 0, 1, 0.
    assert counts == {2023: 21, 2022: 9}


@pytest.mark.django_db
def test_default_year_is_the_busiest_year_not_the_newest(ledger):
    in_january = D(2024, 1, 10)
    assert default(in_january) == 2023
    # Next year's first patents are imported: the leaders stay on the year the work is in.
    next_years_patents(5)
    assert dash.ledger_years()[0] == 2024
    assert default(in_january) == 2023
    # Targets are plans, not work: many of them do not make a year busy.
    for n in range(30):
        AnnualTargetFactory(year=2024, indicator=TargetIndicatorFactory(name=f"指标{n}"))
    assert default(in_january) == 2023
    # Once the new year holds more records than the last, it is the default.
    next_years_patents(20, year=2024)
    assert default(D(2024, 6, 1)) == 2024


@pytest.mark.django_db
def test_default_year_is_the_latest_year_with_a_report_when_later(ledger):
    today = D(2025, 1, 10)
    Report.objects.create(year=2022)
    assert default(today) == 2023  # the busiest year is later than the 2022 report
    next_years_patents(30, year=2025)
    Report.objects.create(year=2024)  # the summary being written, of a year with few records so far
    assert default(today) == 2025  # … yet 2025 already has the most records
    Report.objects.filter(year=2024).delete()
    Patent.objects.filter(filed_on__year=2025).delete()
    Report.objects.create(year=2024)
    assert default(today) == 2024
    Report.objects.create(year=2030)  # a report of a year to come is no reason to open on it
    assert default(today) == 2024


@pytest.mark.django_db
def test_default_year_of_an_empty_ledger_or_only_future_records():
    assert default(D(2026, 1, 5)) == 2026
    next_years_patents(2, year=2027)
    assert default(D(2026, 1, 5)) == 2027


@pytest.mark.django_db
def test_ledger_years_span_records_and_patents(ledger):
    assert dash.ledger_years() == [2023, 2022]


@pytest.mark.django_db
def test_reminders(ledger, leader_user):
    data, _ = figures(leader_user, today=MID_2023)
    expiring = data["reminders"]["expiring"]
    assert expiring["count"] == 1 and expiring["rows"][0].valid_until == D(2023, 9, 30)
    due = data["reminders"]["due"]
    # Midterm check on 1 August and acceptance due 15 July, both within 60 days.
    assert due["count"] == 2


@pytest.mark.django_db
def test_recent_changes_newest_first_and_limited(ledger, leader_user):
    changes = dash.recent_changes(user=leader_user)
    assert len(changes) == dash.RECENT_CHANGES
    assert [c.when for c in changes] == sorted((c.when for c in changes), reverse=True)
    assert {c.action for c in changes} == {"新增"}
    assert changes[0].record_type == "年度目标"


def list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(re.search(r"共 (\d+) 条", response.content.decode()).group(1))


@pytest.mark.django_db
def test_every_count_links_to_exactly_its_records(every_measure_targeted, leader_client, leader_user):
    data, _ = figures(leader_user, today=MID_2023)
    checked = 0
    for figure in data["figures"]:
        if (
            figure.unit in ("万元", "%")
            or "/bureau/industrystatistics/" in (figure.url or "")
            or "scienceweek" in (figure.url or "")
        ):
            continue
        assert list_count(leader_client, figure.url) == figure.value, figure.key
        assert list_count(leader_client, figure.previous_url) == figure.previous, figure.key
        for label, value, url in figure.parts:
            assert list_count(leader_client, url) == value, (figure.key, label)
        checked += 1
    assert checked >= 9
    counted = [target for target in data["targets"] if target.actual is not None]
    assert len(counted) == len(figures_registry.measures())
    for target in counted:
        assert list_count(leader_client, target.url) == target.actual, target.indicator
    reminders = data["reminders"]
    assert list_count(leader_client, reminders["expiring"]["url"]) == reminders["expiring"]["count"]
    assert list_count(leader_client, reminders["due"]["url"]) == reminders["due"]["count"]


@pytest.mark.django_db
def test_chart_segments_link_to_their_records(ledger, leader_client, leader_user):
    data, _ = figures(leader_user, today=MID_2023)
    charts = {chart["key"]: chart for chart in data["charts"]}
    patents = charts["patents"]["series"][0]
    assert patents["name"] == "2023年申请" and patents["values"][-1] == 3
    for month in (1, 4, 11):
        assert list_count(leader_client, patents["urls"][month]) == patents["values"][month]
    for series in charts["programs"]["series"]:
        for value, url in zip(series["values"], series["urls"], strict=True):
            assert list_count(leader_client, url) == value


@pytest.mark.django_db
def test_recent_changes_name_a_partnership_by_its_unit(leader_user):
    partnership = PartnershipFactory(enterprise__name="XX普正制药股份有限公司")
    change = dash.recent_changes(user=leader_user)[0]
    assert change.record_type == "产学研合作"
    assert change.name == "XX普正制药股份有限公司"
    assert str(partnership.pk) != change.name


@pytest.mark.django_db
def test_recent_changes_read_fresh_rows_on_every_call(leader_user):
    PartnershipFactory(enterprise__name="甲公司")
    assert dash.recent_changes(user=leader_user)[0].name == "甲公司"
    # The union is built once per set of record types; its rows are read anew each time.
    PartnershipFactory(enterprise__name="乙公司")
    changes = dash.recent_changes(user=leader_user)
    assert [c.name for c in changes if c.record_type == "产学研合作"] == ["乙公司", "甲公司"]
