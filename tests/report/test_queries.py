"""Building the report takes the same number of queries however many records the year has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau.models import Report
from bureau.report import document
from tests import factories as f


def add_year_records(n: int) -> None:
    for i in range(n):
        industry = f.IndustryFactory(name=f"产业{i}")
        unit = f.EnterpriseFactory(industry=industry)
        event = f.CooperationEventFactory()
        event.participants.add(unit, f.EnterpriseFactory(industry=industry))
        f.PartnershipFactory(enterprise=unit)
        f.ProjectApplicationFactory(applicant=unit)
        f.PatentFactory(applicant=unit)
        f.OutreachActivityFactory()
        f.AssistanceFigureFactory()


def compose_queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        report = Report(year=2023)
        document.compose(report, states=document.section_states(report))
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_records():
    f.ScienceWeekFactory()
    add_year_records(2)
    small = compose_queries()
    add_year_records(12)
    assert compose_queries() == small
