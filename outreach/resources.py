"""Import/export resources of 科普、合作与帮扶."""

from bureau.resources_base import LedgerResource

from .models import (
    AssistanceFigure,
    AssistanceRecord,
    CooperationEvent,
    OutreachActivity,
    OutreachKind,
    Partnership,
    ScienceWeek,
)


class ScienceWeekResource(LedgerResource):
    # One per year, so its name says it: 2023年科技活动周.
    reference_label = staticmethod(str)

    class Meta(LedgerResource.Meta):
        model = ScienceWeek
        import_id_fields = ("year",)
        fields = (
            "year",
            "theme",
            "principles",
            "audiences",
            "start_date",
            "end_date",
            "personnel",
            "personnel_approx",
            "lectures",
            "materials",
            "consultations",
            "display_boards",
            "participants",
            "participants_approx",
            "public_reached_percent",
            "note",
        )


class OutreachActivityResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = OutreachActivity
        import_id_fields = ("year", "title", "start_date")
        fields = (
            "year",
            "title",
            "kind",
            "start_date",
            "end_date",
            "place",
            "organisers",
            "participants",
            "students",
            "towns_covered",
            "schools_covered",
            "counts_approx",
            "science_week",
            "description",
        )


class CooperationEventResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = CooperationEvent
        import_id_fields = ("year", "title")
        fields = (
            "year",
            "title",
            "kind",
            "start_date",
            "end_date",
            "online",
            "place",
            "participants",
            "industries",
            "note",
        )


class PartnershipResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = Partnership
        import_id_fields = ("year", "enterprise", "partner")
        fields = ("year", "enterprise", "partner", "content", "started_on", "note")


def assistance_record_label(record: AssistanceRecord) -> str:
    """An assistance record named with its year: the same village may be helped every year."""
    return f"{record.year}年{record}"


class AssistanceRecordResource(LedgerResource):
    reference_label = staticmethod(assistance_record_label)
    reference_aliases = (str,)

    class Meta(LedgerResource.Meta):
        model = AssistanceRecord
        import_id_fields = ("year", "place", "kind")
        fields = ("year", "place", "kind", "funds", "description")


class AssistanceFigureResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = AssistanceFigure
        import_id_fields = ("record", "name")
        fields = ("record", "name", "value", "unit", "target", "sort_order")


class OutreachKindResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = OutreachKind
        import_id_fields = ("name",)
        fields = ("name", "sort_order", "is_active")
