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
from django.urls import resolve, reverse

from bureau.models import Attachment
from bureau.registry import registry
from tests.reliability.builders import one_of_each
from tests.security.resolver import all_routes, url_for

ROUTES = all_routes()
CORE_ACTIONS = {"list", "add", "detail", "edit", "delete", "history"}
ROLES = ("anonymous", "leader", "staff", "admin")


@pytest.fixture
def objects(admin_user):
    """One record of every registered type, each with one attachment."""
    records = one_of_each(user=admin_user)
    records["attachments"] = {}
    for label, record in list(records.items()):
        if label == "attachments":
            continue
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            token=secrets.token_hex(16),
            original_name="证书.pdf",
            mime_type="application/pdf",
            size=13,
            uploaded_by=admin_user,
        )
        attachment.file.save(attachment.token, ContentFile(b"%PDF-1.4 test"), save=False)
        attachment.save()
        records["attachments"][label] = attachment
    return records


def required_permissions(route, url: str, user) -> list[str] | None:
    """The permissions the view itself demands (None when it does not use PermissionRequiredMixin)."""
    view_class = route.view_class
    if view_class is None or not issubclass(view_class, PermissionRequiredMixin):
        return None
    view = view_class(**route.pattern.callback.view_initkwargs)
    request = RequestFactory().get(url)
    request.user = user
    view.setup(request, **resolve(url).kwargs)
    try:
        return list(view.get_permission_required())
    except ImproperlyConfigured:
        return None


def action_of(route) -> str:
    return route.name.split(":")[-1].removeprefix(f"{route.record_type.model_name}_")


def answer(client, method: str, url: str):
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response


def route_problems(route, clients: dict, users: dict, objects: dict) -> list[str]:
    """What is wrong with one URL's answers to every role and method (empty when all is as expected)."""
    for client in clients.values():
        # A failing view is reported as its 500 among the other problems, not raised.
        client.raise_request_exception = False
    url = url_for(route, objects)
    login = reverse("login")
    problems = []
    for role in ROLES:
        for method in ("GET", "POST"):
            response = answer(clients[role], method, url)
            where, status = f"{role} {method} {url}", response.status_code
            if status >= 500:
                problems.append(f"{where} → {status}")
                continue
            if role == "anonymous":
                if not route.is_public and not (status == 302 and response["Location"].startswith(login)):
                    problems.append(f"{where} → {status}, expected a login redirect")
                continue
            needed = required_permissions(route, url, users[role])
            if needed is None:
                continue
            if not users[role].has_perms(needed):
                if status != 403:
                    problems.append(f"{where} lacks {needed} → {status}, expected 403")
            elif status == 403:
                problems.append(f"{where} has {needed} → 403")
            elif method == "GET" and route.record_type and action_of(route) in CORE_ACTIONS and status != 200:
                problems.append(f"{where} → {status}, expected 200")
    return problems


def guessed_id_problems(route, clients: dict, users: dict, objects: dict) -> list[str]:
    """A missing id answers 403 to whoever may not use the page (existence does not leak), 404 to others."""
    url = url_for(route, objects, missing=True)
    problems = []
    for role, user in users.items():
        response = answer(clients[role], "GET", url)
        if response.status_code == 405:
            response = answer(clients[role], "POST", url)
        needed = required_permissions(route, url, user)
        if needed is None:
            continue
        expected = 404 if user.has_perms(needed) else 403
        if response.status_code != expected:
            problems.append(f"{role} {url} (missing id) → {response.status_code}, expected {expected}")
    return problems


def routes_of(record_type) -> list:
    return [route for route in ROUTES if route.record_type is record_type]


# One test per record type (all its pages) and one per other page: the records are built once per test.
@pytest.mark.django_db
@pytest.mark.parametrize("record_type", list(registry), ids=lambda rt: rt.model._meta.label_lower)
def test_record_type_pages_answer_each_role(record_type, role_clients, objects, admin_user, staff_user, leader_user):
    users = {"leader": leader_user, "staff": staff_user, "admin": admin_user}
    routes = routes_of(record_type)
    assert routes, f"no URL for {record_type.model_name}"
    problems = []
    for route in routes:
        problems += route_problems(route, role_clients, users, objects)
        if "pk" in route.kwarg_names:
            problems += guessed_id_problems(route, role_clients, users, objects)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [route for route in ROUTES if route.record_type is None], ids=str)
def test_other_pages_answer_each_role(route, role_clients, objects, admin_user, staff_user, leader_user):
    users = {"leader": leader_user, "staff": staff_user, "admin": admin_user}
    problems = route_problems(route, role_clients, users, objects)
    assert not problems, "\n".join(problems)


def test_matrix_covers_every_registered_page():
    """The resolver walk finds every action of every registered record type (guards the walk itself)."""
    names = {route.name for route in ROUTES}
    for record_type in registry:
        for action in getattr(record_type, "actions", ("list", "detail", "edit", "history")):
            assert record_type.url_name(action) in names


@pytest.mark.django_db
def test_leader_can_read_but_never_write(leader_user):
    """The roles as the bureau defined them: leaders read every record type and change none."""
    for record_type in registry:
        assert leader_user.has_perm(record_type.permission("list"))
        for action in ("add", "edit", "delete"):
            assert not leader_user.has_perm(record_type.permission(action)), record_type.permission(action)


@pytest.mark.django_db
def test_only_admins_restore_and_import(admin_user, staff_user, leader_user):
    for user in (staff_user, leader_user):
        assert not user.has_perm("bureau.restore_record")
        assert not user.has_perm("bureau.import_ledger")
        assert not user.has_perm("bureau.operation_log")
    assert admin_user.has_perm("bureau.restore_record")
    assert admin_user.has_perm("bureau.operation_log")


@pytest.mark.django_db
def test_every_role_may_proofread_a_document(admin_user, staff_user, leader_user):
    """校对文档 writes nothing: staff and admins use it, and so do leaders checking a text before they sign it."""
    assert "proofread" in {route.name for route in ROUTES}
    for user in (admin_user, staff_user, leader_user):
        assert user.has_perm("bureau.proofread_document")


@pytest.mark.django_db
def test_leader_and_clerk_get_403_on_every_system_page(role_clients, objects):
    """系统管理 (用户管理, 登录日志, 操作日志 and its import pages) is for admins only."""
    routes = [route for route in ROUTES if route.name.startswith("system:")]
    assert {"system:operation_log", "system:import_batch", "system:login_log", "system:user_list"} <= {
        route.name for route in routes
    }
    for route in routes:
        url = url_for(route, objects)
        for role in ("leader", "staff"):
            assert answer(role_clients[role], "GET", url).status_code in (403, 405), (role, url)
    assert answer(role_clients["admin"], "GET", reverse("system:operation_log")).status_code == 200
