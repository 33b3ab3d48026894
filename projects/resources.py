"""Import/export resources of 科技计划项目."""

from bureau.resources_base import LedgerResource

from .models import Program, ProjectApplication


class ProjectApplicationResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = ProjectApplication
        import_id_fields = ("year", "title")
        exclude = ("id", "version", "created_at", "updated_at")


class ProgramResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = Program
        import_id_fields = ("name",)
        fields = ("name", "level", "titled", "sort_order", "is_active")
