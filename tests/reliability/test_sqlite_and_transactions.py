"""A file-based SQLite database under faults and load: a killed transaction leaves nothing, writers never lock out."""

import json
import signal
import sqlite3
import subprocess
import sys

from django.conf import settings

from tests.reliability.conftest import DB_NAME, run_python, subprocess_env

BULK_ROWS = 3000


def count_bulk_units(var_dir) -> tuple[int, str]:
    connection = sqlite3.connect(var_dir / DB_NAME)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        count = connection.execute("SELECT count(*) FROM bureau_enterprise WHERE name LIKE '批量单位%'").fetchone()[0]
        history = connection.execute(
            "SELECT count(*) FROM bureau_historicalenterprise WHERE name LIKE '批量单位%'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert history == count, "every record has its history row, and no history row outlives its record"
    return count, integrity


def test_sigkill_in_the_middle_of_a_large_write_leaves_nothing(sqlite_var_dir):
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.workload", "bulk", str(BULK_ROWS)],
        env=subprocess_env(sqlite_var_dir),
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        # Kill once a third of the rows are written (still inside the one transaction).
        for line in process.stdout:
            if json.loads(line).get("progress", 0) >= BULK_ROWS // 3:
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    count, integrity = count_bulk_units(sqlite_var_dir)
    assert integrity == "ok"
    assert count == 0


def test_the_same_write_uninterrupted_keeps_everything(sqlite_var_dir):
    result = run_python(["-m", "tests.reliability.workload", "bulk", str(BULK_ROWS)], sqlite_var_dir)
    assert result.returncode == 0, result.stderr
    count, integrity = count_bulk_units(sqlite_var_dir)
    assert (count, integrity) == (BULK_ROWS, "ok")


def run_threads(var_dir, mode: str) -> dict:
    result = run_python(["-m", "tests.reliability.workload", "threads", "8", "15", mode], var_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_concurrent_writers_never_see_database_is_locked(sqlite_var_dir):
    outcome = run_threads(sqlite_var_dir, "IMMEDIATE")
    assert outcome["errors"] == []
    assert outcome["units"] == 8 * 15
    # Every read-modify-write of the shared unit survived: none overwrote another.
    assert outcome["shared_edits"] == 8 * 15
    assert outcome["shared_version"] == 1 + 8 * 15


def test_control_deferred_transactions_do_lock(sqlite_var_dir):
    """Without IMMEDIATE, a read that turns into a write fails at once: the test above would notice a regression."""
    outcome = run_threads(sqlite_var_dir, "DEFERRED")
    assert outcome["error_count"] > 0
    assert any("database is locked" in error for error in outcome["errors"])
