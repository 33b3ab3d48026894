"""The benchmark itself runs: pages and forms on a tiny synthetic ledger measure without errors."""

import pytest

from bureau.devtools import bench

TINY = bench.BenchConfig(
    quick=True, years=1, scale=1, patents=120, repeats=1, heavy_repeats=1, export_rows=100, import_rows=50
)


@pytest.mark.django_db
def test_pages_and_forms_measure_without_errors():
    runner = bench.Bench(TINY, database_url="unused", log=lambda line: None)
    runner.prepare()
    runner.dashboard()
    runner.list_pages()
    runner.detail_pages()
    runner.PICKER_UNITS = 300  # 10,000 in a real run
    runner.pickers()
    runner.forms()
    runner.operation_log()
    errors = [m for m in runner.results if m.note.startswith("error")]
    assert not errors, [(m.operation, m.note) for m in errors]
    patent_rows = [m for m in runner.results if m.operation.startswith("list patent")]
    assert len(patent_rows) == 5  # first, filtered, searched, searched with no match, last page
    assert all(m.queries is not None and len(m.times) == 1 for m in patent_rows)
    picker_rows = [m for m in runner.results if m.operation.startswith("picker choices: 300 units")]
    assert len(picker_rows) == 2 and all(m.queries for m in picker_rows)
    log_rows = [m for m in runner.results if m.operation.startswith("operation log")]
    assert len(log_rows) == 3 and "120 patent history rows" in log_rows[0].operation


def test_percentiles():
    m = bench.Measurement("x", times=[0.1 * i for i in range(1, 21)])
    assert m.median == pytest.approx(1.05)
    assert m.p95 == pytest.approx(1.9)
    assert "x" in bench.format_table([m])


@pytest.mark.django_db
def test_queries_are_counted_after_the_query_log_is_full():
    from django.db import connection

    from bureau.models import Industry

    runner = bench.Bench(TINY, database_url="unused", log=lambda line: None)
    for _ in range(connection.queries_limit + 10):  # fill the log, as a long benchmark run does
        connection.queries_log.append({"sql": "SELECT 1", "time": "0"})
    measured = runner.measure("two reads", lambda: (Industry.objects.count(), Industry.objects.exists()), repeats=1)
    assert measured.queries == 2


@pytest.mark.django_db
def test_the_proofreader_row_measures_a_document_of_ten_thousand_characters():
    runner = bench.Bench(TINY, database_url="unused", log=lambda line: None)
    runner.prepare()
    runner.proofreader()
    (row,) = runner.results
    assert row.operation == "proofread 10,000 characters"
    assert row.note == "" and len(row.times) == 1 and row.queries is not None
