"""Whole-ledger backup and restore: a consistent database copy, the attachments, and a manifest of checksums.

A backup folder holds `database.sqlite3` (SQLite online backup API) or `database.dump` (pg_dump custom
format), `media/` (the attachments) and `manifest.json` (sha256 of every file, row counts per record type and
the applied migrations). The counts and migrations are read from the snapshot itself, never from the live
database afterwards, so a backup taken while clerks save still agrees with its own manifest.

A restore is all-or-nothing: everything is checked before the target is touched, the database is written in
one transaction that checks the counts before it commits, and the attachments are moved into place only after.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.utils import DatabaseError

from bureau.registry import registry

MANIFEST = "manifest.json"
# 2 added "migrations" (the schema version); 1 is still restored, without that check.
FORMAT_VERSION = 2
READABLE_FORMATS = {1, 2}
# Rows the SQLite backup API copies per step while restoring; between steps the write transaction stays open.
RESTORE_PAGES_PER_STEP = 256


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    return vendor


def counted_tables() -> dict[str, str]:
    """Manifest key → table: every registered record type, its history, and the users."""
    tables = {}
    for record_type in registry:
        model = record_type.model
        tables[model._meta.label_lower] = model._meta.db_table
        tables[f"{model._meta.label_lower}#history"] = model.history.model._meta.db_table
    tables["auth.user"] = get_user_model()._meta.db_table
    return tables


def _quote(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def snapshot_state(execute: Callable[[str], list[tuple]], keys=None) -> tuple[dict[str, int], list[str]]:
    """Row counts (of `keys`, default all) and applied migrations read through `execute` (one query → rows),
    i.e. from one snapshot."""
    tables = counted_tables()
    counts = {key: execute(f"SELECT count(*) FROM {_quote(tables[key])}")[0][0] for key in keys or tables}
    rows = execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = [f"{app}.{name}" for app, name in rows]
    return counts, migrations


def _cursor_executor(cursor) -> Callable[[str], list[tuple]]:
    def execute(sql: str) -> list[tuple]:
        cursor.execute(sql)
        return cursor.fetchall()

    return execute


def record_counts(alias: str = DEFAULT_DB_ALIAS, keys=None) -> dict[str, int]:
    """Rows per registered record type and in its history: what a restore must give back."""
    with connections[alias].cursor() as cursor:
        return snapshot_state(_cursor_executor(cursor), keys)[0]


def pg_environment(alias: str) -> tuple[list[str], dict]:
    """pg_dump/pg_restore/psql connection arguments; the password goes through the environment, not the command line."""
    config = connections[alias].settings_dict
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            arguments += [option, str(config[key])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return arguments, env


def _backup_sqlite(alias: str, database_file: Path) -> tuple[dict[str, int], list[str]]:
    connection = connections[alias]
    connection.ensure_connection()
    # The online backup API copies a consistent snapshot (WAL included) in one step while others keep writing;
    # the counts are then read from the copy, which nobody else writes.
    target = sqlite3.connect(database_file)
    try:
        connection.connection.backup(target)
        return snapshot_state(_cursor_executor(target.cursor()))
    finally:
        target.close()


def _backup_postgresql(alias: str, database_file: Path) -> tuple[dict[str, int], list[str]]:
    connection = connections[alias]
    # A connection of our own, so the snapshot transaction is not mixed with the caller's.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            # pg_dump reads the exported snapshot; the counts are read in the same transaction, so they agree.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            arguments, env = pg_environment(alias)
            result = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    *arguments,
                    "--file",
                    str(database_file),
                    connection.settings_dict["NAME"],
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
            state = snapshot_state(_cursor_executor(cursor))
        raw.rollback()
        return state
    finally:
        raw.close()


def _write_copies(vendor: str, alias: str, output: Path) -> tuple[Path, dict[str, int], list[str]]:
    """The database snapshot (with the counts read from it), then the attachments: a row in the snapshot has its
    file already written, since an attachment's file is stored before its row."""
    if vendor == "sqlite":
        database_file = output / "database.sqlite3"
        counts, migrations = _backup_sqlite(alias, database_file)
    else:
        database_file = output / "database.dump"
        counts, migrations = _backup_postgresql(alias, database_file)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.copytree(media_root, output / "media", dirs_exist_ok=True)
    return database_file, counts, migrations


def backup_create(*, output: Path, alias: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a backup into `output` (created; must be empty) and return its manifest."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"备份目录 {output} 不是空的，请指定一个新目录。")
    vendor = engine(alias)
    output.mkdir(parents=True, exist_ok=True)
    try:
        database_file, counts, migrations = _write_copies(vendor, alias, output)
    except BaseException as error:
        # The folder was empty: what is in it now is a partial backup, which must not pass for one.
        for path in list(output.iterdir()):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        if isinstance(error, OSError | DatabaseError | sqlite3.Error):
            raise BackupError(f"备份失败，未留下不完整的备份：{error}") from error
        raise
    files = {str(path.relative_to(output)): sha256(path) for path in sorted(output.rglob("*")) if path.is_file()}
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": vendor,
        "database": database_file.name,
        "counts": counts,
        "migrations": migrations,
        "files": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def backup_verify(*, source: Path) -> dict:
    """Read a backup's manifest, check every file's checksum and that this code knows its schema; returns it."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} 不是有效的备份目录（缺少或无法读取 {MANIFEST}）。") from error
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE_FORMATS:
        raise BackupError("备份格式版本不受支持。")
    try:
        files, counts, database = manifest["files"], manifest["counts"], manifest["database"]
    except KeyError as error:
        raise BackupError(f"备份清单不完整：缺少 {error.args[0]}。") from error
    if database not in files:
        raise BackupError(f"备份不完整：清单中没有数据库文件 {database}。")
    # An older backup may lack a record type added since (migrate creates its table); a type this code
    # does not know means the backup comes from a newer release.
    if set(counts) - set(counted_tables()):
        raise BackupError("备份中有当前版本没有的记录类型，请用生成该备份的版本恢复。")
    for name, checksum in files.items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"备份不完整：缺少文件 {name}。")
        if sha256(path) != checksum:
            raise BackupError(f"备份文件已损坏（校验和不符）：{name}。")
    if "migrations" in manifest:
        known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise BackupError(
                f"备份的数据库结构比当前版本新（当前版本没有迁移 {'，'.join(unknown[:3])}），请用生成该备份的版本恢复。"
            )
    return manifest


def database_is_empty(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """No users and no ledger records (editable lists seeded by migrations do not count)."""
    tables = set(connections[alias].introspection.table_names())
    if not tables:
        return True
    try:
        if get_user_model()._meta.db_table in tables and get_user_model()._default_manager.using(alias).exists():
            return False
        for record_type in registry:
            model = record_type.model
            if record_type.is_list or model._meta.db_table not in tables:
                continue
            if model._default_manager.using(alias).exists() or model.history.using(alias).exists():
                return False
    except DatabaseError:
        return False
    return True


def _differences(found: dict[str, int], expected: dict[str, int]) -> str:
    return "，".join(sorted(key for key in expected if found.get(key) != expected[key]))


def restore_progress(status: int, remaining: int, total: int) -> None:
    """Called between the steps of a SQLite restore; a hook for tests that inject a failure mid-restore."""


def _check_sqlite_copy(path: Path, manifest: dict) -> None:
    """The copied backup database is sound and holds what the manifest says, before the target is touched."""
    try:
        copy = sqlite3.connect(path)
        try:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("备份数据库文件已损坏（完整性检查未通过）。")
            counts, migrations = snapshot_state(_cursor_executor(copy.cursor()), manifest["counts"])
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"备份数据库文件无法读取：{error}。") from error
    if counts != manifest["counts"]:
        raise BackupError("备份数据库的记录数与清单不符：" + _differences(counts, manifest["counts"]))
    if "migrations" in manifest and migrations != sorted(manifest["migrations"]):
        raise BackupError("备份数据库的结构版本（迁移记录）与清单不符。")


def _restore_sqlite(alias: str, database_file: Path, manifest: dict) -> None:
    connection = connections[alias]
    target_name = Path(connection.settings_dict["NAME"])
    with tempfile.TemporaryDirectory(prefix="ledger-restore-") as work:
        copy = Path(work) / "database.sqlite3"
        shutil.copyfile(database_file, copy)
        _check_sqlite_copy(copy, manifest)
        connection.close()
        if str(target_name) != ":memory:":
            target_name.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        source = sqlite3.connect(copy)
        try:
            # The backup API holds one write transaction on the target until the last page: if it stops
            # half way (an error, a kill), SQLite rolls the target back to what it was.
            source.backup(connection.connection, pages=RESTORE_PAGES_PER_STEP, progress=restore_progress)
        except (sqlite3.Error, OSError) as error:
            raise BackupError(f"恢复数据库失败，目标数据库未改变：{error}。") from error
        finally:
            source.close()


def _restore_postgresql(alias: str, database_file: Path, manifest: dict) -> None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
    connection.close()
    arguments, env = pg_environment(alias)
    with tempfile.TemporaryDirectory(prefix="ledger-restore-") as work:
        script = Path(work) / "restore.sql"
        # First the whole dump is read into a script: a truncated or unreadable dump fails here, before any write.
        result = subprocess.run(
            [
                *("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"),
                *("--file", str(script), str(database_file)),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"备份数据库文件无法读取（pg_restore）：{result.stderr.strip()}")
        with script.open("a", encoding="utf-8") as handle:
            handle.write(_count_check_sql(schema, manifest))
        # One transaction: the script, then the count check; any error rolls all of it back.
        result = subprocess.run(
            [
                *("psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1", *arguments),
                *("--dbname", connection.settings_dict["NAME"], "--file", str(script)),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if result.returncode != 0:
            message = result.stderr.strip()
            if "LEDGER_COUNT_MISMATCH" in message:
                raise BackupError("备份数据库的记录数或结构版本与清单不符，目标数据库未改变。")
            raise BackupError(f"恢复数据库失败，目标数据库未改变：{message}")


def _count_check_sql(schema: str, manifest: dict) -> str:
    """A block run last in the restore transaction: it raises (rolling everything back) when a count differs."""
    tables = counted_tables()
    checks = [
        f"IF (SELECT count(*) FROM {_quote(schema)}.{_quote(tables[key])}) <> {int(expected)} THEN "
        f"RAISE EXCEPTION 'LEDGER_COUNT_MISMATCH {key}'; END IF;"
        for key, expected in manifest["counts"].items()
    ]
    if "migrations" in manifest:
        checks.append(
            f"IF (SELECT count(*) FROM {_quote(schema)}.django_migrations) <> {len(manifest['migrations'])} THEN "
            "RAISE EXCEPTION 'LEDGER_COUNT_MISMATCH django_migrations'; END IF;"
        )
    return "\nDO $ledger_check$ BEGIN\n" + "\n".join(checks) + "\nEND $ledger_check$;\n"


def _stage_media(source: Path, media_root: Path) -> Path | None:
    """Copy the backup's attachments beside MEDIA_ROOT (same file system), to be moved in by renames only."""
    media = source / "media"
    if not media.exists():
        return None
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-media-", dir=media_root.parent))
    shutil.copytree(media, staging, dirs_exist_ok=True)
    return staging


def _move_media(staging: Path, media_root: Path) -> None:
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            destination = media_root / path.relative_to(staging)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)


def backup_restore(*, source: Path, alias: str = DEFAULT_DB_ALIAS) -> dict:
    """Restore a verified backup into an empty database and the attachments folder; returns the restored counts.

    On any failure the target database and attachments are as they were, so the same restore can be tried again.
    """
    source = Path(source)
    manifest = backup_verify(source=source)
    vendor = engine(alias)
    if manifest["engine"] != vendor:
        raise BackupError(f"该备份来自 {manifest['engine']} 数据库，不能恢复到 {vendor} 数据库。")
    if not database_is_empty(alias):
        raise BackupError("目标数据库不是空的（已有用户或台账记录），为防止覆盖数据，拒绝恢复。")
    database_file = source / manifest["database"]
    media_root = Path(settings.MEDIA_ROOT)
    staging = _stage_media(source, media_root)
    try:
        if vendor == "sqlite":
            _restore_sqlite(alias, database_file, manifest)
        else:
            _restore_postgresql(alias, database_file, manifest)
        if staging is not None:
            _move_media(staging, media_root)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    connections[alias].close()
    counts = record_counts(alias, manifest["counts"])
    if counts != manifest["counts"]:
        raise BackupError("恢复后的记录数与备份清单不符：" + _differences(counts, manifest["counts"]))
    return counts
