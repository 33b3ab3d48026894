"""The demo: users for each role and the 2023 ledger transcribed from the seed document."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .roles import ADMIN, LEADER, STAFF

DEMO_USERS = (("admin", ADMIN, "管理员"), ("staff", STAFF, "录入员"), ("leader", LEADER, "领导"))


@transaction.atomic
def demo_users_create(*, password: str | None = None) -> str | None:
    """Create admin, staff and leader if missing. Returns the password when it was generated here."""
    User = get_user_model()
    generated = None
    if password is None:
        password = os.environ.get("LEDGER_DEMO_PASSWORD")
    if not password:
        password = generated = secrets.token_urlsafe(9)
    created_any = False
    for username, role, label in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username,
            password=password,
            first_name=label,
            is_staff=(role == ADMIN),
            is_superuser=(role == ADMIN),
        )
        user.groups.add(Group.objects.get(name=role))
        created_any = True
    return generated if created_any else None


def demo_ledger_load() -> int:
    """Load the demo ledger; returns how many records were written. Filled in by the fixtures."""
    from .models import BureauProfile

    BureauProfile.objects.get_or_create(pk=1)
    return 0
