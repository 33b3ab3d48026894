"""The shared selectors against a small hand-made ledger."""

import datetime
from decimal import Decimal

import pytest

from awards.selectors import appraisal_counts, award_nominations_by_level, commendation_summary, talent_selections
from bureau.selectors import (
    annual_targets,
    certification_rewards,
    certifications_granted,
    certifications_in_force,
    high_tech_enterprise_count,
    high_tech_share,
    industry_statistics,
    rd_active_share,
)
from outreach.selectors import (
    assistance_funds,
    assistance_records,
    cooperation_events,
    outreach_activities,
    partnership_summary,
    science_week,
)
from patents.selectors import patent_counts, patent_counts_by_month
from projects.selectors import (
    major_projects_under_way,
    project_applications_by_program,
    project_approvals_by_program,
    project_counts,
    project_status_counts,
)

from .records import add_patent, small_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(db):
    return small_ledger()


def test_applications_grouped_by_program_skip_planned(ledger):
    groups = project_applications_by_program(year=2023)
    assert [(g.program, g.count) for g in groups] == [("省重点新产品计划", 2), ("市级科技协同创新重大专项", 1)]
    assert groups[0].titles == ("伊可克伊维菌素注射液", "千目超微粉中兽药制剂止痢母仔安")


def test_approvals_count_the_decision_year(ledger):
    groups = {g.program: g for g in project_approvals_by_program(year=2023)}
    assert groups["技术创新引导类科技计划"].funding_approved == Decimal("5.00")
    assert groups["省重点新产品计划"].count == 2
    counts = project_counts(year=2023)
    assert counts == {"applied": 3, "national_provincial": 2, "approved": 3, "funding_approved": Decimal("5.00")}
    assert project_status_counts(year=2023)["planned"] == 1


def test_major_projects_under_way(ledger):
    assert major_projects_under_way(year=2023).count() == 1
    assert major_projects_under_way(year=2020).count() == 0


def test_patent_counts_respect_cutoff(ledger):
    assert (patent_counts(year=2023).applied, patent_counts(year=2023).granted) == (4, 3)
    until = patent_counts(year=2023, until=datetime.date(2023, 10, 31))
    assert (until.applied, until.granted) == (3, 3)
    add_patent(ledger["puzheng"], serial=10, filed=datetime.date(2023, 10, 2))
    assert patent_counts(year=2023, until=datetime.date(2023, 10, 31)).applied == 4
    months = patent_counts_by_month(year=2023)
    assert months[8] == {"month": 9, "applied": 0, "granted": 3}


def test_shares_and_statistics(ledger):
    assert industry_statistics(year=2023).period == "截至第三季度"
    share = high_tech_share(year=2023)
    assert round(share.percent, 2) == Decimal("8.85")
    assert round(high_tech_share(year=2022).percent, 1) == Decimal("7.4")
    assert round(rd_active_share(year=2023).percent, 1) == Decimal("10.5")
    assert high_tech_share(year=2021) is None


def test_certifications(ledger):
    assert certifications_granted(year=2023, high_tech=True).count() == 2
    assert certification_rewards(year=2023) == Decimal("20.00")
    assert [c.kind.name for c in certifications_in_force(year=2023, platform=True)] == ["博士后科研工作站"]
    assert high_tech_enterprise_count(year=2023) == 2


def test_awards_appraisals_talents_commendation(ledger):
    groups = award_nominations_by_level(year=2023)
    assert [(g.level, g.count) for g in groups] == [("municipal", 2), ("provincial", 1)]
    assert appraisal_counts(year=2023)["municipal"] == 1
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
    assert assistance_funds(year=2023) == Decimal("8.00")
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
