"""Record types of 科普、合作与帮扶, registered once."""

from bureau.models import Enterprise, Industry
from bureau.proofread.names import register_names_provider
from bureau.registry import Related, registry

from .models import (
    AssistanceFigure,
    AssistanceRecord,
    CooperationEvent,
    OutreachActivity,
    OutreachKind,
    Partnership,
    ScienceWeek,
)

registry.register(ScienceWeek, search_fields=("theme",), related=("activities",))
registry.register(OutreachActivity, search_fields=("title", "place", "organisers"))
registry.register(CooperationEvent, search_fields=("title", "place"))
registry.register(Partnership, search_fields=("enterprise__name", "partner__name", "content"))
registry.register(AssistanceRecord, search_fields=("place", "description"), related=("figures",))
registry.register(AssistanceFigure, search_fields=("name", "record__place"), parent_field="record")
registry.register(OutreachKind, search_fields=("name",), is_list=True)
registry.add_related(
    Enterprise, "partnerships", Related("partnerships_as_partner", title="产学研合作（作为合作方）"), "events"
)
registry.add_related(Industry, "events")


@register_names_provider
def event_names():
    """Titles of cooperation events and the places of assistance, for the proofreader."""
    yield from CooperationEvent.objects.values_list("title", flat=True)
    yield from AssistanceRecord.objects.values_list("place", flat=True)
