"""Importing many patent rows costs the same lookups whatever the row count; writes are batched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau.importexport import services
from bureau.registry import registry
from patents.models import Patent

from .helpers import enterprises, patent_row, workbook_bytes, write

pytestmark = pytest.mark.django_db


def import_queries(tmp_path, user, count: int, offset: int, units) -> tuple[int, int]:
    rows = [patent_row(offset + n, enterprise=units[n % len(units)].name) for n in range(count)]
    path = write(tmp_path, workbook_bytes(rows), f"p{count}.xlsx")
    with CaptureQueriesContext(connection) as queries:
        report = services.import_records(record_type=registry.get(Patent), path=path, user=user, commit=True)
    assert report.committed, "\n".join(report.lines())
    statements = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    reads = sum(1 for sql in statements if sql.startswith("SELECT"))
    writes = sum(1 for sql in statements if sql.startswith(("INSERT", "UPDATE")))
    return reads, writes


def test_lookups_do_not_grow_with_rows(tmp_path, admin_user):
    units = enterprises(30)
    reads_50, _writes_50 = import_queries(tmp_path, admin_user, 50, 0, units)
    reads_500, writes_500 = import_queries(tmp_path, admin_user, 500, 1000, units)
    assert reads_50 == reads_500 <= 3
    # Rows and their history are inserted in batches, never one statement per row.
    assert writes_500 <= 500 / 20
    assert Patent.objects.count() == 550 and Patent.history.count() == 550


def test_updates_are_batched_and_bump_the_version(tmp_path, admin_user):
    units = enterprises(5)
    import_queries(tmp_path, admin_user, 200, 0, units)
    rows = [patent_row(n, enterprise=units[n % 5].name, title=f"改名{n}") for n in range(200)]
    path = write(tmp_path, workbook_bytes(rows), "update.xlsx")
    with CaptureQueriesContext(connection) as queries:
        report = services.import_records(record_type=registry.get(Patent), path=path, user=admin_user, commit=True)
    assert report.sheets[0].counts["changed"] == 200
    assert len(queries) < 40
    assert set(Patent.objects.values_list("version", flat=True)) == {2}
    assert Patent.history.filter(history_type="~").count() == 200
