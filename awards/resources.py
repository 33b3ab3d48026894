"""Import/export resources of 奖励、成果与人才."""

from bureau.resources_base import LedgerResource

from .models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentProgram, TalentSelection


class AwardNominationResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = AwardNomination
        import_id_fields = ("year", "title", "level")
        fields = (
            "year",
            "title",
            "award",
            "level",
            "applicant",
            "status",
            "grade",
            "recommended_higher",
            "submitted_on",
            "recommended_on",
            "decided_on",
            "note",
        )


class AppraisalResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = Appraisal
        import_id_fields = ("year", "title")
        fields = ("year", "title", "level", "organizer", "appraised_on", "conclusion", "applicant", "note")


class TalentSelectionResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = TalentSelection
        import_id_fields = ("year", "person", "program")
        fields = (
            "year",
            "person",
            "enterprise",
            "program",
            "level",
            "selected_on",
            "province_selected",
            "city_selected",
            "note",
        )


def commendation_label(commendation: Commendation) -> str:
    """A meeting named with its year: 全县科技表彰大会 is held, under that title, every year."""
    return f"{commendation.year}年{commendation.title}"


class CommendationResource(LedgerResource):
    reference_label = staticmethod(commendation_label)
    # Workbooks written before the year was added name the meeting by title alone.
    reference_aliases = (str,)

    class Meta(LedgerResource.Meta):
        model = Commendation
        import_id_fields = ("year", "title")
        fields = ("year", "title", "held_on", "year_honoured", "note")


class CommendationItemResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = CommendationItem
        import_id_fields = ("commendation", "category", "title")
        fields = ("commendation", "category", "title", "recipient", "recipient_person", "reward")


class TalentProgramResource(LedgerResource):
    class Meta(LedgerResource.Meta):
        model = TalentProgram
        import_id_fields = ("name",)
        fields = ("name", "level", "sort_order", "is_active")
