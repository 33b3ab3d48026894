"""Login protection: django-axes lockout, password rules, session expiry."""

import datetime
import logging
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD


def fail_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": "wrong-password"})


def test_lockout_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(hours=settings.AXES_COOLOFF_TIME) == datetime.timedelta(minutes=15)


@pytest.mark.django_db
def test_five_failures_lock_the_account_for_fifteen_minutes(client, staff_user, caplog):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = fail_login(client, "staff")
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode() or "不正确" in response.content.decode()
    with caplog.at_level(logging.WARNING, logger="axes"):
        locked = fail_login(client, "staff")
    assert locked.status_code in (403, 429)
    assert "账号已临时锁定" in locked.content.decode()
    assert any("locking out" in record.getMessage().lower() for record in caplog.records)

    # Even the right password is refused while locked.
    refused = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert refused.status_code in (403, 429)
    assert "_auth_user_id" not in client.session

    # Another user from the same address is not locked (lockout is per username and address).
    assert fail_login(client, "leader").status_code == 200

    # After the cool-off the right password works again.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    accepted = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


@pytest.mark.django_db
def test_not_locked_before_the_limit(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        fail_login(client, "staff")
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["12345678", "password", "abc", "staff2023"])
def test_weak_passwords_are_refused_in_chinese(staff_user, password):
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=staff_user)
    assert any("\u4e00" <= ch <= "\u9fff" for message in error.value.messages for ch in message)


@pytest.mark.django_db
def test_password_change_form_refuses_weak_password(staff_client):
    response = staff_client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()


def test_session_expires_after_inactivity():
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600


@pytest.mark.django_db
def test_a_session_in_use_is_renewed_every_few_minutes_not_on_every_request(staff_client, monkeypatch):
    from django.contrib.sessions.models import Session

    from bureau import security

    clock = [1_000_000_000]
    monkeypatch.setattr(security, "time", SimpleNamespace(time=lambda: clock[0]))

    def expiry():
        return Session.objects.get().expire_date

    staff_client.get(reverse("home"))
    Session.objects.update(expire_date=F("expire_date") - datetime.timedelta(hours=1))  # as if an hour had passed
    before = expiry()
    clock[0] += settings.LEDGER_SESSION_REFRESH_SECONDS - 1
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(reverse("home")).status_code == 200
    assert expiry() == before
    assert not [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]

    clock[0] += 1
    assert staff_client.get(reverse("home")).status_code == 200
    assert expiry() > before + datetime.timedelta(minutes=59)


@pytest.mark.django_db
def test_a_short_session_is_renewed_within_its_age(staff_client, settings, monkeypatch):
    from django.contrib.sessions.models import Session

    from bureau import security

    settings.SESSION_COOKIE_AGE = settings.LEDGER_SESSION_REFRESH_SECONDS  # renewing every 300 s would be too late
    clock = [1_000_000_000]
    monkeypatch.setattr(security, "time", SimpleNamespace(time=lambda: clock[0]))
    staff_client.get(reverse("home"))
    Session.objects.update(expire_date=F("expire_date") - datetime.timedelta(seconds=60))
    before = Session.objects.get().expire_date
    clock[0] += settings.SESSION_COOKIE_AGE // 2
    staff_client.get(reverse("home"))
    assert Session.objects.get().expire_date > before


@pytest.mark.django_db
def test_logging_out_leaves_no_session_behind(staff_client):
    from django.contrib.sessions.models import Session

    staff_client.get(reverse("home"))
    staff_client.post(reverse("logout"))
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_idle_session_is_logged_out(staff_client):
    from django.contrib.sessions.models import Session

    assert staff_client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1))
    response = staff_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_lockout_page_says_when_the_account_opens_again(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = fail_login(client, "staff")
    page = locked.content.decode()
    opens = timezone.localtime(timezone.now() + datetime.timedelta(hours=settings.AXES_COOLOFF_TIME))
    assert f"{opens:%H时}" in page and "（约15分钟后）" in page
