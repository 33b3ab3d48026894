"""Writes about accounts: record a password change, require a change at next login."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from bureau.models import AccountSecurity, PasswordHistory


@transaction.atomic
def password_change_record(*, user: AbstractBaseUser) -> None:
    """After a new password is saved: keep its hash (only the last few), note when, lift a forced change."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: settings.LEDGER_PASSWORD_HISTORY]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    AccountSecurity.objects.update_or_create(
        user=user, defaults={"password_changed_at": timezone.now(), "must_change_password": False}
    )


def password_change_require(*, user: AbstractBaseUser) -> None:
    """An initial or reset password: the user must choose a new one at the next login."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})
