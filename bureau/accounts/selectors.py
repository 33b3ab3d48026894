"""Reads about accounts: whether a user must change the password now, and the hashes of the last ones."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from bureau.models import AccountSecurity, PasswordHistory
from bureau.roles import ROLES


def password_change_reason(*, user: AbstractBaseUser, now: datetime.datetime | None = None) -> str | None:
    """Why this user must change the password before anything else (a Chinese sentence), or None."""
    security = AccountSecurity.objects.filter(user=user).first()
    if security is not None and security.must_change_password:
        return "您正在使用初始密码或管理员重置的密码，请先修改密码。"
    max_days = settings.LEDGER_PASSWORD_MAX_DAYS
    if not max_days:
        return None
    # The newest history row is the current password; a user who never changed it has the one made with the account.
    latest = PasswordHistory.objects.filter(user=user).values_list("created_at", flat=True).first()
    changed_at = latest or user.date_joined
    now = now or timezone.now()
    if now - changed_at >= datetime.timedelta(days=max_days):
        return f"您的密码已使用超过{max_days}天，请修改密码。"
    return None


def recent_password_hashes(*, user: AbstractBaseUser, count: int) -> list[str]:
    """The hashes of the user's last `count` passwords, newest first."""
    return list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count])


def person_label(user: AbstractBaseUser | None) -> str:
    """A person as every page names one: “张三（录入员）” (姓名, or the user name if none, then the role).

    The role comes from `user.groups.all()`: callers showing many people prefetch `groups`
    (or `history_user__groups`), so a page of names costs one query, not one per name.
    """
    if user is None:
        return "系统"
    name = user.get_full_name() or user.get_username()
    roles = [group.name for group in user.groups.all() if group.name in ROLES]
    return f"{name}（{'、'.join(roles)}）" if roles else name


def people(*, user_ids) -> dict[int, str]:
    """`person_label` of each user id, in two queries however many (users and their groups)."""
    users = get_user_model().objects.filter(pk__in=set(user_ids) - {None}).prefetch_related("groups")
    return {user.pk: person_label(user) for user in users}
