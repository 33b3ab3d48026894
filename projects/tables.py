"""Tables of 科技计划项目."""

from bureau.tables_base import LedgerTable

from .models import Program, ProjectApplication


class ProjectApplicationTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = ProjectApplication
        fields = [
            "title",
            "year",
            "program",
            "applicant",
            "status",
            "applied_on",
            "decided_on",
            "funding_approved",
            "is_major",
        ]


class ProgramTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Program
        fields = ["name", "level", "sort_order", "is_active"]
