"""Filtersets of 科技计划项目."""

import django_filters

from bureau.filtering import LedgerFilterSet

from .models import Program, ProjectApplication


class ProjectApplicationFilterSet(LedgerFilterSet):
    decided_year = django_filters.NumberFilter(field_name="decided_on", lookup_expr="year", label="立项年份")
    program__level = django_filters.ChoiceFilter(
        field_name="program__level", choices=Program._meta.get_field("level").choices, label="计划级别"
    )

    class Meta:
        model = ProjectApplication
        fields = ["year", "status", "program", "program__level", "applicant", "is_major"]


class ProgramFilterSet(LedgerFilterSet):
    class Meta:
        model = Program
        fields = ["level", "is_active"]
