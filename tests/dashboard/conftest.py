"""A small ledger with known figures for 2022 and 2023, and a way to grow it for the query-count test."""

import datetime
from decimal import Decimal

import pytest

from projects.models import ProjectApplication
from tests import factories as f

D = datetime.date


@pytest.fixture
def programs(db):
    return {
        "national": f.ProgramFactory(name="国家火炬计划", level="national"),
        "provincial": f.ProgramFactory(name="省星火计划", level="provincial"),
        "municipal": f.ProgramFactory(name="市级指导性科技计划", level="municipal"),
    }


@pytest.fixture
def ledger(db, programs):
    """Known records; the expected figures are spelled out in the tests that use them."""
    Status = ProjectApplication.Status
    project = f.ProjectApplicationFactory
    project(year=2023, program=programs["provincial"], status=Status.APPLIED, applied_on=D(2023, 3, 1))
    project(year=2023, program=programs["national"], status=Status.PLANNED, applied_on=None)
    project(
        year=2023,
        program=programs["municipal"],
        status=Status.APPROVED,
        applied_on=D(2023, 2, 1),
        decided_on=D(2023, 6, 1),
        funding_approved=Decimal("5.00"),
        midterm_due=D(2023, 8, 1),
    )
    project(
        year=2022,
        program=programs["provincial"],
        status=Status.ONGOING,
        applied_on=D(2022, 9, 1),
        decided_on=D(2023, 2, 1),
        started_on=D(2023, 3, 1),
        funding_approved=Decimal("10.00"),
        acceptance_due=D(2023, 7, 15),
    )
    project(
        year=2022,
        program=programs["provincial"],
        status=Status.APPROVED,
        applied_on=D(2022, 3, 1),
        decided_on=D(2022, 8, 1),
        funding_approved=Decimal("3.00"),
    )

    for serial, (filed, granted) in enumerate(
        [
            (D(2023, 2, 1), None),
            (D(2023, 5, 10), None),
            (D(2023, 11, 3), None),
            (D(2022, 4, 1), D(2023, 6, 20)),
            (D(2022, 9, 1), None),
        ]
    ):
        f.PatentFactory(
            application_number=f.patent_number(filed.year, 2, 500 + serial),
            filed_on=filed,
            granted_on=granted,
            status="granted" if granted else "pending",
        )

    high_tech = f.CertificationKindFactory(name="省级高新技术企业", is_high_tech=True)
    platform = f.CertificationKindFactory(name="博士后创新实践基地", is_high_tech=False, is_platform=True)
    f.CertificationFactory(kind=high_tech, year=2023, granted_on=D(2023, 6, 1), valid_until=D(2023, 9, 30))
    f.CertificationFactory(kind=high_tech, year=2023, granted_on=D(2023, 7, 1), valid_until=D(2026, 6, 30))
    f.CertificationFactory(kind=platform, year=2023, granted_on=D(2023, 7, 1), valid_until=None, reward=0)
    f.CertificationFactory(kind=high_tech, year=2022, granted_on=D(2022, 7, 1), valid_until=D(2025, 6, 30))

    f.IndustryStatisticsFactory(year=2023, period="截至第三季度")
    f.IndustryStatisticsFactory(
        year=2022,
        period="全年",
        above_scale_high_tech=5,
        rd_active_enterprises=5,
        above_scale_enterprises=55,
        high_tech_value_added=Decimal("7400"),
        industrial_value_added=Decimal("100000"),
    )
    f.IndustryStatisticsFactory(year=2022, period="截至第三季度", high_tech_value_added=Decimal("1"))

    for n in range(4):
        f.AwardNominationFactory(
            year=2023, title=f"成果{n}", level="municipal", status="won" if n == 0 else "submitted"
        )
    f.AwardNominationFactory(year=2022, title="旧成果", level="municipal")
    f.AppraisalFactory(year=2023, title="鉴定一", level="municipal")
    f.AppraisalFactory(year=2023, title="鉴定二", level="provincial")
    f.TalentSelectionFactory(year=2023, person="李龙瑞")
    f.TalentSelectionFactory(year=2023, person="肖军平")

    f.ScienceWeekFactory(year=2023, participants=6000)
    f.ScienceWeekFactory(
        year=2022, start_date=D(2022, 5, 15), end_date=D(2022, 5, 21), participants=5000, theme="科技周"
    )
    f.AssistanceRecordFactory(year=2023, funds=Decimal("5.00"), kind="tobacco")
    f.AssistanceRecordFactory(year=2023, funds=Decimal("3.00"), kind="poverty")

    f.AnnualTargetFactory(
        year=2023,
        indicator=f.TargetIndicatorFactory(name="专利申请量", measure="patents_applied", unit="件"),
        target_value=Decimal("10"),
    )
    f.AnnualTargetFactory(
        year=2023,
        indicator=f.TargetIndicatorFactory(name="人才入选数", measure="talents", unit="人"),
        target_value=Decimal("2"),
    )
