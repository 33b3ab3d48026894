"""Reads of 用户管理: users with their role, state and lockout, as the list shows them."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from bureau.roles import ROLES


@dataclass
class UserRow:
    user: AbstractBaseUser
    role: str
    locked: bool


def locked_usernames(*, usernames: list[str] | None = None) -> set[str]:
    """User names django-axes holds locked now (from any address), as the lockout would refuse them."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
        attempts = attempts.filter(attempt_time__gte=since)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    return set(attempts.values_list("username", flat=True))


def user_role(*, user: AbstractBaseUser) -> str:
    names = [group.name for group in user.groups.all() if group.name in ROLES]
    return "、".join(names) or "（无角色）"


def user_rows(*, query: str = "", role: str = "", state: str = "") -> list[UserRow]:
    """Users for the list page, filtered by a search term (user name or 姓名), role and 启用/停用."""
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    if role:
        users = users.filter(groups__name=role)
    if state in ("active", "inactive"):
        users = users.filter(is_active=(state == "active"))
    users = list(users)
    locked = locked_usernames(usernames=[user.username for user in users])
    return [UserRow(user=user, role=user_role(user=user), locked=user.username in locked) for user in users]
