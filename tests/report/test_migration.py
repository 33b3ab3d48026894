"""The migration that bounds Report.year drops the rows that opening a page used to create, and only those."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# serialized_rollback: the flush after a transactional test must not take the lists the data migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("bureau", "0003_report_models")]
AFTER = [("bureau", "0004_report_issued_on_and_year_range")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_rows_made_by_reading_are_dropped():
    apps = migrate(BEFORE)
    Report = apps.get_model("bureau", "Report")
    Report.objects.create(year=0)
    Report.objects.create(year=10000)
    Report.objects.create(year=2031)
    Report.objects.create(year=2022, patents_until=datetime.date(2022, 10, 31))
    written = Report.objects.create(year=2023)
    apps.get_model("bureau", "ReportSection").objects.create(report=written, key="ideas", text="以创新为引领。")
    try:
        apps = migrate(AFTER)
        assert sorted(apps.get_model("bureau", "Report").objects.values_list("year", flat=True)) == [2022, 2023]
    finally:
        migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
