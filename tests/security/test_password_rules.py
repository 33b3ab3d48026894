"""Password and session rules a government network requires (等保 2.0): complexity, history, expiry, forced change."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.services import password_change_require
from bureau.devtools import demo
from bureau.models import AccountSecurity, PasswordHistory
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def refusals(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize("password", ["lowercaseonly", "Lowercaseonly", "12345678abcd", "ABCD!!!!!!!"])
def test_fewer_than_three_kinds_of_character_are_refused(password):
    assert any("至少3种" in message for message in refusals(password))


@pytest.mark.parametrize("password", ["Bureau-2023", "Ke-ji#tai9zhang", "x7Y!x7Y!x7"])
def test_three_kinds_pass(password):
    assert refusals(password) == []


def test_a_password_containing_the_user_name_is_refused(staff_user):
    assert "密码不能包含用户名。" in refusals("My-Staff-2023", staff_user)
    assert refusals("My-Clerk-2023", staff_user) == []


def change_password(client, old: str, new: str):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new})


def test_none_of_the_last_five_passwords_again(client, staff_user):
    client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    passwords = [PASSWORD, *(f"Round-{n}-Pass!" for n in range(1, 6))]
    for old, new in itertools.pairwise(passwords):
        assert change_password(client, old, new).status_code == 302
    current = passwords[-1]
    # The last five (the current one included) are refused, with the reason on the page.
    for reused in passwords[1:]:
        response = change_password(client, current, reused)
        assert response.status_code == 200
        assert "新密码不能与最近5次使用过的密码相同。" in response.content.decode()
    # The first one is six passwords back: allowed again.
    assert change_password(client, current, PASSWORD).status_code == 302


def password_set(user, *, days_ago: int) -> None:
    """The user's current password, as changed `days_ago` days ago."""
    user.set_password(PASSWORD)
    user.save()
    PasswordHistory.objects.filter(user=user).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


def login(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_a_password_never_changed_expires_from_the_day_the_account_was_made(client, staff_user):
    get_user_model().objects.filter(pk=staff_user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=91))
    assert login(client, "staff").request["PATH_INFO"] == reverse("password_change")


def test_an_old_password_must_be_changed_before_anything_else(client, staff_user):
    password_set(staff_user, days_ago=91)
    response = login(client, "staff")
    assert response.request["PATH_INFO"] == reverse("password_change")
    assert "您的密码已使用超过90天，请修改密码。" in response.content.decode()
    # Every other page sends the user back until the password is changed.
    assert client.get(reverse("patents:patent_list"))["Location"] == reverse("password_change")
    assert change_password(client, PASSWORD, "Brand-new-2026!").status_code == 302
    assert client.get(reverse("patents:patent_list")).status_code == 200


def test_a_recent_password_is_not_asked_to_change(client, staff_user):
    get_user_model().objects.filter(pk=staff_user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=400))
    password_set(staff_user, days_ago=89)
    response = login(client, "staff")
    assert response.request["PATH_INFO"] == reverse("home")


def test_expiry_off_when_max_days_is_zero(client, staff_user, settings):
    settings.LEDGER_PASSWORD_MAX_DAYS = 0
    password_set(staff_user, days_ago=400)
    assert login(client, "staff").request["PATH_INFO"] == reverse("home")


def test_an_initial_password_is_changed_at_first_login(client, staff_user):
    password_change_require(user=staff_user)
    response = login(client, "staff")
    assert response.request["PATH_INFO"] == reverse("password_change")
    assert "初始密码" in response.content.decode()
    change_password(client, PASSWORD, "Chosen-by-me-2026")
    assert not AccountSecurity.objects.get(user=staff_user).must_change_password
    client.logout()
    assert login(client, "staff", "Chosen-by-me-2026").request["PATH_INFO"] == reverse("home")


def test_demo_users_with_a_printed_password_must_change_it(client, monkeypatch):
    monkeypatch.delenv("LEDGER_DEMO_PASSWORD", raising=False)
    password = demo.demo_users_create()
    assert login(client, "staff", password).request["PATH_INFO"] == reverse("password_change")


def test_demo_users_with_a_given_password_need_not(client, monkeypatch):
    monkeypatch.setenv("LEDGER_DEMO_PASSWORD", "Demo-pass-2023")
    demo.demo_users_create()
    assert login(client, "staff", "Demo-pass-2023").request["PATH_INFO"] == reverse("home")
