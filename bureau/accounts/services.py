"""Writes about accounts: record a password change, require a change at next login."""

from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from bureau.models import AccountSecurity, PasswordHistory


@transaction.atomic
def password_change_record(*, user: AbstractBaseUser) -> None:
    """After a new password is saved: keep its hash with the time (only the last few), lift a forced change."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: settings.LEDGER_PASSWORD_HISTORY]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    AccountSecurity.objects.filter(user=user).update(must_change_password=False)


def password_change_require(*, user: AbstractBaseUser) -> None:
    """An initial or reset password: the user must choose a new one at the next login."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


def access_log_session_follow(*, username: str, old_hash: str, new_hash: str) -> None:
    """A password change gives the session a new key: keep django-axes' open login row on it, so the
    logout that follows is logged (axes finds the row by the session's hash)."""
    if old_hash and new_hash and old_hash != new_hash:
        AccessLog.objects.filter(username=username, logout_time__isnull=True, session_hash=old_hash).update(
            session_hash=new_hash
        )
