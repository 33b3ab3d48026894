"""The three roles: created by migration, permissions derived from the registry, demo users."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from bureau.devtools import demo
from bureau.registry import registry
from bureau.roles import ADMIN, LEADER, STAFF

pytestmark = pytest.mark.django_db


def codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


def test_the_three_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {ADMIN, STAFF, LEADER}


def test_leader_only_views():
    perms = codenames(LEADER)
    assert perms
    # Reading, downloading reports and proofreading a document write nothing to the ledger.
    allowed = {"download_report", "proofread_document"}
    assert all(code.startswith("view_") or code in allowed for _, code in perms), perms
    for rt in registry:
        assert (rt.app_label, f"view_{rt.model_name}") in perms


def test_staff_writes_records_but_not_lists_or_users():
    perms = codenames(STAFF)
    for rt in registry:
        for action in ("add", "change", "delete"):
            expected = not rt.is_list
            assert ((rt.app_label, f"{action}_{rt.model_name}") in perms) is expected, (rt.model_name, action)
    assert not any(app == "auth" for app, _ in perms)
    assert ("bureau", "import_ledger") not in perms


def test_admin_has_everything_including_users():
    perms = codenames(ADMIN)
    assert ("auth", "add_user") in perms
    assert ("bureau", "import_ledger") in perms
    assert ("bureau", "change_industry") in perms


def test_demo_users_get_their_roles_and_keep_existing_passwords(monkeypatch):
    monkeypatch.delenv("LEDGER_DEMO_PASSWORD", raising=False)
    password = demo.demo_users_create()
    assert password and len(password) >= 10
    User = get_user_model()
    assert User.objects.get(username="staff").groups.get().name == STAFF
    assert User.objects.get(username="leader").groups.get().name == LEADER
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="staff").check_password(password)
    # A second run creates nothing and prints no new password.
    assert demo.demo_users_create() is None
    assert User.objects.get(username="staff").check_password(password)


def test_demo_password_from_environment(monkeypatch, capsys):
    monkeypatch.setenv("LEDGER_DEMO_PASSWORD", "Demo-pass-2023")
    call_command("load_demo")
    assert get_user_model().objects.get(username="leader").check_password("Demo-pass-2023")
