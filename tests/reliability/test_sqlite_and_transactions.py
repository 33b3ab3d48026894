"""A file-based SQLite database under load: concurrent writers never lock each other out.

A process killed in the middle of a write: see test_killed_import.py.
"""

import json

from tests.reliability.conftest import run_python


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
