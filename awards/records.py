"""Record types of 奖励、成果与人才, registered once."""

from bureau.models import Enterprise
from bureau.proofread.names import register_names_provider
from bureau.registry import registry

from .models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentProgram, TalentSelection

registry.register(AwardNomination, search_fields=("title", "award", "applicant__name"))
registry.register(Appraisal, search_fields=("title", "organizer", "applicant__name"))
registry.register(TalentSelection, search_fields=("person", "enterprise__name", "program__name"))
registry.register(Commendation, search_fields=("title",), related=("items",))
registry.register(
    CommendationItem,
    search_fields=("title", "recipient__name", "recipient_person"),
    parent_field="commendation",
)
registry.register(TalentProgram, search_fields=("name",), is_list=True)
registry.add_related(Enterprise, "awards", "appraisals", "talents", "honours")


@register_names_provider
def talent_and_achievement_names():
    """Talent programmes and the titles of nominations and appraisals, for the proofreader."""
    yield from TalentProgram.objects.values_list("name", flat=True)
    yield from AwardNomination.objects.values_list("title", flat=True)
    yield from Appraisal.objects.values_list("title", flat=True)
