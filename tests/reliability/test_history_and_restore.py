"""Every create, edit and delete of every record type is in its history, and a deleted record comes back."""

import datetime
import secrets

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from bureau import services
from bureau.history import history_m2m_values, tracked_m2m_fields
from bureau.models import Attachment, Enterprise
from bureau.registry import registry
from bureau.restore.selectors import deleted_record_list
from bureau.restore.services import RESTORE_REASON, RestoreError, record_restore
from tests.reliability.builders import form_data, new_record, record_values

RECORD_TYPES = [rt for rt in registry if not getattr(rt, "singleton", False)]
# Record types with many-to-many fields (参加单位 of 科技合作交流 …): their links must survive a delete and restore.
M2M_TYPES = [rt for rt in RECORD_TYPES if rt.model._meta.many_to_many]


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


def live_links(instance) -> dict[str, set[int]]:
    return {f.name: set(getattr(instance, f.name).values_list("pk", flat=True)) for f in instance._meta.many_to_many}


def kept_links(history_row) -> dict[str, set[int]]:
    return {name: set(ids) for name, ids in history_m2m_values(history_row).items()}


def with_links(record_type, user):
    """A new record of the type with two related records in each many-to-many field, saved like the form does."""
    model = record_type.model
    related = {f.name: [new_record(f.related_model, user=user) for _ in range(2)] for f in model._meta.many_to_many}
    record = services.record_save(instance=model(**record_values(model, user=user)), user=user, m2m=related)
    return record, {name: {obj.pk for obj in objs} for name, objs in related.items()}


def test_there_are_records_with_links():
    assert "outreach.cooperationevent" in {rt.model._meta.label_lower for rt in M2M_TYPES}


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["service", "page"])
@pytest.mark.parametrize("record_type", M2M_TYPES, ids=lambda rt: rt.model._meta.label_lower)
def test_deleted_record_comes_back_with_its_many_to_many_links(record_type, via, staff_user, admin_user, admin_client):
    model = record_type.model
    assert {f.name for f in tracked_m2m_fields(model)} == {f.name for f in model._meta.many_to_many}, (
        f"{model.__name__}: the history must keep every many-to-many field (_history_m2m_fields)"
    )
    record, wanted = with_links(record_type, staff_user)
    pk = record.pk
    created = list(model.history.filter(id=pk))
    assert len(created) == 1 and kept_links(created[0]) == wanted

    services.record_delete(instance=record, user=staff_user)
    deletion = model.history.filter(id=pk).first()
    assert deletion.history_type == "-" and kept_links(deletion) == wanted

    if via == "service":
        record_restore(model=model, pk=pk, user=admin_user)
    else:
        response = admin_client.post(
            reverse("restore:restore", args=[record_type.app_label, record_type.model_name, pk])
        )
        assert response.status_code == 302
    restored = model._default_manager.get(pk=pk)
    assert live_links(restored) == wanted
    last = model.history.filter(id=pk).first()
    assert (last.history_type, last.history_change_reason) == ("+", RESTORE_REASON)
    assert kept_links(last) == wanted


@pytest.mark.django_db
@pytest.mark.parametrize("record_type", M2M_TYPES, ids=lambda rt: rt.model._meta.label_lower)
def test_editing_links_in_the_form_is_one_history_row_that_keeps_them(record_type, staff_user, staff_client):
    model = record_type.model
    record, before = with_links(record_type, staff_user)
    changed = {}
    data = form_data(record_type, record)
    for field in model._meta.many_to_many:
        # Keep one of the two, drop the other, add a new one.
        kept = min(before[field.name])
        added = new_record(field.related_model, user=staff_user)
        changed[field.name] = {kept, added.pk}
        data[field.name] = [str(kept), str(added.pk)]
    response = staff_client.post(reverse(record_type.url_name("edit"), args=[record.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    rows = list(model.history.filter(id=record.pk).order_by("history_date", "history_id"))
    assert [(row.history_type, row.version) for row in rows] == [("+", 1), ("~", 2)]
    assert [kept_links(row) for row in rows] == [before, changed]
    assert live_links(model._default_manager.get(pk=record.pk)) == changed

    # The history page lists the change of links, old and new names, though no other field changed.
    page = staff_client.get(reverse(record_type.url_name("history"), args=[record.pk]))
    [newest, _created] = page.context["history_rows"]
    listed = {change.field: change for change in newest["changes"]}
    for field in model._meta.many_to_many:
        related = field.related_model._default_manager
        assert listed[field.name].old == "、".join(sorted(str(related.get(pk=pk)) for pk in before[field.name]))
        assert listed[field.name].new == "、".join(sorted(str(related.get(pk=pk)) for pk in changed[field.name]))
        assert str(related.get(pk=max(changed[field.name]))) in page.content.decode()


@pytest.mark.django_db
def test_restore_leaves_out_a_participant_deleted_since(staff_user, admin_user):
    record_type = M2M_TYPES[0]
    record, wanted = with_links(record_type, staff_user)
    pk = record.pk
    services.record_delete(instance=record, user=staff_user)
    field = record_type.model._meta.many_to_many[0]
    gone, stays = sorted(wanted[field.name])
    services.record_delete(instance=field.related_model._default_manager.get(pk=gone), user=staff_user)

    restored = record_restore(model=record_type.model, pk=pk, user=admin_user)
    assert live_links(restored)[field.name] == {stays}


@pytest.mark.django_db
def test_the_history_page_says_a_restore_is_a_restore(staff_user, admin_user, admin_client):
    unit = new_record(Enterprise, user=staff_user)
    pk = unit.pk
    services.record_delete(instance=unit, user=staff_user)
    record_restore(model=Enterprise, pk=pk, user=admin_user)
    rows = admin_client.get(reverse("bureau:enterprise_history", args=[pk])).context["history_rows"]
    assert [(row["operation"], row["unchanged"]) for row in rows] == [
        ("恢复", "恢复记录"),
        ("删除", "—"),
        ("新增", "创建记录"),
    ]
