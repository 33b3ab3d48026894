"""The dashboard's recent changes name the operation as the history does and people as every page does."""

import pytest
from django.urls import reverse

from bureau.dashboard import selectors as dash
from bureau.models import Enterprise
from bureau.operations import import_reason
from bureau.restore.services import record_restore
from bureau.services import record_delete, record_save
from patents.models import Patent
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_restore_is_restore_and_an_import_is_import(admin_user, staff_user, leader_user):
    patent = factories.PatentFactory(title="被删又恢复的专利")
    pk = patent.pk
    record_delete(instance=patent, user=staff_user)
    record_restore(model=Patent, pk=pk, user=admin_user)
    imported = factories.EnterpriseFactory(name="导入的单位")
    Enterprise.history.filter(id=imported.pk).update(history_change_reason=import_reason(7))
    changes = [(c.action, c.name, c.user) for c in dash.recent_changes(user=leader_user)]
    assert ("恢复", "被删又恢复的专利", "admin（管理员）") in changes
    assert ("删除", "被删又恢复的专利", "staff（录入员）") in changes
    assert ("导入", "导入的单位", "系统") in changes
    assert not [change for change in changes if change[0] == "新增" and change[2] == "admin（管理员）"]


def test_people_are_named_once_the_same_way_on_every_page(admin_client, staff_user, leader_client):
    unit = factories.EnterpriseFactory(name="庚公司")
    unit.name = "庚股份公司"
    record_save(instance=unit, user=staff_user, expected_version=unit.version)
    staff_user.first_name = "张三"
    staff_user.save()
    history = admin_client.get(reverse("bureau:enterprise_history", args=[unit.pk])).content.decode()
    assert "张三（录入员）" in history
    assert "张三（录入员）" in leader_client.get(reverse("home")).content.decode()
    assert "张三（录入员）" in admin_client.get(reverse("system:operation_log")).content.decode()


def test_recent_changes_read_people_in_a_constant_number_of_queries(
    leader_user, staff_user, admin_user, django_assert_num_queries
):
    for n, user in enumerate([staff_user, admin_user] * 5):
        unit = factories.EnterpriseFactory(name=f"单位{n}")
        unit.name = f"单位{n}（改）"
        record_save(instance=unit, user=user, expected_version=unit.version)
    dash.recent_changes(user=leader_user)  # permissions cached on the user
    with django_assert_num_queries(3):  # the union, the users, their groups
        changes = dash.recent_changes(user=leader_user)
    assert {c.user for c in changes} >= {"staff（录入员）", "admin（管理员）"}
