"""Filtersets of 奖励、成果与人才."""

from bureau.filtering import LedgerFilterSet

from .models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentProgram, TalentSelection


class AwardNominationFilterSet(LedgerFilterSet):
    class Meta:
        model = AwardNomination
        fields = ["year", "status", "level", "applicant", "recommended_higher"]


class AppraisalFilterSet(LedgerFilterSet):
    class Meta:
        model = Appraisal
        fields = ["year", "level", "conclusion", "applicant"]


class TalentSelectionFilterSet(LedgerFilterSet):
    class Meta:
        model = TalentSelection
        fields = ["year", "program", "level", "enterprise"]


class CommendationFilterSet(LedgerFilterSet):
    class Meta:
        model = Commendation
        fields = ["year", "year_honoured"]


class CommendationItemFilterSet(LedgerFilterSet):
    class Meta:
        model = CommendationItem
        fields = ["commendation", "commendation__year", "category", "recipient"]


class TalentProgramFilterSet(LedgerFilterSet):
    class Meta:
        model = TalentProgram
        fields = ["level", "is_active"]
