"""Shared fixtures: users and logged-in clients for each role, the demo ledger, Chromium for browser tests."""

import importlib
import os
import shutil

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from bureau.roles import ADMIN, LEADER, STAFF

# Playwright drives the browser from a thread with a running event loop; Django's ORM
# refuses that unless told it is safe (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Ledger-test-2023!"


def make_user(django_user_model, username: str, role: str | None, **extra):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def admin_user(db, django_user_model):
    return make_user(django_user_model, "admin", ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def staff_user(db, django_user_model):
    return make_user(django_user_model, "staff", STAFF)


@pytest.fixture
def leader_user(db, django_user_model):
    return make_user(django_user_model, "leader", LEADER)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user):
    return client_for(admin_user)


@pytest.fixture
def staff_client(staff_user):
    return client_for(staff_user)


@pytest.fixture
def leader_client(leader_user):
    return client_for(leader_user)


@pytest.fixture
def role_clients(admin_user, staff_user, leader_user):
    """Logged-in clients keyed by role name, plus an anonymous one."""
    return {
        "anonymous": Client(),
        "leader": client_for(leader_user),
        "staff": client_for(staff_user),
        "admin": client_for(admin_user),
    }


SEED_MIGRATIONS = (
    "bureau.migrations.0002_roles_and_lists",
    "projects.migrations.0002_programs",
    "awards.migrations.0003_talent_programs",
    "outreach.migrations.0002_outreach_kinds",
)


@pytest.fixture(autouse=True)
def seeded_after_flush(request):
    """Transactional tests flush the database; make sure what migrations seed is there again.

    serialized_rollback restores it in most orders, but not after every kind of earlier
    test in a full run; re-running the seeds (idempotent get_or_create) makes each
    transactional test independent of what ran before it.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.core.management.sql import emit_post_migrate_signal

    from projects.models import Program

    if Group.objects.exists() and Program.objects.exists():
        return
    for module in SEED_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)
    # Content types, permissions and the roles' permissions, as after migrate.
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


@pytest.fixture
def demo_ledger(db):
    """The 2023 demo ledger transcribed from the seed document."""
    from bureau.devtools import demo

    demo.demo_ledger_load()


# --- browser tests (pytest-playwright) ---------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not a downloaded build; no background networking on an offline machine.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def login(live_server, page):
    """`login(username)` logs the browser in through the real login form; returns the page."""

    def do_login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-button")
        page.wait_for_load_state()
        return page

    return do_login
