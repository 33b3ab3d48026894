"""Forms of 科技计划项目."""

from bureau.forms import LedgerForm

from .models import Program, ProjectApplication


class ProjectApplicationForm(LedgerForm):
    class Meta:
        model = ProjectApplication
        fields = [
            "year",
            "title",
            "program",
            "applicant",
            "applicant_person",
            "status",
            "applied_on",
            "recommended_on",
            "decided_on",
            "started_on",
            "closed_on",
            "midterm_due",
            "acceptance_due",
            "funding_requested",
            "funding_approved",
            "is_major",
            "note",
        ]


class ProgramForm(LedgerForm):
    class Meta:
        model = Program
        fields = ["name", "level", "titled", "sort_order", "is_active"]
