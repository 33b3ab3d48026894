"""Two clerks edit the same record: the second save is refused with the first one's changes, for every record type."""

import pytest
from django.test import Client
from django.urls import reverse

from bureau.registry import registry
from tests.conftest import make_user
from tests.reliability.builders import form_data, new_record
from tests.reliability.test_history_and_restore import editable_text_field

RECORD_TYPES = [rt for rt in registry if not rt.is_list]


@pytest.mark.django_db
@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.model._meta.label_lower)
def test_second_save_is_refused_and_shows_the_first(record_type, staff_user, django_user_model):
    colleague = make_user(django_user_model, "staff2", "录入员")
    record = new_record(record_type.model, user=staff_user)
    field = editable_text_field(record_type.model)
    url = reverse(record_type.url_name("edit"), args=[record.pk])
    first, second = Client(), Client()
    first.force_login(staff_user)
    second.force_login(colleague)
    # Both open the edit page and get the same version.
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    opened = form_data(record_type, record)
    assert opened["version"] == str(record.version)

    saved = first.post(url, {**opened, field.name: "甲的修改"})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    refused = second.post(url, {**opened, field.name: "乙的修改"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "此记录已被他人修改" in page
    assert "甲的修改" in page, "the message shows what the colleague changed"

    record.refresh_from_db()
    assert getattr(record, field.attname) == "甲的修改"
    assert record.version == int(opened["version"]) + 1
    assert record.history.filter(history_user=colleague).count() == 0
