"""Filtersets of the shared layer's record types."""

import django_filters

from .filtering import LedgerFilterSet
from .models import (
    AnnualTarget,
    BureauProfile,
    Certification,
    CertificationKind,
    Enterprise,
    Formulation,
    Industry,
    IndustryStatistics,
    TargetIndicator,
)


class EnterpriseFilterSet(LedgerFilterSet):
    drilldown = ("high_tech_year",)
    above_scale = django_filters.BooleanFilter(label="规模以上")
    # The units behind 新认定高新技术企业: a unit certified 国家 and 省级 in one year is listed once.
    high_tech_year = django_filters.NumberFilter(method="filter_high_tech_year", label="新认定高新技术企业年度")

    class Meta:
        model = Enterprise
        fields = ["kind", "industry", "township", "above_scale"]

    def filter_high_tech_year(self, queryset, name, value):
        certified = Certification.objects.filter(year=value, kind__is_high_tech=True).values("enterprise")
        return queryset.filter(pk__in=certified)


class CertificationFilterSet(LedgerFilterSet):
    drilldown = ("expires_before", "expires_after", "kind__is_platform", "kind__is_high_tech")
    expires_before = django_filters.DateFilter(field_name="valid_until", lookup_expr="lte", label="有效期至早于")
    expires_after = django_filters.DateFilter(field_name="valid_until", lookup_expr="gte", label="有效期至晚于")

    class Meta:
        model = Certification
        fields = ["year", "kind", "level", "enterprise", "kind__is_platform", "kind__is_high_tech"]


class IndustryStatisticsFilterSet(LedgerFilterSet):
    class Meta:
        model = IndustryStatistics
        fields = ["year", "period"]


class AnnualTargetFilterSet(LedgerFilterSet):
    class Meta:
        model = AnnualTarget
        fields = ["year", "indicator"]


class BureauProfileFilterSet(LedgerFilterSet):
    class Meta:
        model = BureauProfile
        fields = []


class IndustryFilterSet(LedgerFilterSet):
    class Meta:
        model = Industry
        fields = ["is_active"]


class CertificationKindFilterSet(LedgerFilterSet):
    class Meta:
        model = CertificationKind
        fields = ["is_platform", "is_high_tech", "is_active"]


class TargetIndicatorFilterSet(LedgerFilterSet):
    class Meta:
        model = TargetIndicator
        fields = ["measure", "is_active"]


class FormulationFilterSet(LedgerFilterSet):
    class Meta:
        model = Formulation
        fields = ["is_active"]
