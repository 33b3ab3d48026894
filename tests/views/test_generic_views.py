"""The shared view suite: every registered record type gets the same tests from its data alone."""

import pytest
from django.urls import reverse

from bureau.registry import registry
from tests.views.record_data import RECORD_DATA

RECORD_TYPES = list(registry)
IDS = [f"{rt.app_label}.{rt.model_name}" for rt in RECORD_TYPES]


def data_for(record_type):
    return RECORD_DATA[f"{record_type.app_label}.{record_type.model_name}"]


def writer(record_type, role_clients):
    """Clerks (录入员) write records; only admins write the editable lists."""
    return ("admin", role_clients["admin"]) if record_type.is_list else ("staff", role_clients["staff"])


def form_post_data(form) -> dict:
    """What a browser would post back for an unchanged form."""
    post = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        post[name] = [str(v) for v in value] if isinstance(value, list) else value
    return post


def url(record_type, action, pk=None):
    return reverse(record_type.url_name(action), args=[pk] if pk is not None else [])


pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("record_type", RECORD_TYPES, ids=IDS)]


def test_list_page_shows_records_to_every_role(record_type, role_clients):
    record = data_for(record_type).factory()
    for role in ("leader", "staff", "admin"):
        response = role_clients[role].get(url(record_type, "list"))
        assert response.status_code == 200, role
        assert record.get_absolute_url() in response.content.decode(), role


def test_list_page_filters_and_searches_without_error(record_type, staff_client):
    data_for(record_type).factory()
    response = staff_client.get(url(record_type, "list"), {"q": "测试 XX", "year": "2023", "sort": "-pk"})
    assert response.status_code == 200
    response = staff_client.get(url(record_type, "list"), {"q": "不存在的名称zzz"})
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 0 or not record_type.search_fields


def test_anonymous_is_sent_to_login(record_type, role_clients):
    record = data_for(record_type).factory()
    for action in record_type.actions:
        pk = record.pk if action not in ("list", "add") else None
        response = role_clients["anonymous"].get(url(record_type, action, pk))
        assert response.status_code == 302, action
        assert response["Location"].startswith(reverse("login")), action


def test_detail_and_history_pages(record_type, staff_client):
    record = data_for(record_type).factory()
    assert staff_client.get(record.get_absolute_url()).status_code == 200
    assert staff_client.get(url(record_type, "history", record.pk)).status_code == 200


def test_add_creates_record_with_one_history_row(record_type, role_clients, django_user_model):
    if "add" not in record_type.actions:
        pytest.skip("single-row record type: edited, never added")
    role, client = writer(record_type, role_clients)
    form_data = data_for(record_type).form_data()
    model = record_type.model
    before = set(model.objects.values_list("pk", flat=True))
    response = client.post(url(record_type, "add"), form_data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    created = model.objects.exclude(pk__in=before).get()
    assert response["Location"] == created.get_absolute_url()
    history = created.history.all()
    assert history.count() == 1
    assert history[0].history_type == "+"
    assert history[0].history_user.username == role


def test_add_form_keeps_input_and_shows_errors_when_invalid(record_type, role_clients):
    if "add" not in record_type.actions:
        pytest.skip("single-row record type")
    _, client = writer(record_type, role_clients)
    form_data = data_for(record_type).form_data()
    # Drop every required field: the form must come back with errors and keep what was typed.
    form = record_type.form()
    required = [name for name, field in form.fields.items() if field.required]
    kept = {k: v for k, v in form_data.items() if k not in required}
    before = record_type.model.objects.count()
    response = client.post(url(record_type, "add"), kept)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(required) <= set(errors), errors
    assert all("必填" in str(errors[name]) or errors[name] for name in required)
    assert record_type.model.objects.count() == before
    for name, value in kept.items():
        if isinstance(value, str) and value and name in form.fields and not name.endswith("_on"):
            assert value in response.content.decode(), name


def test_edit_saves_bumps_version_and_records_history(record_type, role_clients):
    role, client = writer(record_type, role_clients)
    record = data_for(record_type).factory()
    page = client.get(url(record_type, "edit", record.pk))
    assert page.status_code == 200
    post = form_post_data(page.context["form"])
    response = client.post(url(record_type, "edit", record.pk), post)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record.refresh_from_db()
    assert record.version == 2
    latest = record.history.first()
    assert latest.history_type == "~"
    assert latest.history_user.username == role


def test_stale_edit_is_refused(record_type, role_clients):
    _, client = writer(record_type, role_clients)
    record = data_for(record_type).factory()
    post = form_post_data(client.get(url(record_type, "edit", record.pk)).context["form"])
    assert client.post(url(record_type, "edit", record.pk), post).status_code == 302
    # The same form again, still carrying version 1: someone else saved in between.
    response = client.post(url(record_type, "edit", record.pk), post)
    assert response.status_code == 200
    assert "此记录已被他人修改" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 2


def test_delete_removes_record_and_keeps_history(record_type, role_clients):
    if "delete" not in record_type.actions:
        pytest.skip("single-row record type")
    role, client = writer(record_type, role_clients)
    record = data_for(record_type).factory()
    assert client.get(url(record_type, "delete", record.pk)).status_code == 200
    response = client.post(url(record_type, "delete", record.pk))
    assert response.status_code == 302
    assert not record_type.model.objects.filter(pk=record.pk).exists()
    last = record_type.model.history.filter(id=record.pk).first()
    assert last.history_type == "-"
    assert last.history_user.username == role
    # The history of a deleted record stays readable.
    assert client.get(url(record_type, "history", record.pk)).status_code == 200


def test_leader_reads_but_cannot_write(record_type, role_clients):
    leader = role_clients["leader"]
    record = data_for(record_type).factory()
    listing = leader.get(url(record_type, "list"))
    assert listing.status_code == 200
    assert 'id="add-button"' not in listing.content.decode()
    for action in ("add", "edit", "delete"):
        if action not in record_type.actions:
            continue
        pk = None if action == "add" else record.pk
        assert leader.get(url(record_type, action, pk)).status_code == 403, action
        assert leader.post(url(record_type, action, pk), {}).status_code == 403, action
    assert record_type.model.objects.filter(pk=record.pk).exists()


def test_staff_cannot_write_editable_lists(record_type, role_clients):
    if not record_type.is_list:
        pytest.skip("clerks write ledger records")
    staff = role_clients["staff"]
    record = data_for(record_type).factory()
    assert staff.get(url(record_type, "list")).status_code == 200
    for action in ("add", "edit", "delete"):
        if action in record_type.actions:
            pk = None if action == "add" else record.pk
            assert staff.post(url(record_type, action, pk), {}).status_code == 403, action


def test_edit_without_its_version_is_refused(record_type, role_clients):
    # A form that lost its hidden version (a script, a proxy, an old page) must not overwrite anything.
    _, client = writer(record_type, role_clients)
    record = data_for(record_type).factory()
    post = form_post_data(client.get(url(record_type, "edit", record.pk)).context["form"])
    del post["version"]
    history_rows = record.history.count()
    response = client.post(url(record_type, "edit", record.pk), post)
    assert response.status_code == 200
    assert "无法确认您修改的是此记录的哪个版本，您的修改未保存" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 1
    assert record.history.count() == history_rows
