"""Tables of 科普、合作与帮扶."""

from bureau.tables_base import LedgerTable

from .models import (
    AssistanceFigure,
    AssistanceRecord,
    CooperationEvent,
    OutreachActivity,
    OutreachKind,
    Partnership,
    ScienceWeek,
)


class ScienceWeekTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = ScienceWeek
        fields = ["theme", "year", "start_date", "end_date", "personnel", "lectures", "materials", "participants"]


class OutreachActivityTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = OutreachActivity
        fields = ["title", "year", "kind", "start_date", "end_date", "place", "participants", "students"]


class CooperationEventTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = CooperationEvent
        fields = ["title", "year", "kind", "start_date", "end_date", "online", "place"]


class PartnershipTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Partnership
        fields = ["enterprise", "partner", "year", "content", "started_on"]
        link_field = "enterprise"


class AssistanceRecordTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = AssistanceRecord
        fields = ["place", "year", "kind", "funds"]


class AssistanceFigureTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = AssistanceFigure
        fields = ["name", "record", "value", "unit", "target"]


class OutreachKindTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = OutreachKind
        fields = ["name", "sort_order", "is_active"]
