"""A delete keeps what it takes: every relation pointing at a registered record type, found from the models.

For each foreign key, one-to-one and many-to-many field of a registered record type that points at
a registered record type, a record is linked to a fresh target and the target is deleted:
PROTECT refuses with a Chinese message; CASCADE deletes the child with a history row (with the
user); SET_NULL and many-to-many clear the link with a history row; the history page of the child
names the deleted target; restoring the target brings children and links back in one step.
"""

import pytest
from django.db import models
from django.urls import reverse

from bureau import services
from bureau.history import tracked_m2m_fields
from bureau.models import DeletionBatch
from bureau.registry import registry
from bureau.restore.selectors import deleted_record_list
from bureau.restore.services import RESTORE_REASON, RestoreError, record_restore
from tests.reliability.builders import form_data, new_record

REGISTERED = {rt.model for rt in registry}


def registry_relations() -> list[tuple[type[models.Model], models.Field]]:
    """(model, field) for every relation of a registered record type that points at a registered record type."""
    relations = []
    for record_type in registry:
        for field in record_type.model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in REGISTERED:
                relations.append((record_type.model, field))
    return relations


RELATIONS = registry_relations()
IDS = [f"{model._meta.label_lower}.{field.name}" for model, field in RELATIONS]


def handler(field: models.Field) -> str:
    return "M2M" if field.many_to_many else field.remote_field.on_delete.__name__


def last_row(model, pk):
    return model.history.filter(id=pk).order_by("-history_date", "-history_id").first()


def linked_pair(model, field, user):
    """A fresh target and a record of `model` linked to it through `field`."""
    limit = field.get_limit_choices_to() if not field.many_to_many else {}
    lookups = {key.removesuffix("__in"): value[0] if key.endswith("__in") else value for key, value in limit.items()}
    # The builder fills other foreign keys with the first record of their type: let that not be the target.
    siblings = [f for f in model._meta.concrete_fields if f.is_relation and f is not field]
    if any(f.related_model is field.related_model for f in siblings):
        new_record(field.related_model, user=user)
    target = new_record(field.related_model, user=user, **lookups)
    if field.many_to_many:
        referrer = new_record(model, user=user)
        services.record_save(instance=referrer, user=user, m2m={field.name: [target.pk]})
    else:
        referrer = new_record(model, user=user, **{field.name: target})
    return target, referrer


def test_the_registry_has_the_relations_the_ledger_is_known_to_have():
    # Guards the generic test below against finding nothing: the ledger has each kind at least once.
    assert {handler(field) for _, field in RELATIONS} >= {"PROTECT", "CASCADE", "SET_NULL", "M2M"}
    assert ("outreach.outreachactivity.science_week") in IDS and "awards.commendationitem.commendation" in IDS


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), RELATIONS, ids=IDS)
def test_every_relation_keeps_history_through_delete_and_restore(model, field, staff_user, admin_user, admin_client):
    kind = handler(field)
    assert kind in {"PROTECT", "CASCADE", "SET_NULL", "M2M"}, (
        f"{model.__name__}.{field.name}: decide how a delete keeps it"
    )
    if kind == "M2M":
        # Only a tracked many-to-many field has its links in the history rows a delete writes.
        assert field in tracked_m2m_fields(model), f"add {field.name} to {model.__name__}._history_m2m_fields"
    target, referrer = linked_pair(model, field, staff_user)
    target_type, referrer_type = registry.get(target), registry.get(referrer)
    target_label, referrer_name = str(target), str(model._meta.verbose_name)
    delete_url = reverse(target_type.url_name("delete"), args=[target.pk])

    page = admin_client.get(delete_url).content.decode()
    if kind == "PROTECT":
        assert "不能删除" in page and f"{referrer_name} 1 条" in page
        response = admin_client.post(delete_url, follow=True)
        assert response.status_code == 200 and "不能删除" in response.content.decode()
        assert type(target)._default_manager.filter(pk=target.pk).exists()
        assert not DeletionBatch.objects.exists()
        return

    expected = {
        "CASCADE": f"将同时删除 {referrer_name} 1 条",
        "SET_NULL": f"将清除 {referrer_name} 1 条 的“{field.verbose_name}”",
        "M2M": f"将从 {referrer_name} 1 条 的“{field.verbose_name}”中移除",
    }[kind]
    assert expected in page
    assert admin_client.post(delete_url).status_code == 302

    row = last_row(model, referrer.pk)
    assert row.history_user == admin_user and target_label in row.history_change_reason
    if kind == "CASCADE":
        assert row.history_type == "-"
        assert not model._default_manager.filter(pk=referrer.pk).exists()
        # Listed once, under the record whose delete took it.
        listed = [(entry.record_type.model, entry.pk) for entry in deleted_record_list()]
        assert (type(target), target.pk) in listed and (model, referrer.pk) not in listed
    else:
        assert row.history_type == "~"
        referrer.refresh_from_db()
        if kind == "SET_NULL":
            assert getattr(referrer, field.attname) is None and getattr(row, field.attname) is None
        else:
            assert not getattr(referrer, field.name).filter(pk=target.pk).exists()
        listed = admin_client.get(reverse("restore:deleted_list")).content.decode()
        assert f"{referrer_name} 1 条 的关联" in listed
        # Edited after the delete: its history still shows the version that named the target.
        services.record_save(instance=referrer, user=staff_user, expected_version=referrer.version, reason="再次编辑")
        history = admin_client.get(reverse(referrer_type.url_name("history"), args=[referrer.pk]))
        assert history.status_code == 200
        assert f"（已删除：{target_label}）" in history.content.decode()

    response = admin_client.post(
        reverse("restore:restore", args=[target_type.app_label, target_type.model_name, target.pk])
    )
    assert response.status_code == 302
    restored = model._default_manager.get(pk=referrer.pk)
    if field.many_to_many:
        assert getattr(restored, field.name).filter(pk=target.pk).exists()
    else:
        assert getattr(restored, field.attname) == target.pk
    assert last_row(model, referrer.pk).history_user == admin_user
    assert RESTORE_REASON in last_row(model, referrer.pk).history_change_reason
    assert admin_client.get(reverse(referrer_type.url_name("history"), args=[referrer.pk])).status_code == 200


@pytest.mark.django_db
def test_science_week_delete_edit_and_restore(staff_user, admin_user, admin_client, staff_client):
    from outreach.models import OutreachActivity, ScienceWeek

    week = new_record(ScienceWeek, user=staff_user)
    activities = [new_record(OutreachActivity, user=staff_user, science_week=week) for _ in range(3)]
    week_pk, week_label = week.pk, str(week)
    services.record_delete(instance=week, user=staff_user)

    # A clerk edits one of the activities after the week is gone: the form and the history page work.
    activity = OutreachActivity.objects.get(pk=activities[0].pk)
    edit_url = reverse("outreach:outreachactivity_edit", args=[activity.pk])
    post = form_data(registry.get(OutreachActivity), activity)
    post["title"] = "科普进校园（修改）"
    assert staff_client.post(edit_url, post).status_code == 302
    page = staff_client.get(reverse("outreach:outreachactivity_history", args=[activity.pk]))
    assert page.status_code == 200
    assert f"（已删除：{week_label}）" in page.content.decode()
    cleared = OutreachActivity.history.filter(id=activity.pk, history_user=staff_user, science_week__isnull=True)
    assert cleared.filter(history_change_reason__contains="清除关联").count() == 1

    record_restore(model=ScienceWeek, pk=week_pk, user=admin_user)
    assert set(OutreachActivity.objects.filter(science_week=week_pk).values_list("pk", flat=True)) == {
        a.pk for a in activities
    }


@pytest.mark.django_db
def test_commendation_with_28_items_is_deleted_and_restored_in_one_step(staff_user, admin_user, admin_client):
    from awards.models import Commendation, CommendationItem

    meeting = new_record(Commendation, user=staff_user)
    items = [new_record(CommendationItem, user=staff_user, commendation=meeting) for _ in range(28)]
    delete_url = reverse("awards:commendation_delete", args=[meeting.pk])
    assert "将同时删除 表彰事项 28 条" in admin_client.get(delete_url).content.decode()
    admin_client.post(delete_url)
    assert not CommendationItem.objects.exists()

    page = admin_client.get(reverse("restore:deleted_list")).content.decode()
    assert "连同：表彰事项 28 条" in page
    assert page.count("恢复</button>") == 1

    done = admin_client.post(reverse("restore:restore", args=["awards", "commendation", meeting.pk]), follow=True)
    assert "，连同表彰事项 28 条" in done.content.decode()
    assert set(CommendationItem.objects.filter(commendation=meeting.pk).values_list("pk", flat=True)) == {
        item.pk for item in items
    }
    assert "没有已删除的记录" in admin_client.get(reverse("restore:deleted_list")).content.decode()


@pytest.mark.django_db
def test_group_restore_is_all_or_nothing(staff_user, admin_user):
    from awards.models import Commendation, CommendationItem
    from bureau.models import Enterprise

    meeting = new_record(Commendation, user=staff_user)
    recipient = new_record(Enterprise, user=staff_user)
    new_record(CommendationItem, user=staff_user, commendation=meeting)
    new_record(CommendationItem, user=staff_user, commendation=meeting, recipient=recipient)
    meeting_pk = meeting.pk
    services.record_delete(instance=meeting, user=staff_user)
    # The second item's recipient is deleted since (nothing protects it now): that item cannot come back.
    services.record_delete(instance=Enterprise.objects.get(pk=recipient.pk), user=staff_user)
    history_rows = CommendationItem.history.count() + Commendation.history.count()
    with pytest.raises(RestoreError, match="不能恢复"):
        record_restore(model=Commendation, pk=meeting_pk, user=admin_user)
    assert not Commendation.objects.exists() and not CommendationItem.objects.exists()
    assert CommendationItem.history.count() + Commendation.history.count() == history_rows
    assert DeletionBatch.objects.filter(restored_at__isnull=True).count() == 2


@pytest.mark.django_db
def test_deleted_record_whose_name_reads_a_deleted_record_still_has_its_pages(staff_user, admin_client):
    from outreach.models import Partnership

    partnership = new_record(Partnership, user=staff_user)
    pk, enterprise = partnership.pk, partnership.enterprise
    services.record_delete(instance=partnership, user=staff_user)
    # Nothing protects the unit any more; the partnership's name (“单位 — 合作方”) now reads a deleted record.
    services.record_delete(instance=type(enterprise).objects.get(pk=enterprise.pk), user=staff_user)
    history = admin_client.get(reverse("outreach:partnership_history", args=[pk]))
    assert history.status_code == 200
    assert f"{Partnership._meta.verbose_name}（编号{pk}）" in history.content.decode()
    assert admin_client.get(reverse("restore:deleted_list")).status_code == 200
