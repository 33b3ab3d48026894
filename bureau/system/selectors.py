"""Reads of 用户管理: users with their role, state and lockout, as the list shows them."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
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


@dataclass
class LoginEvent:
    """One line of 登录日志."""

    time: datetime.datetime
    username: str
    address: str
    browser: str
    result: str


# What django-axes stores for a header the request did not send.
AXES_UNKNOWN = "<unknown>"

LOGIN_RESULTS = ("登录成功", "登录失败", "账号锁定", "退出登录")


def login_events(
    *,
    username: str = "",
    result: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    limit: int = 500,
) -> list[LoginEvent]:
    """Logins, failed logins, lockouts and logouts, newest first, from what django-axes records.

    axes keeps a row per successful login (AccessLog, with its logout time) and, with
    AXES_ENABLE_ACCESS_FAILURE_LOG, one per failure (AccessFailureLog, flagged when it locked).
    Each source is read with the same filters and at most `limit` rows, then merged.
    """

    def window(queryset, field: str):
        if username:
            queryset = queryset.filter(username=username)
        if date_from:
            queryset = queryset.filter(**{f"{field}__date__gte": date_from})
        if date_to:
            queryset = queryset.filter(**{f"{field}__date__lte": date_to})
        return queryset.order_by(f"-{field}")[:limit]

    def event(row, time, outcome) -> LoginEvent:
        browser = "未知" if row.user_agent == AXES_UNKNOWN else row.user_agent  # a request without User-Agent
        return LoginEvent(time, row.username or "", row.ip_address or "", browser, outcome)

    events: list[LoginEvent] = []
    if result in ("", "登录成功"):
        events += [event(row, row.attempt_time, "登录成功") for row in window(AccessLog.objects.all(), "attempt_time")]
    if result in ("", "退出登录"):
        logouts = window(AccessLog.objects.filter(logout_time__isnull=False), "logout_time")
        events += [event(row, row.logout_time, "退出登录") for row in logouts]
    if result in ("", "登录失败", "账号锁定"):
        failures = AccessFailureLog.objects.all()
        if result:
            failures = failures.filter(locked_out=result == "账号锁定")
        events += [
            event(row, row.attempt_time, "账号锁定" if row.locked_out else "登录失败")
            for row in window(failures, "attempt_time")
        ]
    events.sort(key=lambda e: e.time, reverse=True)
    return events[:limit]
