"""Writes of 用户管理: add a user with a role and an initial password, edit, disable, reset, unlock.

Each is written to 操作日志 as a `UserAction` (users keep no history of their own), with old → new
of what changed and never a password.
"""

import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from bureau.accounts.services import password_change_require
from bureau.models import UserAction
from bureau.roles import ADMIN, ROLES

# No 0/O, 1/l/I: a one-time password is read off a screen and typed in.
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"
_SYMBOLS = "#%+-=?@"


def one_time_password(length: int = 12) -> str:
    """A random password that passes the password rules (all four kinds of character)."""
    alphabet = _UPPER + _LOWER + _DIGITS + _SYMBOLS
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if all(any(c in kind for c in password) for kind in (_UPPER, _LOWER, _DIGITS, _SYMBOLS)):
            return password


def _role_of(user: AbstractBaseUser) -> str:
    return next((group.name for group in user.groups.all() if group.name in ROLES), "—")


def user_action_log(*, action: str, target: AbstractBaseUser, by: AbstractBaseUser | None, changes=()) -> None:
    """One line of 操作日志 about a user (`UserAction.ACTIONS`)."""
    UserAction.objects.create(
        action=action,
        target=target,
        user=by if by is not None and by.is_authenticated else None,
        changes=[list(change) for change in changes],
    )


def _active_admins():
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(Q(groups__name=ADMIN) | Q(is_superuser=True)).distinct()


def _check_keeps_an_admin(user: AbstractBaseUser, *, by: AbstractBaseUser | None) -> None:
    """Refuse a change that takes 管理员 from the acting admin or from the last active admin."""
    if by is not None and user.pk == by.pk:
        raise ValidationError("不能取消自己的管理员角色或停用自己的账号，请由另一位管理员操作。")
    if not _active_admins().exclude(pk=user.pk).exists():
        raise ValidationError("这是最后一位启用的管理员，不能取消其管理员角色或停用。")


def _role_set(user: AbstractBaseUser, role: str, *, by: AbstractBaseUser | None = None) -> None:
    """The user's one role. What the role may do comes from its group: a user who is no longer 管理员 keeps
    neither the superuser flag nor Django's admin (which only superusers use, see README)."""
    if role not in ROLES:
        raise ValidationError({"role": f"角色应为{'、'.join(ROLES)}之一。"})
    was_admin = user.pk is not None and _active_admins().filter(pk=user.pk).exists()
    if was_admin and role != ADMIN:
        _check_keeps_an_admin(user, by=by)
    user.groups.set([Group.objects.get(name=role)])
    if role != ADMIN:
        user.is_superuser = user.is_staff = False
    user.save(update_fields=["is_superuser", "is_staff"])


@transaction.atomic
def user_create(
    *, username: str, full_name: str, role: str, by: AbstractBaseUser | None = None
) -> tuple[AbstractBaseUser, str]:
    """A new user with a role and a one-time password, to be changed at first login. Returns both."""
    User = get_user_model()
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已被使用。"})
    password = one_time_password()
    user = User(username=username, first_name=full_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _role_set(user, role)
    password_change_require(user=user)
    user_action_log(
        action="add",
        target=user,
        by=by,
        changes=[("用户名", "—", user.username), ("姓名", "—", user.first_name or "—"), ("角色", "—", role)],
    )
    return user, password


@transaction.atomic
def user_update(
    *, user: AbstractBaseUser, full_name: str, role: str, by: AbstractBaseUser | None = None
) -> AbstractBaseUser:
    before = {"姓名": user.first_name or "—", "角色": _role_of(user)}
    user.first_name = full_name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name"])
    _role_set(user, role, by=by)
    after = {"姓名": user.first_name or "—", "角色": role}
    changes = [(label, before[label], after[label]) for label in before if before[label] != after[label]]
    if changes:
        user_action_log(action="edit", target=user, by=by, changes=changes)
    return user


@transaction.atomic
def user_active_set(*, user: AbstractBaseUser, active: bool, by: AbstractBaseUser) -> AbstractBaseUser:
    """启用/停用: a disabled user cannot log in; users are never deleted (their names stay in the history)."""
    if not active and user.pk == by.pk:
        raise ValidationError("不能停用自己的账号。")
    if not active and _active_admins().filter(pk=user.pk).exists():
        _check_keeps_an_admin(user, by=by)
    was = "启用" if user.is_active else "停用"
    user.is_active = active
    user.save(update_fields=["is_active"])
    user_action_log(
        action="enable" if active else "disable",
        target=user,
        by=by,
        changes=[("状态", was, "启用" if active else "停用")],
    )
    return user


@transaction.atomic
def user_password_reset(*, user: AbstractBaseUser, by: AbstractBaseUser | None = None) -> str:
    """A new one-time password (shown once), to be changed at the next login; the lockout is lifted too."""
    password = one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    password_change_require(user=user)
    axes_reset(username=user.get_username())
    user_action_log(action="reset", target=user, by=by, changes=[("密码", "—", "已重置为一次性密码，下次登录须修改")])
    return password


@transaction.atomic
def user_unlock(*, user: AbstractBaseUser, by: AbstractBaseUser | None = None) -> int:
    """解锁: forget the failed logins that hold the account locked (from every address)."""
    count = axes_reset(username=user.get_username())
    user_action_log(action="unlock", target=user, by=by, changes=[("锁定", "已锁定" if count else "未锁定", "已解锁")])
    return count
