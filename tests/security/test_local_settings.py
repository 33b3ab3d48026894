"""`make run` serves as a bureau's own machine would: DEBUG off, the app's own error pages, one time zone in the log."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def local_env(var_dir: Path) -> dict:
    """What `make run` gives its commands: no SECRET_KEY, no DEBUG, SQLite in var_dir."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="bureau.settings.local", LEDGER_VAR_DIR=str(var_dir))
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300
    )


def test_make_run_serves_with_the_local_settings():
    dry_run = subprocess.run(
        ["make", "-n", "-s", "run"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    gunicorn = [line for line in dry_run.stdout.splitlines() if "gunicorn bureau.wsgi" in line]
    assert len(gunicorn) == 1, dry_run.stdout + dry_run.stderr
    assert "DJANGO_SETTINGS_MODULE=bureau.settings.local" in gunicorn[0]
    # gunicorn's own lines and the app's lines are written in the app's time zone.
    assert gunicorn[0].startswith(f"TZ={settings.TIME_ZONE} ")


MISSING_PAGE_SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.test import Client
response = Client(HTTP_HOST="127.0.0.1").get("/importexport/no-such-import/")
print(settings.DEBUG, response.status_code)
print(response.content.decode())
"""


def test_a_missing_url_gets_the_apps_own_404_page(tmp_path):
    env = local_env(tmp_path)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        result = run([str(MANAGE), *command], env)
        assert result.returncode == 0, result.stdout + result.stderr
    result = run(["-c", MISSING_PAGE_SCRIPT], env)
    assert result.returncode == 0, result.stderr
    first, page = result.stdout.split("\n", 1)
    assert first == "False 404"
    assert "页面不存在（404）" in page
    assert "URLconf" not in page and "urlpatterns" not in page
    # The secret key made on first run is kept, private, so sessions survive a restart.
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert len(key_file.read_text().strip()) >= 50
