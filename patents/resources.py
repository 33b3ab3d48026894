"""Import/export resources of 知识产权."""

from bureau.resources_base import LedgerResource

from .models import Patent


class PatentResource(LedgerResource):
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
