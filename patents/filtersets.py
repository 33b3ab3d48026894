"""Filtersets of 知识产权."""

import django_filters

from bureau.filtering import LedgerFilterSet, YearFilter

from .models import Patent


class PatentFilterSet(LedgerFilterSet):
    drilldown = ("filed_until", "granted_until")
    year = YearFilter(field_name="filed_on", label="申请年份")
    granted_year = YearFilter(field_name="granted_on", label="授权年份")
    filed_until = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte", label="申请日期截至")
    granted_until = django_filters.DateFilter(field_name="granted_on", lookup_expr="lte", label="授权日期截至")

    class Meta:
        model = Patent
        fields = ["year", "granted_year", "kind", "status", "applicant"]
