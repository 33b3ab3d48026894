"""One machine serving the ledger to its users: `make run`. DEBUG off, plain HTTP, WhiteNoise, SQLite by default.

What a user sees is the app's own 404 and 500 pages, never Django's technical pages with every URL of the app;
DEBUG stays for `manage.py runserver` in development (bureau.settings.dev).
"""

import secrets

from . import base
from .base import *  # noqa: F403

DEBUG = False


def local_secret_key() -> str:
    """SECRET_KEY from the environment, else one made on first run and kept in var/ (sessions survive restarts)."""
    if base.SECRET_KEY:
        return base.SECRET_KEY
    path = base.VAR_DIR / "secret_key"
    if not path.exists():
        base.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = local_secret_key()
