"""The production settings, loaded in a subprocess with the documented environment (see README)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def production_env(var_dir: Path, **extra) -> dict:
    """Only what a production server has: no test-only variables (DJANGO_ALLOW_ASYNC_UNSAFE …), SQLite in var_dir."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="bureau.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="ledger.example.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://ledger.example.gov.cn",
        LEDGER_VAR_DIR=str(var_dir),
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_has_no_warnings(tmp_path):
    result = run([str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = run([str(MANAGE), "check"], production_env(tmp_path, SECRET_KEY="dev-short"))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# Home redirects an anonymous visitor to the login page before touching the database or a template,
# so the headers can be read without migrating or collecting static files.
HEADERS_SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="ledger.example.gov.cn")
plain = client.get("/")
secure = client.get("/", secure=True)
print(json.dumps({"plain": [plain.status_code, plain.get("Location", "")], "secure": dict(secure.headers),
                  "secure_status": secure.status_code}))
"""


@pytest.mark.parametrize("https", [True, False], ids=["https", "intranet-http"])
def test_production_headers(tmp_path, https):
    env = production_env(tmp_path, LEDGER_HTTPS="1" if https else "0")
    result = run(["-c", HEADERS_SCRIPT], env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["secure"]
    assert answer["secure_status"] == 302
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    if https:
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert answer["plain"][0] == 301 and answer["plain"][1].startswith("https://")
    else:
        assert "Strict-Transport-Security" not in headers
        assert answer["plain"][0] == 302
