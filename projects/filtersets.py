"""Filtersets of 科技计划项目."""

import django_filters
from django.utils import timezone

from bureau.filtering import LedgerFilterSet, YearFilter

from .models import Program, ProjectApplication
from .selectors import FILED_STATES, projects_due


class ProjectApplicationFilterSet(LedgerFilterSet):
    drilldown = ("decided_year", "stage", "program_levels", "due_from", "due_until")
    decided_year = YearFilter(field_name="decided_on", label="立项年份")
    program__level = django_filters.ChoiceFilter(
        field_name="program__level", choices=Program._meta.get_field("level").choices, label="计划级别"
    )
    # The dashboard's drill-down links: the same record sets its figures count.
    stage = django_filters.ChoiceFilter(
        choices=[("filed", "已申报（不含拟申报）"), ("approved", "已立项（含在研、验收、终止）")],
        method="filter_stage",
        label="阶段",
    )
    program_levels = django_filters.MultipleChoiceFilter(
        field_name="program__level", choices=Program._meta.get_field("level").choices, label="计划级别（多选）"
    )
    due_from = django_filters.DateFilter(method="filter_nothing", label="到期提醒起算日")
    due_until = django_filters.DateFilter(method="filter_due_until", label="中期检查/验收到期截至")

    class Meta:
        model = ProjectApplication
        fields = ["year", "status", "program", "program__level", "applicant", "is_major"]

    def filter_stage(self, queryset, name, value):
        states = FILED_STATES if value == "filed" else ProjectApplication.APPROVED_STATES
        return queryset.filter(status__in=states)

    def filter_due_until(self, queryset, name, value):
        # The reminder's own start day travels in the link, so the list counts what the reminder counted.
        today = self.form.cleaned_data.get("due_from") or timezone.localdate()
        return queryset.filter(pk__in=projects_due(today=today, until=value).values("pk"))

    def filter_nothing(self, queryset, name, value):
        return queryset


class ProgramFilterSet(LedgerFilterSet):
    class Meta:
        model = Program
        fields = ["level", "is_active"]
