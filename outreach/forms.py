"""Forms of 科普、合作与帮扶."""

from bureau.forms import LedgerForm

from .models import (
    AssistanceFigure,
    AssistanceRecord,
    CooperationEvent,
    OutreachActivity,
    OutreachKind,
    Partnership,
    ScienceWeek,
)


class ScienceWeekForm(LedgerForm):
    class Meta:
        model = ScienceWeek
        fields = [
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
        ]


class OutreachActivityForm(LedgerForm):
    class Meta:
        model = OutreachActivity
        fields = [
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
        ]


class CooperationEventForm(LedgerForm):
    class Meta:
        model = CooperationEvent
        fields = [
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
        ]


class PartnershipForm(LedgerForm):
    class Meta:
        model = Partnership
        fields = ["year", "enterprise", "partner", "content", "started_on", "note"]


class AssistanceRecordForm(LedgerForm):
    class Meta:
        model = AssistanceRecord
        fields = ["year", "place", "kind", "funds", "description"]


class AssistanceFigureForm(LedgerForm):
    class Meta:
        model = AssistanceFigure
        fields = ["record", "name", "value", "unit", "target", "sort_order"]


class OutreachKindForm(LedgerForm):
    class Meta:
        model = OutreachKind
        fields = ["name", "sort_order", "is_active"]
