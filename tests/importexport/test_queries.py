"""Importing many patent rows costs the same statements whatever the row count; updates come in computed batches."""

import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau.importexport import services
from bureau.registry import registry
from patents.models import Patent

from .helpers import enterprises, patent_row, workbook_bytes, write

pytestmark = pytest.mark.django_db


def count(queries) -> tuple[int, int]:
    # An executemany is logged once, as "N times: INSERT …"; a COPY (PostgreSQL) as "N rows: COPY …".
    statements = [re.sub(r"^\d+ (TIMES|ROWS): ", "", q["sql"].lstrip().upper()) for q in queries.captured_queries]
    reads = sum(1 for sql in statements if sql.startswith("SELECT"))
    writes = sum(1 for sql in statements if sql.startswith(("INSERT", "UPDATE", "DELETE", "COPY")))
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


# Reserving the new records' ids: SQLite reads the largest id and the AUTOINCREMENT counter, PostgreSQL the sequence.
ID_READS = {"sqlite": 2, "postgresql": 1}


def test_queries_stay_constant_from_50_to_1500_rows(tmp_path, admin_user):
    units = enterprises(30)
    small = [patent_row(n, enterprise=units[n % 30].name) for n in range(50)]
    # More keys than Django's SQLite backend assumes one statement can take (999).
    large = [patent_row(1000 + n, enterprise=units[n % 30].name) for n in range(1500)]
    (preview_50, confirm_50) = preview_and_confirm(tmp_path, admin_user, small, "p50.xlsx")
    (preview_500, confirm_500) = preview_and_confirm(tmp_path, admin_user, large, "p1500.xlsx")
    # Preview: related names once, existing keys once; nothing written.
    assert preview_50 == preview_500 == (2, 0)
    # Confirm: the kept preview is re-checked with a fixed number of reads (keys still free, related records exist),
    # then the new ids are reserved.
    assert confirm_50[0] == confirm_500[0] == 2 + ID_READS[connection.vendor]
    # One INSERT for the import's batch (its 操作日志 entry), one for the records, one for their history rows.
    assert confirm_50[1] == confirm_500[1] == 3
    assert Patent.objects.count() == 1550 and Patent.history.count() == 1550


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
    assert confirm[1] == update_batches + 2  # the batch row, then the history rows in one INSERT
    assert set(Patent.objects.values_list("version", flat=True)) == {2}
    assert Patent.history.filter(history_type="~").count() == 200
