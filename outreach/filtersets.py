"""Filtersets of 科普、合作与帮扶."""

from bureau.filtering import LedgerFilterSet

from .models import (
    AssistanceFigure,
    AssistanceRecord,
    CooperationEvent,
    OutreachActivity,
    OutreachKind,
    Partnership,
    ScienceWeek,
)


class ScienceWeekFilterSet(LedgerFilterSet):
    class Meta:
        model = ScienceWeek
        fields = ["year"]


class OutreachActivityFilterSet(LedgerFilterSet):
    class Meta:
        model = OutreachActivity
        fields = ["year", "kind", "science_week"]


class CooperationEventFilterSet(LedgerFilterSet):
    class Meta:
        model = CooperationEvent
        fields = ["year", "kind", "online", "participants"]


class PartnershipFilterSet(LedgerFilterSet):
    class Meta:
        model = Partnership
        fields = ["year", "enterprise", "partner"]


class AssistanceRecordFilterSet(LedgerFilterSet):
    class Meta:
        model = AssistanceRecord
        fields = ["year", "kind"]


class AssistanceFigureFilterSet(LedgerFilterSet):
    class Meta:
        model = AssistanceFigure
        fields = ["record", "record__year"]


class OutreachKindFilterSet(LedgerFilterSet):
    class Meta:
        model = OutreachKind
        fields = ["is_active"]
