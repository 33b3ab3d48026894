"""Whole-ledger backup and restore: a consistent database copy, the attachments, and a manifest of checksums.

A backup folder holds `database.sqlite3` (SQLite online backup API) or `database.dump` (pg_dump custom
format), `media/` (the attachments) and `manifest.json` (sha256 of every file, row counts per record type).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError

from bureau.registry import registry

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


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


def record_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per registered record type and in its history: what a restore must give back."""
    counts = {}
    for record_type in registry:
        model = record_type.model
        counts[model._meta.label_lower] = model._default_manager.using(alias).count()
        counts[f"{model._meta.label_lower}#history"] = model.history.using(alias).count()
    counts["auth.user"] = get_user_model()._default_manager.using(alias).count()
    return counts


def pg_environment(alias: str) -> tuple[list[str], dict]:
    """pg_dump/pg_restore connection arguments; the password goes through the environment, not the command line."""
    config = connections[alias].settings_dict
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            arguments += [option, str(config[key])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return arguments, env


def backup_create(*, output: Path, alias: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a backup into `output` (created; must be empty) and return its manifest."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"备份目录 {output} 不是空的，请指定一个新目录。")
    output.mkdir(parents=True, exist_ok=True)
    vendor = engine(alias)
    connection = connections[alias]
    if vendor == "sqlite":
        database_file = output / "database.sqlite3"
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot (WAL included) while others keep writing.
        target = sqlite3.connect(database_file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        database_file = output / "database.dump"
        arguments, env = pg_environment(alias)
        name = connection.settings_dict["NAME"]
        result = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *arguments,
                "--file",
                str(database_file),
                name,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.copytree(media_root, output / "media", dirs_exist_ok=True)
    files = {str(path.relative_to(output)): sha256(path) for path in sorted(output.rglob("*")) if path.is_file()}
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": vendor,
        "database": database_file.name,
        "counts": record_counts(alias),
        "files": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def backup_verify(*, source: Path) -> dict:
    """Read a backup's manifest and check every file's checksum; returns the manifest."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} 不是有效的备份目录（缺少或无法读取 {MANIFEST}）。") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("备份格式版本不受支持。")
    for name, checksum in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"备份不完整：缺少文件 {name}。")
        if sha256(path) != checksum:
            raise BackupError(f"备份文件已损坏（校验和不符）：{name}。")
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


def backup_restore(*, source: Path, alias: str = DEFAULT_DB_ALIAS) -> dict:
    """Restore a verified backup into an empty database and the attachments folder; returns the restored counts."""
    source = Path(source)
    manifest = backup_verify(source=source)
    vendor = engine(alias)
    if manifest["engine"] != vendor:
        raise BackupError(f"该备份来自 {manifest['engine']} 数据库，不能恢复到 {vendor} 数据库。")
    if not database_is_empty(alias):
        raise BackupError("目标数据库不是空的（已有用户或台账记录），为防止覆盖数据，拒绝恢复。")
    connection = connections[alias]
    database_file = source / manifest["database"]
    if vendor == "sqlite":
        connection.ensure_connection()
        backup_source = sqlite3.connect(database_file)
        try:
            backup_source.backup(connection.connection)
        finally:
            backup_source.close()
    else:
        arguments, env = pg_environment(alias)
        connection.close()
        result = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *arguments,
                "--dbname",
                connection.settings_dict["NAME"],
                str(database_file),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
    media = source / "media"
    if media.exists():
        shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    connection.close()
    counts = record_counts(alias)
    if counts != manifest["counts"]:
        differing = sorted(key for key in manifest["counts"] if counts.get(key) != manifest["counts"][key])
        raise BackupError("恢复后的记录数与备份清单不符：" + "、".join(differing))
    return counts
