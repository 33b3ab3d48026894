from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BureauConfig(AppConfig):
    name = "bureau"
    verbose_name = "单位与资质"

    def ready(self) -> None:
        from . import ledger_figures, records  # noqa: F401  (registers the record types and figures of this app)
        from .roles import sync_role_permissions

        # Permissions of new record types exist only after migrate; give them to the roles then.
        post_migrate.connect(sync_role_permissions, dispatch_uid="bureau_sync_role_permissions")
