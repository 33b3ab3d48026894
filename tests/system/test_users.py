"""用户管理: an admin adds, edits, disables, resets and unlocks users inside the app, in Chinese."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bureau.roles import STAFF

pytestmark = pytest.mark.django_db


def one_time_password(response) -> str:
    match = re.search(r'id="one-time-password">([^<]+)<', response.content.decode())
    assert match, response.content.decode()[:500]
    return match.group(1)


def create_clerk(admin_client, username="zhangsan", full_name="张三"):
    response = admin_client.post(
        reverse("system:user_add"), {"username": username, "full_name": full_name, "role": STAFF}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return one_time_password(response)


def login(username: str, password: str) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password}, follow=True)
    return client, response


def test_an_admin_adds_a_clerk_who_changes_the_initial_password_at_first_login(admin_client):
    password = create_clerk(admin_client)
    clerk = get_user_model().objects.get(username="zhangsan")
    assert clerk.first_name == "张三" and [g.name for g in clerk.groups.all()] == [STAFF]
    client, response = login("zhangsan", password)
    assert response.request["PATH_INFO"] == reverse("password_change")
    assert client.get(reverse("patents:patent_list"))["Location"] == reverse("password_change")
    new = "Zhang-own-2026"
    client.post(reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new})
    assert client.get(reverse("patents:patent_list")).status_code == 200
    listing = admin_client.get(reverse("system:user_list"), {"q": "张三"}).content.decode()
    assert "zhangsan" in listing and "录入员" in listing and "启用" in listing


def test_a_user_name_in_use_is_refused(admin_client, staff_user):
    response = admin_client.post(reverse("system:user_add"), {"username": "STAFF", "full_name": "重名", "role": STAFF})
    assert response.status_code == 200
    assert "用户名“STAFF”已被使用。" in response.content.decode()
    assert get_user_model().objects.filter(username__iexact="staff").count() == 1


def test_edit_changes_name_and_role(admin_client, staff_user):
    response = admin_client.post(
        reverse("system:user_edit", args=[staff_user.pk]), {"full_name": "李四", "role": "领导"}
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.first_name == "李四" and [g.name for g in staff_user.groups.all()] == ["领导"]


def test_a_disabled_user_cannot_log_in_and_is_kept(admin_client, staff_user):
    admin_client.post(reverse("system:user_disable", args=[staff_user.pk]))
    _, response = login("staff", "Ledger-test-2023!")
    assert "_auth_user_id" not in response.client.session
    assert get_user_model().objects.filter(pk=staff_user.pk).exists()
    admin_client.post(reverse("system:user_enable", args=[staff_user.pk]))
    _, response = login("staff", "Ledger-test-2023!")
    assert response.request["PATH_INFO"] == reverse("home")


def test_an_admin_cannot_disable_herself(admin_client, admin_user):
    response = admin_client.post(reverse("system:user_disable", args=[admin_user.pk]), follow=True)
    assert "不能停用自己的账号。" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_reset_gives_a_one_time_password_to_change_at_next_login(admin_client, staff_user):
    response = admin_client.post(reverse("system:user_reset", args=[staff_user.pk]))
    password = one_time_password(response)
    _, old = login("staff", "Ledger-test-2023!")
    assert "_auth_user_id" not in old.client.session
    _, new = login("staff", password)
    assert new.request["PATH_INFO"] == reverse("password_change")


def test_a_locked_user_is_unlocked_in_one_click(admin_client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "staff", "password": "wrong-password"})
    listing = admin_client.get(reverse("system:user_list")).content.decode()
    assert "已锁定" in listing and reverse("system:user_unlock", args=[staff_user.pk]) in listing
    _, refused = login("staff", "Ledger-test-2023!")
    assert "_auth_user_id" not in refused.client.session
    admin_client.post(reverse("system:user_unlock", args=[staff_user.pk]))
    assert "已锁定" not in admin_client.get(reverse("system:user_list")).content.decode()
    _, response = login("staff", "Ledger-test-2023!")
    assert response.request["PATH_INFO"] == reverse("home")


def test_filters_by_role_and_state(admin_client, staff_user, leader_user):
    admin_client.post(reverse("system:user_disable", args=[leader_user.pk]))
    page = admin_client.get(reverse("system:user_list"), {"state": "inactive"}).content.decode()
    assert 'data-username="leader"' in page and 'data-username="staff"' not in page
    page = admin_client.get(reverse("system:user_list"), {"role": STAFF}).content.decode()
    assert 'data-username="staff"' in page and 'data-username="leader"' not in page


@pytest.mark.parametrize("role", ["leader", "staff"])
def test_only_admins_see_the_menu_entry(role, role_clients):
    assert "用户管理" not in role_clients[role].get(reverse("home")).content.decode()
    assert "用户管理" in role_clients["admin"].get(reverse("home")).content.decode()


def test_a_role_taken_away_takes_what_it_could_do(admin_client, admin_user, django_user_model):
    other = django_user_model.objects.create_user(username="chief", password="Chief-pass-2023", is_superuser=True)
    data = {"full_name": "王五", "role": "领导"}
    assert admin_client.post(reverse("system:user_edit", args=[other.pk]), data).status_code == 302
    other.refresh_from_db()
    assert not other.is_superuser and not other.is_staff
    assert not other.has_perm("auth.change_user") and not other.has_perm("patents.change_patent")


def test_an_admin_cannot_demote_herself_nor_the_last_admin(admin_client, admin_user, staff_user):
    data = {"full_name": "管理员", "role": "录入员"}
    response = admin_client.post(reverse("system:user_edit", args=[admin_user.pk]), data)
    assert "不能取消自己的管理员角色" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_superuser and [g.name for g in admin_user.groups.all()] == ["管理员"]
    # Another admin may not disable the only other admin either, when that one is the last.
    from bureau.system.services import user_active_set

    with pytest.raises(ValidationError, match="最后一位启用的管理员"):
        user_active_set(user=admin_user, active=False, by=staff_user)
