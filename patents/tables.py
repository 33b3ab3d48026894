"""Tables of 知识产权."""

from bureau.tables_base import LedgerTable

from .models import Patent


class PatentTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Patent
        fields = ["application_number", "title", "kind", "applicant", "filed_on", "granted_on", "status"]
