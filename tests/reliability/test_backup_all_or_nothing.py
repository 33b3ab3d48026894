"""Backups taken while clerks save restore with matching counts; a restore that fails leaves the target as it was."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.reliability.conftest import DB_NAME, run_python
from tests.reliability.test_backup_restore import MANAGE, all_rows, run


def backup_of(var_dir: Path, output: Path) -> Path:
    result = run([MANAGE, "backup", "--output", str(output)], var_dir)
    assert result.returncode == 0, result.stderr
    return output


def rewrite_manifest(backup_dir: Path, change) -> None:
    """Edit the manifest (and refresh the database file's checksum), as a damaged or foreign backup would be."""
    from bureau.restore.backup import sha256

    path = backup_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    manifest["files"]["database.sqlite3"] = sha256(backup_dir / "database.sqlite3")
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def units(database: Path) -> int:
    db = sqlite3.connect(database)
    try:
        return db.execute("SELECT count(*) FROM bureau_enterprise").fetchone()[0]
    finally:
        db.close()


def copy_database(source: Path, var_dir: Path) -> Path:
    """A var dir holding a copy of `source` (the backup API copies the WAL contents too)."""
    var_dir.mkdir()
    origin, target = sqlite3.connect(source), sqlite3.connect(var_dir / DB_NAME)
    origin.backup(target)
    origin.close()
    target.close()
    return var_dir


@pytest.fixture(scope="module")
def ledger(migrated_sqlite_template, tmp_path_factory) -> tuple[Path, Path]:
    """A small ledger with attachments and its backup, shared by the tests that only read them."""
    var_dir = copy_database(migrated_sqlite_template, tmp_path_factory.mktemp("ledger") / "var")
    result = run(["-m", "tests.reliability.workload", "populate"], var_dir)
    assert result.returncode == 0, result.stderr
    return var_dir, backup_of(var_dir, tmp_path_factory.mktemp("ledger-backup") / "backup")


@pytest.fixture
def populated(ledger) -> Path:
    return ledger[0]


@pytest.fixture
def good_backup(ledger, tmp_path) -> Path:
    """A private copy of the ledger's backup, free to damage."""
    copy = tmp_path / "backup"
    shutil.copytree(ledger[1], copy)
    return copy


@pytest.fixture
def migrated_target(migrated_sqlite_template, tmp_path) -> Path:
    """Another server's var dir with a migrated, empty database: what a restore writes into."""
    return copy_database(migrated_sqlite_template, tmp_path / "target")


def test_every_backup_taken_while_clerks_save_restores(sqlite_var_dir, tmp_path):
    result = run_python(
        ["-m", "tests.reliability.backup_drivers", "load", str(tmp_path / "backups"), "4"], sqlite_var_dir
    )
    assert result.returncode == 0, result.stderr
    load = json.loads(result.stdout.strip().splitlines()[-1])
    assert load["errors"] == []
    # The clerks really were saving between the backups: each snapshot holds more units than the last.
    assert load["units"] == sorted(set(load["units"])) and load["saved"] > load["units"][-1] - load["units"][0] > 0
    for number, backup_dir in enumerate(load["backups"]):
        fresh = tmp_path / f"fresh-{number}"
        fresh.mkdir()
        restored = run([MANAGE, "restore", backup_dir], fresh)
        assert restored.returncode == 0, restored.stderr
        assert units(fresh / DB_NAME) == load["units"][number]


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda backup_dir: (backup_dir / "database.sqlite3").write_bytes(b"SQLite format 3\0garbage"), "校验和不符"),
        (
            lambda backup_dir: (
                (backup_dir / "database.sqlite3").write_bytes((backup_dir / "database.sqlite3").read_bytes()[:60000]),
                rewrite_manifest(backup_dir, lambda manifest: None),
            ),
            "备份数据库文件",
        ),
        (
            lambda backup_dir: rewrite_manifest(
                backup_dir, lambda manifest: manifest["migrations"].append("bureau.9999_from_a_newer_release")
            ),
            "比当前版本新",
        ),
        (
            lambda backup_dir: rewrite_manifest(
                backup_dir, lambda manifest: manifest["counts"].update({"bureau.enterprise": 999})
            ),
            "记录数与清单不符：bureau.enterprise",
        ),
    ],
    ids=["bad-checksum", "truncated-database", "newer-schema", "counts-disagree"],
)
def test_a_refused_backup_leaves_the_target_as_it_was(
    populated, good_backup, migrated_target, tmp_path, damage, message
):
    good, bad = good_backup, tmp_path / "bad"
    shutil.copytree(good, bad)
    damage(bad)
    before = all_rows(migrated_target / DB_NAME)
    result = run([MANAGE, "restore", str(bad)], migrated_target)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert all_rows(migrated_target / DB_NAME) == before
    # The target is still empty, so the good backup restores at the second try.
    result = run([MANAGE, "restore", str(good)], migrated_target)
    assert result.returncode == 0, result.stderr
    assert all_rows(migrated_target / DB_NAME) == all_rows(populated / DB_NAME)


def test_a_restore_failing_half_way_leaves_the_target_as_it_was(populated, good_backup, migrated_target):
    backup_dir = good_backup
    before = all_rows(migrated_target / DB_NAME)
    result = run(["-m", "tests.reliability.backup_drivers", "failing_restore", str(backup_dir)], migrated_target)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["failed"] and "目标数据库未改变" in outcome["message"]
    assert all_rows(migrated_target / DB_NAME) == before
    assert not [path for path in migrated_target.rglob("*") if path.is_file() and path.name != DB_NAME]
    result = run([MANAGE, "restore", str(backup_dir)], migrated_target)
    assert result.returncode == 0, result.stderr
    assert all_rows(migrated_target / DB_NAME) == all_rows(populated / DB_NAME)


def test_a_backup_from_an_older_release_restores_and_asks_for_migrate(populated, good_backup, migrated_target):
    backup_dir = good_backup
    db = sqlite3.connect(backup_dir / "database.sqlite3")
    app, name = db.execute("SELECT app, name FROM django_migrations WHERE app = 'bureau' ORDER BY id DESC").fetchone()
    db.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", (app, name))
    db.commit()
    db.close()
    rewrite_manifest(backup_dir, lambda manifest: manifest["migrations"].remove(f"{app}.{name}"))
    result = run([MANAGE, "restore", str(backup_dir)], migrated_target)
    assert result.returncode == 0, result.stderr
    assert "请运行 manage.py migrate" in result.stdout
    assert units(migrated_target / DB_NAME) == units(populated / DB_NAME)


# Committed data, as the command sees it: SQLite's backup API waits forever on a connection inside a test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_that_fails_half_way_leaves_no_partial_backup(tmp_path, monkeypatch):
    from bureau.restore import backup

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.shutil, "copytree", disk_full)  # the attachments, after the database copy
    with pytest.raises(backup.BackupError, match="备份失败，未留下不完整的备份"):
        backup.backup_create(output=tmp_path / "backup")
    assert list((tmp_path / "backup").iterdir()) == []
