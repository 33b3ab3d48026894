"""A migrated file-based SQLite database for tests that need a real file (kill, threads, backup)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

DB_NAME = "ledger.sqlite3"


def subprocess_env(var_dir: Path, **extra) -> dict:
    """The test settings on SQLite in var_dir, whatever DATABASE_URL the suite itself runs with."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="bureau.settings.test", LEDGER_VAR_DIR=str(var_dir))
    env.update(extra)
    return env


def postgres_url(config: dict, name: str) -> str:
    """A DATABASE_URL for database `name` on the server of a Django connection's settings."""
    from urllib.parse import quote

    credentials = quote(config["USER"] or "") + (f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else "")
    host = config["HOST"] or "localhost"
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgresql://{credentials}@{host}{port}/{name}"


def run_python(args: list[str], var_dir: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        env=subprocess_env(var_dir),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    var_dir = tmp_path_factory.mktemp("sqlite-template")
    result = run_python([str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "--noinput"], var_dir)
    assert result.returncode == 0, result.stderr
    return var_dir / DB_NAME


@pytest.fixture
def sqlite_var_dir(migrated_sqlite_template, tmp_path) -> Path:
    """A fresh var dir holding a copy of the migrated SQLite database."""
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    import sqlite3

    # The backup API copies the WAL contents too; a plain file copy might miss them.
    source = sqlite3.connect(migrated_sqlite_template)
    target = sqlite3.connect(var_dir / DB_NAME)
    source.backup(target)
    source.close()
    target.close()
    shutil.copystat(migrated_sqlite_template, var_dir / DB_NAME)
    return var_dir
