"""Forms of 知识产权."""

from bureau.forms import LedgerForm

from .models import Patent


class PatentForm(LedgerForm):
    class Meta:
        model = Patent
        fields = [
            "application_number",
            "title",
            "kind",
            "applicant",
            "applicant_person",
            "filed_on",
            "granted_on",
            "status",
            "note",
        ]
