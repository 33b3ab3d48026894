"""Import/export resources of 知识产权."""

import datetime

from django.db.models import Q

from bureau.resources_base import LedgerResource

from .models import Patent


class PatentResource(LedgerResource):
    example = {
        "application_number": "202310123456.6",
        "title": "一种裸花紫珠颗粒的制备方法",
        "kind": "发明",
        "filed_on": datetime.date(2023, 5, 11),
        "status": "审查中",
    }

    def year_filter(self, year: int) -> Q:
        # A year's ledger counts patents applied for and patents granted in it.
        return Q(filed_on__year=year) | Q(granted_on__year=year)

    class Meta(LedgerResource.Meta):
        model = Patent
        import_id_fields = ("application_number",)
        fields = (
            "application_number",
            "title",
            "kind",
            "applicant",
            "applicant_person",
            "filed_on",
            "granted_on",
            "status",
            "note",
        )
