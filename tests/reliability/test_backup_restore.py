"""`manage.py backup` and `manage.py restore`: the round trip gives back every row and every attachment."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.reliability.conftest import DB_NAME, postgres_url, subprocess_env

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def run(args: list[str], var_dir: Path) -> subprocess.CompletedProcess:
    # The development settings: MEDIA_ROOT follows LEDGER_VAR_DIR (the test settings use a temporary one).
    env = subprocess_env(var_dir, DJANGO_SETTINGS_MODULE="bureau.settings.dev")
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300
    )


def all_rows(database: Path) -> dict[str, list]:
    """Every row of every table, in order: the record-by-record comparison."""
    db = sqlite3.connect(database)
    try:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {table: db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall() for table in tables}
    finally:
        db.close()


def media_files(var_dir: Path) -> dict[str, bytes]:
    media = var_dir / "media"
    return {str(path.relative_to(media)): path.read_bytes() for path in media.rglob("*") if path.is_file()}


@pytest.fixture
def populated(sqlite_var_dir) -> Path:
    result = run(["-m", "tests.reliability.workload", "populate"], sqlite_var_dir)
    assert result.returncode == 0, result.stderr
    return sqlite_var_dir


def test_round_trip_gives_back_every_row_and_file(populated, tmp_path):
    backup_dir = tmp_path / "backup"
    result = run([MANAGE, "backup", "--output", str(backup_dir)], populated)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((backup_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == "sqlite" and "database.sqlite3" in manifest["files"]
    assert sum(name.startswith("media/") for name in manifest["files"]) == len(media_files(populated))

    # A new server: an empty folder, no database yet.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = run([MANAGE, "restore", str(backup_dir)], fresh)
    assert result.returncode == 0, result.stderr
    assert "校验和与记录数均一致" in result.stdout

    original, restored = all_rows(populated / DB_NAME), all_rows(fresh / DB_NAME)
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert restored[table] == rows, table
    assert media_files(fresh) == media_files(populated)
    assert len(media_files(fresh)) >= 20


def test_restore_into_a_migrated_empty_database(populated, tmp_path):
    backup_dir = tmp_path / "backup"
    assert run([MANAGE, "backup", "--output", str(backup_dir)], populated).returncode == 0
    fresh = tmp_path / "migrated"
    fresh.mkdir()
    result = run([MANAGE, "migrate", "--noinput"], fresh)
    assert result.returncode == 0, result.stderr
    result = run([MANAGE, "restore", str(backup_dir)], fresh)
    assert result.returncode == 0, result.stderr
    assert all_rows(fresh / DB_NAME)["bureau_enterprise"] == all_rows(populated / DB_NAME)["bureau_enterprise"]


def test_restore_refuses_a_database_with_records(populated, tmp_path):
    backup_dir = tmp_path / "backup"
    assert run([MANAGE, "backup", "--output", str(backup_dir)], populated).returncode == 0
    before = all_rows(populated / DB_NAME)
    result = run([MANAGE, "restore", str(backup_dir)], populated)
    assert result.returncode != 0
    assert "目标数据库不是空的" in result.stderr
    assert all_rows(populated / DB_NAME) == before


def test_restore_refuses_a_damaged_backup(populated, tmp_path):
    backup_dir = tmp_path / "backup"
    assert run([MANAGE, "backup", "--output", str(backup_dir)], populated).returncode == 0
    attachment = next(path for path in (backup_dir / "media").rglob("*") if path.is_file())
    attachment.write_bytes(attachment.read_bytes() + b"tampered")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = run([MANAGE, "restore", str(backup_dir)], fresh)
    assert result.returncode != 0
    assert "校验和不符" in result.stderr
    assert not (fresh / DB_NAME).exists() or not all_rows(fresh / DB_NAME).get("bureau_enterprise")


def test_backup_refuses_a_non_empty_folder(populated, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("x")
    result = run([MANAGE, "backup", "--output", str(tmp_path / "backup")], populated)
    assert result.returncode != 0 and "不是空的" in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="PostgreSQL round trip: runs only when the suite runs on PostgreSQL (DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_round_trip_with_pg_dump(admin_user, tmp_path):
    """Back up the (committed) test database with pg_dump, restore into a new database, compare every table."""
    import psycopg

    from bureau.restore.backup import backup_create
    from tests.reliability.builders import one_of_each

    one_of_each(user=admin_user)
    backup_create(output=tmp_path / "backup")
    config = connection.settings_dict
    target = f"{config['NAME']}_restore"
    params = {
        k: v
        for k, v in {
            "host": config["HOST"],
            "port": config["PORT"],
            "user": config["USER"],
            "password": config["PASSWORD"],
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": postgres_url(config, target),
            "DJANGO_SETTINGS_MODULE": "bureau.settings.test",
        }
        result = subprocess.run(
            [sys.executable, MANAGE, "restore", str(tmp_path / "backup")],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        with (
            psycopg.connect(dbname=config["NAME"], **params) as source,
            psycopg.connect(dbname=target, **params) as copy,
        ):
            tables = [row[0] for row in source.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            for table in tables:
                query = f'SELECT * FROM "{table}" ORDER BY 1'
                assert copy.execute(query).fetchall() == source.execute(query).fetchall(), table
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
