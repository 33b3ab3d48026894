"""Every URL × {anonymous, leader, staff, admin} × {GET, POST}: login redirect, 403 or success, never a 500.

URLs come from the resolver, so a page added tomorrow is in the matrix without touching this file.
Each request runs in a rolled-back transaction, so a POST that deletes does not disturb the next one.
"""

import secrets

import pytest
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from bureau.models import Attachment
from tests.reliability.builders import one_of_each
from tests.security.resolver import all_routes, url_for

ROUTES = all_routes()
ROLES = ("anonymous", "leader", "staff", "admin")
USERS = {"leader": "leader_user", "staff": "staff_user", "admin": "admin_user"}


@pytest.fixture
def objects(admin_user):
    """One record of every registered type, plus an attachment on the first unit."""
    records = one_of_each(user=admin_user)
    enterprise = records["bureau.enterprise"]
    token = secrets.token_hex(16)
    records["attachment"] = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(enterprise),
        object_id=enterprise.pk,
        token=token,
        file=ContentFile(b"%PDF-1.4 test", name="scan.pdf"),
        original_name="证书.pdf",
        mime_type="application/pdf",
        size=13,
        uploaded_by=admin_user,
    )
    return records


def required_permissions(route, url: str, user) -> list[str] | None:
    """The permissions the view itself demands (None when it does not use PermissionRequiredMixin)."""
    view_class = route.view_class
    if view_class is None or not issubclass(view_class, PermissionRequiredMixin):
        return None
    view = view_class(**route.pattern.callback.view_initkwargs)
    request = RequestFactory().get(url)
    request.user = user
    view.setup(request, **_kwargs_of(url))
    try:
        return list(view.get_permission_required())
    except ImproperlyConfigured:
        return None


def _kwargs_of(url: str) -> dict:
    from django.urls import resolve

    return resolve(url).kwargs


def answer(client, method: str, url: str):
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_url_answers_each_role(route, role_clients, objects, admin_user, staff_user, leader_user):
    users = {"leader": leader_user, "staff": staff_user, "admin": admin_user}
    url = url_for(route, objects)
    login = reverse("login")
    for role in ROLES:
        client = role_clients[role]
        for method in ("GET", "POST"):
            response = answer(client, method, url)
            where = f"{role} {method} {url}"
            assert response.status_code < 500, f"{where} → {response.status_code}"
            if role == "anonymous":
                if not route.is_public:
                    assert response.status_code == 302, f"{where} → {response.status_code}"
                    assert response["Location"].startswith(login), f"{where} → {response['Location']}"
                continue
            needed = required_permissions(route, url, users[role])
            if needed is None:
                continue
            allowed = users[role].has_perms(needed)
            if not allowed:
                assert response.status_code == 403, f"{where} needs {needed} → {response.status_code}"
            else:
                assert response.status_code != 403, f"{where} has {needed} → 403"
                if method == "GET":
                    assert response.status_code == 200, f"{where} → {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if "pk" in r.kwarg_names and r.record_type], ids=str)
def test_guessed_ids_reveal_nothing(route, role_clients, objects, admin_user, staff_user, leader_user):
    """A missing id answers 403 to whoever may not see the type (so existence does not leak), 404 to others."""
    users = {"leader": leader_user, "staff": staff_user, "admin": admin_user}
    url = url_for(route, objects, missing=True)
    for role, user in users.items():
        response = answer(role_clients[role], "GET", url)
        needed = required_permissions(route, url, user)
        expected = 404 if user.has_perms(needed) else 403
        assert response.status_code == expected, f"{role} GET {url} → {response.status_code}"


def test_matrix_covers_every_registered_page():
    """The resolver walk finds every action of every registered record type (guards the walk itself)."""
    from bureau.registry import registry

    names = {route.name for route in ROUTES}
    for record_type in registry:
        for action in getattr(record_type, "actions", ("list", "detail", "edit", "history")):
            assert record_type.url_name(action) in names


@pytest.mark.django_db
def test_leader_can_read_but_never_write(leader_user):
    """The roles as the bureau defined them: leaders read every record type and change none."""
    from bureau.registry import registry

    for record_type in registry:
        assert leader_user.has_perm(record_type.permission("list"))
        for action in ("add", "edit", "delete"):
            assert not leader_user.has_perm(record_type.permission(action)), record_type.permission(action)


@pytest.mark.django_db
def test_only_admins_restore_and_import(admin_user, staff_user, leader_user):
    for user in (staff_user, leader_user):
        assert not user.has_perm("bureau.restore_record")
        assert not user.has_perm("bureau.import_ledger")
    assert admin_user.has_perm("bureau.restore_record")
