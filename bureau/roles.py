"""The three roles and the permissions each one has; kept in step after every migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ADMIN = "管理员"
STAFF = "录入员"
LEADER = "领导"
ROLES = (ADMIN, STAFF, LEADER)
LEDGER_APPS = ("bureau", "projects", "awards", "patents", "outreach")


def role_permissions(role: str):
    """The permissions a role should have, derived from the registry so new record types are covered."""
    from .registry import registry

    ledger = Permission.objects.filter(content_type__app_label__in=LEDGER_APPS).exclude(
        content_type__model__startswith="historical"
    )
    if role == ADMIN:
        return Permission.objects.filter(
            Q(pk__in=ledger.values("pk")) | Q(content_type__app_label="auth") | Q(content_type__app_label="axes")
        )
    view = Q(codename__startswith="view_")
    if role == LEADER:
        return ledger.filter(view | Q(codename__in=LEADER_EXTRA))
    lists = [rt.model_name for rt in registry if rt.is_list]
    records = ledger.exclude(content_type__model__in=lists)
    return ledger.filter(view | Q(pk__in=records.values("pk")) | Q(codename__in=STAFF_EXTRA)).exclude(
        codename__in=ADMIN_ONLY
    )


# Custom permissions declared in Meta.permissions; the rest are Django's four per model.
LEADER_EXTRA = ("download_report", "proofread_document")
STAFF_EXTRA = ("download_report", "edit_report", "proofread_document")
ADMIN_ONLY = (
    "operation_log",
    "import_ledger",
    "restore_record",
    "change_bureauprofile",
    "add_bureauprofile",
    "delete_bureauprofile",
)


def sync_role_permissions(**kwargs) -> None:
    """Create the groups if needed and give each exactly its permissions (runs after migrate)."""
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
