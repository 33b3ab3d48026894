"""The same promises on PostgreSQL: backups taken while clerks save restore with matching counts, and a restore
that fails (before or after writing) leaves the target as it was. Runs only when the suite runs on PostgreSQL."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bureau import services
from bureau.models import Enterprise
from bureau.restore.backup import backup_create, sha256
from tests.reliability.builders import one_of_each
from tests.reliability.conftest import postgres_url

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="PostgreSQL only (DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def server_params() -> dict:
    config = connection.settings_dict
    keys = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    return {name: config[key] for name, key in keys.items() if config[key]}


@pytest.fixture
def target_database():
    """A new, empty database on the same server (with one table of its own, to see that it is left alone)."""
    import psycopg

    name = f"{connection.settings_dict['NAME']}_target"
    with psycopg.connect(dbname="postgres", autocommit=True, **server_params()) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(dbname=name, autocommit=True, **server_params()) as target:
        target.execute("CREATE TABLE kept (note text)")
        target.execute("INSERT INTO kept VALUES ('恢复前就有')")
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **server_params()) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tables_of(name: str) -> dict[str, list]:
    import psycopg

    with psycopg.connect(dbname=name, **server_params()) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in sorted(tables)}


def restore(backup_dir: Path, database: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(connection.settings_dict, database),
        "DJANGO_SETTINGS_MODULE": "bureau.settings.test",
    }
    return subprocess.run(
        [sys.executable, MANAGE, "restore", str(backup_dir)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_backup_taken_while_clerks_save_restores(admin_user, tmp_path, target_database):
    stop = threading.Event()
    saved: list[int] = []
    errors: list[str] = []

    def clerk(worker: int) -> None:
        try:
            number = 0
            while not stop.is_set():
                unit = services.record_save(instance=Enterprise(name=f"并发单位{worker}-{number}"), user=None)
                unit.note = "保存后又修改"
                services.record_save(instance=unit, user=None, expected_version=unit.version)
                saved.append(worker)
                number += 1
        except Exception as error:  # every failure is reported
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    clerks = [threading.Thread(target=clerk, args=(worker,)) for worker in range(4)]
    for thread in clerks:
        thread.start()
    manifests = []
    try:
        for number in range(4):
            before = len(saved)
            manifests.append(backup_create(output=tmp_path / f"backup-{number}"))
            while len(saved) == before and not errors:
                stop.wait(0.01)
    finally:
        stop.set()
        for thread in clerks:
            thread.join()
    assert errors == []
    units = [manifest["counts"]["bureau.enterprise"] for manifest in manifests]
    assert units == sorted(set(units)) and len(saved) > units[-1] - units[0] > 0
    for number, manifest in enumerate(manifests):
        result = restore(tmp_path / f"backup-{number}", target_database)
        assert result.returncode == 0, result.stderr
        assert len(tables_of(target_database)["bureau_enterprise"]) == manifest["counts"]["bureau.enterprise"]
        # Back to an empty target for the next backup.
        import psycopg

        with psycopg.connect(dbname=target_database, autocommit=True, **server_params()) as db:
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")


def rewrite_manifest(backup_dir: Path, change) -> None:
    path = backup_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    manifest["files"]["database.dump"] = sha256(backup_dir / "database.dump")
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def truncate_dump(backup_dir: Path) -> None:
    dump = backup_dir / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    rewrite_manifest(backup_dir, lambda manifest: None)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda backup_dir: (backup_dir / "database.dump").write_bytes(b"PGDMP garbage"), "校验和不符"),
        (truncate_dump, "无法读取"),
        (
            lambda backup_dir: rewrite_manifest(
                backup_dir, lambda manifest: manifest["migrations"].append("bureau.9999_from_a_newer_release")
            ),
            "比当前版本新",
        ),
        # Every table is written before this one is found wrong: the whole transaction is rolled back.
        (
            lambda backup_dir: rewrite_manifest(
                backup_dir, lambda manifest: manifest["counts"].update({"bureau.enterprise": 999})
            ),
            "记录数或结构版本与清单不符",
        ),
    ],
    ids=["bad-checksum", "truncated-dump", "newer-schema", "fails-after-writing"],
)
def test_a_failed_restore_leaves_the_target_as_it_was(admin_user, tmp_path, target_database, damage, message):
    one_of_each(user=admin_user)
    good, bad = backup_create(output=tmp_path / "good"), tmp_path / "bad"
    backup_create(output=bad)
    damage(bad)
    before = tables_of(target_database)
    result = restore(bad, target_database)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert tables_of(target_database) == before
    result = restore(tmp_path / "good", target_database)
    assert result.returncode == 0, result.stderr
    restored = tables_of(target_database)
    assert len(restored["bureau_enterprise"]) == good["counts"]["bureau.enterprise"]
    assert restored["kept"] == before["kept"]


def test_restore_into_a_migrated_empty_database(admin_user, tmp_path, target_database):
    one_of_each(user=admin_user)
    manifest = backup_create(output=tmp_path / "backup")
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(connection.settings_dict, target_database),
        "DJANGO_SETTINGS_MODULE": "bureau.settings.test",
    }
    migrated = subprocess.run(
        [sys.executable, MANAGE, "migrate", "--noinput"], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    result = restore(tmp_path / "backup", target_database)
    assert result.returncode == 0, result.stderr
    restored = tables_of(target_database)
    assert len(restored["bureau_enterprise"]) == manifest["counts"]["bureau.enterprise"]
    assert len(restored["auth_user"]) == manifest["counts"]["auth.user"]
