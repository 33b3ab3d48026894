"""Tables of 奖励、成果与人才."""

from bureau.tables_base import LedgerTable

from .models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentProgram, TalentSelection


class AwardNominationTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = AwardNomination
        fields = ["title", "year", "award", "level", "applicant", "status", "grade", "recommended_higher"]


class AppraisalTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Appraisal
        fields = ["title", "year", "level", "organizer", "appraised_on", "conclusion", "applicant"]


class TalentSelectionTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = TalentSelection
        fields = ["person", "year", "enterprise", "program", "level", "selected_on"]


class CommendationTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = Commendation
        fields = ["title", "year", "held_on", "year_honoured"]


class CommendationItemTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = CommendationItem
        fields = ["title", "commendation", "category", "recipient", "recipient_person", "reward"]


class TalentProgramTable(LedgerTable):
    class Meta(LedgerTable.Meta):
        model = TalentProgram
        fields = ["name", "level", "sort_order", "is_active"]
