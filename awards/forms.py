"""Forms of 奖励、成果与人才."""

from bureau.forms import LedgerForm

from .models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentProgram, TalentSelection


class AwardNominationForm(LedgerForm):
    class Meta:
        model = AwardNomination
        fields = [
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
        ]


class AppraisalForm(LedgerForm):
    class Meta:
        model = Appraisal
        fields = ["year", "title", "level", "organizer", "appraised_on", "conclusion", "applicant", "note"]


class TalentSelectionForm(LedgerForm):
    class Meta:
        model = TalentSelection
        fields = [
            "year",
            "person",
            "enterprise",
            "program",
            "level",
            "selected_on",
            "province_selected",
            "city_selected",
            "note",
        ]


class CommendationForm(LedgerForm):
    class Meta:
        model = Commendation
        fields = ["year", "title", "held_on", "year_honoured", "note"]


class CommendationItemForm(LedgerForm):
    class Meta:
        model = CommendationItem
        fields = ["commendation", "category", "title", "recipient", "recipient_person", "reward"]


class TalentProgramForm(LedgerForm):
    class Meta:
        model = TalentProgram
        fields = ["name", "level", "sort_order", "is_active"]
