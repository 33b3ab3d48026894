"""The shared selectors and the figures against a small hand-made ledger."""

import datetime
from decimal import Decimal

import pytest

from awards.selectors import commendation_summary, talent_selections
from bureau.figures import figures
from bureau.selectors import (
    annual_targets,
    certifications_granted,
    certifications_in_force,
    high_tech_share,
    industry_statistics,
    rd_active_share,
)
from outreach.selectors import (
    assistance_records,
    cooperation_events,
    outreach_activities,
    partnership_summary,
    science_week,
)
from patents.selectors import patent_days
from projects.selectors import major_projects_under_way, project_applications, project_approvals

from .records import add_patent, small_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(db):
    return small_ledger()


def test_applications_skip_planned(ledger):
    assert [(r.program.name, r.title) for r in project_applications(year=2023)][:2] == [
        ("省重点新产品计划", "伊可克伊维菌素注射液"),
        ("省重点新产品计划", "千目超微粉中兽药制剂止痢母仔安"),
    ]
    assert len(project_applications(year=2023)) == figures.value("projects_applied", year=2023) == 3


def test_approvals_count_the_decision_year(ledger):
    assert project_approvals(year=2023).count() == 3
    values = {key: figures.value(key, year=2023) for key in ("projects_national_provincial", "funding_approved")}
    assert values == {"projects_national_provincial": 2, "funding_approved": Decimal("5.00")}


def test_major_projects_under_way(ledger):
    assert major_projects_under_way(year=2023).count() == 1
    assert major_projects_under_way(year=2020).count() == 0


def test_patent_counts_respect_cutoff(ledger):
    def counted(until=None):
        return tuple(figures.value(key, year=2023, until=until) for key in ("patents_applied", "patents_granted"))

    assert counted() == (4, 3)
    assert counted(datetime.date(2023, 10, 31)) == (3, 3)
    add_patent(ledger["puzheng"], serial=10, filed=datetime.date(2023, 10, 2))
    assert counted(datetime.date(2023, 10, 31)) == (4, 3)
    months = patent_days(years=[2023]).months(year=2023)
    assert (months["applied"][8], months["granted"][8]) == (0, 3)
    with pytest.raises(ValueError):
        patent_days(years=[2023]).totals(year=2020)  # not among the years read: no silent zero


def test_shares_and_statistics(ledger):
    assert industry_statistics(year=2023).period == "截至第三季度"
    share = high_tech_share(year=2023)
    assert round(share.percent, 2) == Decimal("8.85")
    assert round(high_tech_share(year=2022).percent, 1) == Decimal("7.4")
    assert round(rd_active_share(year=2023).percent, 1) == Decimal("10.5")
    assert high_tech_share(year=2021) is None


def test_certifications(ledger):
    assert certifications_granted(year=2023, high_tech=True).count() == 2
    assert [c.kind.name for c in certifications_in_force(year=2023, platform=True)] == ["博士后科研工作站"]
    assert figures.value("high_tech_certifications", year=2023) == 2


def test_awards_appraisals_talents_commendation(ledger):
    assert figures.value("award_nominations", year=2023) == 3
    assert figures.value("appraisals_municipal", year=2023) == 1
    assert talent_selections(year=2023).count() == 2
    summary = commendation_summary(year=2023)
    assert summary.total_reward == Decimal("3.50")
    assert [(label, n) for _, label, n in summary.categories] == [("县科技进步奖", 2), ("优秀专利", 1)]
    assert commendation_summary(year=2022) is None


def test_outreach(ledger):
    assert science_week(year=2023).lectures == 18
    assert outreach_activities(year=2023).count() == 1
    assert [e.short_name for e in cooperation_events(year=2023)[0].participants.all()] == ["新天地药业"]
    summary = partnership_summary(year=2023)
    assert summary.partner_count == 2
    assert summary.enterprises[0].short_name == "普正制药"
    assert summary.contents == ("技术合作", "培训科技专业人员")
    assert figures.value("assistance_funds", year=2023) == Decimal("8.00")
    assert [r.kind for r in assistance_records(year=2023)] == ["tobacco", "poverty"]


def test_targets_with_actuals(ledger):
    targets = annual_targets(year=2024)
    assert [(t.indicator, t.target, t.at_least) for t in targets] == [
        ("专利申请量", Decimal("100.00"), False),
        ("专利授权量", Decimal("50.00"), False),
        ("申报国家、省科技项目数", Decimal("10.00"), True),
    ]
    assert [t.actual for t in annual_targets(year=2023)] == []
    add_patent(ledger["puzheng"], serial=20, filed=datetime.date(2024, 1, 3))
    assert annual_targets(year=2024)[0].actual == 1
