"""A large import killed with SIGKILL while it writes leaves all its rows or none, in a consistent database (#7).

The killed process is the real `manage.py import_ledger` on a workbook of 2,000 units and 8,000 patents,
against a file-based SQLite database (always) and against the PostgreSQL test database (when
the suite runs on PostgreSQL). It is killed while it writes: once the SQLite write-ahead log
holds 2 MB of its transaction, or once the PostgreSQL backend inserts the patents' history
rows (the patents themselves written, the transaction still open).
A process that finished before the kill landed is checked the same way (then all rows are in).
"""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bureau.importexport import selectors
from bureau.importexport.services import write_sheet
from bureau.importexport.xlsx import XlsxWriter
from bureau.models import Enterprise
from bureau.registry import registry
from patents.models import Patent
from tests.reliability.builders import patent_number
from tests.reliability.conftest import DB_NAME, postgres_url, subprocess_env

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
# Rows per sheet: already in the ledger, then in the large import (units are written before patents).
BEFORE = {Enterprise: 10, Patent: 40}
LARGE = {Enterprise: 2000, Patent: 8000}
POLL_SECONDS = 0.005
# SQLite: kill once this much of the transaction is in the write-ahead log: about a third of the
# import's 6 MB, past the units (under 1 MB), in the middle of the patents, far from the commit.
KILL_AFTER_LOG_BYTES = 2 << 20
START_TIMEOUT = 180


def row_values(model, serial: int) -> dict:
    """One new record's cells by field name; `serial` makes its business key unique."""
    if model is Enterprise:
        return {"name": f"可靠性测试单位{serial:07d}"}
    return {
        "application_number": patent_number(serial),
        "title": f"一种可靠性测试装置{serial}",
        "kind": "发明",
        "applicant_person": "张三",
        "filed_on": datetime.date(2023, 1 + serial % 12, 1 + serial % 28),
        "status": "审查中",
    }


def write_workbook(path: Path, *, first: int, counts: dict) -> None:
    """A ledger workbook with a 单位 and a 专利 sheet of new records, numbered from `first`."""
    writer = XlsxWriter(path)
    for model, count in counts.items():
        record_type = registry.get(model)
        resource = record_type.resource()
        columns = [field.attribute for field in resource.get_export_fields()]
        rows = ([row_values(model, serial).get(name) for name in columns] for serial in range(first, first + count))
        write_sheet(writer, title=selectors.sheet_title(record_type), resource=resource, rows=rows)
    writer.close()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> tuple[Path, Path]:
    """A small workbook for the rows already there, and the large one whose import is killed."""
    folder = tmp_path_factory.mktemp("killed-import")
    before, large = folder / "before.xlsx", folder / "large.xlsx"
    write_workbook(before, first=1, counts=BEFORE)
    write_workbook(large, first=1_000_001, counts=LARGE)
    return before, large


def expected(*parts: dict) -> dict:
    """Records and history rows per table when the given imports are in: one history row per record."""
    totals = {}
    for model in BEFORE:
        rows = sum(part[model] for part in parts)
        totals[model._meta.db_table] = (rows, rows)
    return totals


@dataclass
class Target:
    """The database the import subprocess writes to, and how the test looks at it from outside."""

    env: dict
    write_started: Callable[[], str]  # what shows the write has begun ("" while it has not)
    counts: Callable[[], dict]  # per table: (records, history rows)
    integrity: Callable[[], list[str]]  # problems found; empty when consistent
    before_start: Callable[[], None] = lambda: None
    after_kill: Callable[[], None] = lambda: None


def import_ledger(target: Target, workbook: Path, log: Path) -> subprocess.CompletedProcess:
    with log.open("w") as output:
        result = subprocess.run(
            [sys.executable, MANAGE, "import_ledger", str(workbook)],
            env=target.env,
            cwd=settings.BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
    assert result.returncode == 0, log.read_text()
    return result


def import_and_kill(target: Target, workbook: Path, log: Path) -> dict:
    """Start the import, SIGKILL it as soon as the target sees it writing; return what happened."""
    target.before_start()
    started = time.monotonic()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, MANAGE, "import_ledger", str(workbook)],
            env=target.env,
            cwd=settings.BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        killed_at, evidence = None, ""
        try:
            while process.poll() is None:
                evidence = target.write_started()
                if evidence:
                    process.send_signal(signal.SIGKILL)
                    killed_at = round(time.monotonic() - started, 2)
                    break
                if time.monotonic() - started > START_TIMEOUT:
                    pytest.fail(f"the import did not start writing within {START_TIMEOUT} s")
                time.sleep(POLL_SECONDS)
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode in (0, -signal.SIGKILL), log.read_text()
    target.after_kill()
    return {"killed": process.returncode == -signal.SIGKILL, "seconds": killed_at, "evidence": evidence}


def check_all_or_nothing(target: Target, workbooks: tuple[Path, Path], tmp_path: Path) -> None:
    before_book, large = workbooks
    import_ledger(target, before_book, tmp_path / "before.log")
    assert target.counts() == expected(BEFORE)

    outcome = import_and_kill(target, large, tmp_path / "killed.log")
    after_kill = target.counts()
    print(f"killed import: {outcome}; rows after: {after_kill}")
    if outcome["killed"]:
        assert after_kill in (expected(BEFORE), expected(BEFORE, LARGE)), "a killed import left part of its rows"
    else:
        assert after_kill == expected(BEFORE, LARGE)
    assert target.integrity() == []

    # The same import again runs to the end: whatever the kill left, the ledger holds every row once.
    import_ledger(target, large, tmp_path / "again.log")
    assert target.counts() == expected(BEFORE, LARGE)
    assert target.integrity() == []


# --- SQLite: a database file of its own ---------------------------------------------------------


def sqlite_target(var_dir: Path) -> Target:
    database = var_dir / DB_NAME
    wal = var_dir / f"{DB_NAME}-wal"

    def query(sql: str) -> list[tuple]:
        db = sqlite3.connect(database)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def write_started() -> str:
        # Pages of the import's transaction reach the log once SQLite's page cache is full.
        try:
            size = wal.stat().st_size
        except FileNotFoundError:
            return ""
        return f"write-ahead log {size} bytes" if size >= KILL_AFTER_LOG_BYTES else ""

    def counts() -> dict:
        totals = {}
        for model in BEFORE:
            tables = model._meta.db_table, model.history.model._meta.db_table
            totals[tables[0]] = tuple(query(f"SELECT count(*) FROM {table}")[0][0] for table in tables)
        return totals

    def integrity() -> list[str]:
        problems = [row[0] for row in query("PRAGMA integrity_check") if row[0] != "ok"]
        return problems + [f"foreign key: {row}" for row in query("PRAGMA foreign_key_check")]

    def empty_log() -> None:
        # The log starts empty: what it holds while the import runs is the import's own transaction.
        query("PRAGMA wal_checkpoint(TRUNCATE)")

    return Target(
        env=subprocess_env(var_dir),
        write_started=write_started,
        counts=counts,
        integrity=integrity,
        before_start=empty_log,
    )


def test_sqlite_import_killed_mid_write_keeps_all_rows_or_none(sqlite_var_dir, workbooks, tmp_path):
    check_all_or_nothing(sqlite_target(sqlite_var_dir), workbooks, tmp_path)


# --- PostgreSQL: the suite's own test database -----------------------------------------------------


def postgres_target(var_dir: Path) -> Target:
    config = connection.settings_dict
    name = f"ledger-kill-{uuid.uuid4().hex[:8]}"
    env = subprocess_env(var_dir, DATABASE_URL=postgres_url(config, config["NAME"]), PGAPPNAME=name)

    def backends(condition: str = "TRUE", column: str = "count(*)") -> list:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM pg_stat_activity WHERE application_name = %s AND {condition}", [name])
            return [row[0] for row in cursor.fetchall()]

    def write_started() -> str:
        # Rows being copied in (bureau.bulk writes with COPY) inside the import's open transaction,
        # which has written rows already (it holds a transaction id).
        queries = backends(
            "backend_xid IS NOT NULL AND query LIKE 'COPY %%'",
            "state || ': ' || left(query, 40)",
        )
        return queries[0] if queries else ""

    def after_kill() -> None:
        # The server finishes the statement it is running, notices the client is gone and rolls back.
        deadline = time.monotonic() + 60
        while backends()[0] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert backends()[0] == 0, "the killed import's database session did not end"

    def counts() -> dict:
        return {model._meta.db_table: (model.objects.count(), model.history.count()) for model in BEFORE}

    def integrity() -> list[str]:
        problems = []
        for model in BEFORE:
            orphans = model.history.exclude(id__in=model.objects.values("pk")).count()
            if orphans:
                problems.append(f"{orphans} history rows of {model._meta.db_table} without their record")
        return problems

    return Target(env=env, write_started=write_started, counts=counts, integrity=integrity, after_kill=after_kill)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="PostgreSQL: runs only when the suite runs on PostgreSQL (DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_import_killed_mid_write_keeps_all_rows_or_none(workbooks, tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    check_all_or_nothing(postgres_target(var_dir), workbooks, tmp_path)
