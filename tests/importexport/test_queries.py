"""Importing many patent rows costs the same lookups whatever the row count; writes come in computed batches."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau.importexport import services
from bureau.registry import registry
from patents.models import Patent

from .helpers import enterprises, patent_row, workbook_bytes, write

pytestmark = pytest.mark.django_db


def count(queries) -> tuple[int, int]:
    statements = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    reads = sum(1 for sql in statements if sql.startswith("SELECT"))
    writes = sum(1 for sql in statements if sql.startswith(("INSERT", "UPDATE", "DELETE")))
    return reads, writes


def preview_and_confirm(tmp_path, user, rows: list, name: str) -> tuple[tuple, tuple]:
    path = write(tmp_path, workbook_bytes(rows), name)
    rt = registry.get(Patent)
    with CaptureQueriesContext(connection) as preview:
        report = services.import_records(record_type=rt, path=path, user=user, commit=False, token=name)
    assert report.ok, "\n".join(report.lines())
    with CaptureQueriesContext(connection) as confirm:
        report = services.import_records(record_type=rt, path=path, user=user, commit=True, token=name)
    assert report.committed, "\n".join(report.lines())
    return count(preview), count(confirm)


def insert_batches(rows: int) -> int:
    """INSERT statements for new patents and their history rows, at the batch size the parameter limit allows."""
    history = Patent.history.model
    return math.ceil(rows / services.write_batch_size(Patent)) + math.ceil(rows / services.write_batch_size(history))


def test_queries_stay_constant_from_50_to_500_rows(tmp_path, admin_user):
    units = enterprises(30)
    small = [patent_row(n, enterprise=units[n % 30].name) for n in range(50)]
    large = [patent_row(1000 + n, enterprise=units[n % 30].name) for n in range(500)]
    (preview_50, confirm_50) = preview_and_confirm(tmp_path, admin_user, small, "p50.xlsx")
    (preview_500, confirm_500) = preview_and_confirm(tmp_path, admin_user, large, "p500.xlsx")
    # Preview: related names once, existing keys once; nothing written.
    assert preview_50 == preview_500 == (2, 0)
    # Confirm: the kept preview is re-checked with a fixed number of reads (keys still free, related records exist).
    assert confirm_50[0] == confirm_500[0] == 2
    # Writes grow only with rows / batch size: rows and history rows, batched.
    assert confirm_50[1] == insert_batches(50)
    assert confirm_500[1] == insert_batches(500)
    assert insert_batches(500) < 500 / 20
    assert Patent.objects.count() == 550 and Patent.history.count() == 550


def test_updates_are_batched_and_bump_the_version(tmp_path, admin_user):
    units = enterprises(5)
    preview_and_confirm(tmp_path, admin_user, [patent_row(n, enterprise=units[n % 5].name) for n in range(200)], "a")
    rows = [patent_row(n, enterprise=units[n % 5].name, title=f"改名{n}") for n in range(200)]
    (preview, confirm) = preview_and_confirm(tmp_path, admin_user, rows, "b")
    assert preview == (2, 0)
    # Re-check: versions of the changed records and their related records; then the bulk update and history rows.
    assert confirm[0] == 2
    report = services.import_records(
        record_type=registry.get(Patent), path=write(tmp_path, workbook_bytes(rows), "b"), user=admin_user, commit=False
    )
    updated = report.sheets[0].update_fields
    update_batches = math.ceil(200 / services.update_batch_size(Patent, updated))
    if connection.vendor == "sqlite":
        assert update_batches == 3  # 8 columns + pk, 999 parameters
    else:
        assert update_batches == 1  # PostgreSQL has no such parameter limit
    assert confirm[1] == update_batches + math.ceil(200 / services.write_batch_size(Patent.history.model))
    assert set(Patent.objects.values_list("version", flat=True)) == {2}
    assert Patent.history.filter(history_type="~").count() == 200
