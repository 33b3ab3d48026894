"""Record types of 奖励、成果与人才, registered once."""

from bureau.models import Enterprise
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
