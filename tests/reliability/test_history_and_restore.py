"""Every create, edit and delete of every record type is in its history, and a deleted record comes back."""

import datetime
import secrets

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from bureau import services
from bureau.models import Attachment, Enterprise
from bureau.registry import registry
from bureau.restore.selectors import deleted_record_list
from bureau.restore.services import RESTORE_REASON, RestoreError, record_restore
from tests.reliability.builders import new_record

RECORD_TYPES = [rt for rt in registry if not getattr(rt, "singleton", False)]


def editable_text_field(model):
    """A plain text field to change in an edit (every record type has a name, title or note)."""
    for field in model._meta.concrete_fields:
        plain = field.get_internal_type() in {"TextField", "CharField"} and not field.choices and field.editable
        if plain and field.name not in {"credit_code", "application_number"}:
            return field
    raise AssertionError(f"{model.__name__} has no plain text field")


def attach(model, pk: int, user, *, hidden: bool = False) -> Attachment:
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(model),
        object_id=pk,
        token=secrets.token_hex(16),
        original_name="批复.pdf",
        mime_type="application/pdf",
        size=8,
        uploaded_by=user,
        is_deleted=hidden,
    )
    attachment.file.save(attachment.token, ContentFile(b"%PDF-1.4"), save=False)
    attachment._history_user = user
    attachment.save()
    return attachment


@pytest.mark.django_db
@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.model._meta.label_lower)
def test_every_change_is_in_the_history(record_type, staff_user, admin_user):
    model = record_type.model
    record = new_record(model, user=staff_user)
    field = editable_text_field(model)
    record.refresh_from_db()
    setattr(record, field.attname, f"已修改{record.pk}")
    services.record_save(instance=record, user=admin_user, expected_version=record.version)
    pk = record.pk
    services.record_delete(instance=model._default_manager.get(pk=pk), user=admin_user)

    rows = list(model.history.filter(id=pk).order_by("history_date", "history_id"))
    assert [row.history_type for row in rows] == ["+", "~", "-"]
    assert [row.history_user for row in rows] == [staff_user, admin_user, admin_user]
    changes = services.field_changes(rows[0].instance, rows[1].instance)
    assert [change.field for change in changes] == [field.name]
    assert rows[1].version == rows[0].version + 1


@pytest.mark.django_db
@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.model._meta.label_lower)
def test_deleted_record_is_listed_and_restored_with_its_attachments(record_type, staff_user, admin_user, admin_client):
    model = record_type.model
    record = new_record(model, user=staff_user)
    pk, label, created_at = record.pk, str(record), record.created_at
    kept = attach(model, pk, staff_user)
    hidden_long_ago = attach(model, pk, staff_user, hidden=True)
    hidden_long_ago.history.update(history_date=hidden_long_ago.uploaded_at - datetime.timedelta(days=3))
    services.record_delete(instance=record, user=staff_user)
    # An attachment module that hides attachments along with their record: those come back too.
    hidden_with_record = attach(model, pk, staff_user, hidden=True)

    listed = [entry for entry in deleted_record_list() if entry.record_type is record_type and entry.pk == pk]
    assert len(listed) == 1 and listed[0].label == label and listed[0].deleted_by == staff_user
    page = admin_client.get(reverse("restore:deleted_list"))
    assert page.status_code == 200 and label in page.content.decode()

    response = admin_client.post(reverse("restore:restore", args=[record_type.app_label, record_type.model_name, pk]))
    restored = model._default_manager.get(pk=pk)
    assert response.status_code == 302 and response["Location"] == restored.get_absolute_url()
    assert str(restored) == label
    assert restored.created_at == created_at
    last = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    assert (last.history_type, last.history_user, last.history_change_reason) == ("+", admin_user, RESTORE_REASON)
    states = dict(
        Attachment.objects.filter(object_id=pk, content_type__model=record_type.model_name).values_list(
            "pk", "is_deleted"
        )
    )
    assert states == {kept.pk: False, hidden_long_ago.pk: True, hidden_with_record.pk: False}
    assert not [entry for entry in deleted_record_list() if entry.record_type is record_type and entry.pk == pk]


@pytest.mark.django_db
def test_restore_refuses_a_clash_and_writes_nothing(staff_user, admin_user):
    enterprise = new_record(Enterprise, user=staff_user, name="普正制药股份有限公司")
    pk = enterprise.pk
    services.record_delete(instance=enterprise, user=staff_user)
    new_record(Enterprise, user=staff_user, name="普正制药股份有限公司")
    history_before = Enterprise.history.count()
    with pytest.raises(RestoreError, match="不能恢复"):
        record_restore(model=Enterprise, pk=pk, user=admin_user)
    assert not Enterprise.objects.filter(pk=pk).exists()
    assert Enterprise.history.count() == history_before


@pytest.mark.django_db
def test_restore_of_a_live_record_is_refused(staff_user, admin_user):
    enterprise = new_record(Enterprise, user=staff_user)
    with pytest.raises(RestoreError, match="不是已删除记录"):
        record_restore(model=Enterprise, pk=enterprise.pk, user=admin_user)


@pytest.mark.django_db
def test_a_restored_record_refuses_a_form_opened_before_the_deletion(staff_user, admin_user):
    enterprise = new_record(Enterprise, user=staff_user)
    pk, opened_version = enterprise.pk, enterprise.version
    services.record_delete(instance=enterprise, user=staff_user)
    restored = record_restore(model=Enterprise, pk=pk, user=admin_user)
    restored.note = "旧表单的修改"
    with pytest.raises(services.StaleRecordError):
        services.record_save(instance=restored, user=staff_user, expected_version=opened_version)


@pytest.mark.django_db
def test_only_admins_see_and_use_the_restore_page(staff_user, role_clients):
    enterprise = new_record(Enterprise, user=staff_user)
    pk = enterprise.pk
    services.record_delete(instance=enterprise, user=staff_user)
    url = reverse("restore:restore", args=["bureau", "enterprise", pk])
    for role in ("staff", "leader"):
        assert role_clients[role].get(reverse("restore:deleted_list")).status_code == 403
        assert role_clients[role].post(url).status_code == 403
    assert not Enterprise.objects.filter(pk=pk).exists()
    assert "已删除记录" in role_clients["admin"].get(reverse("home")).content.decode()
    assert "已删除记录" not in role_clients["staff"].get(reverse("home")).content.decode()
