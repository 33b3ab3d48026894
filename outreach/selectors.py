"""Reads of science week, outreach, cooperation, partnerships and assistance for the report and the dashboard."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Sum

from bureau.models import Enterprise, Industry

from .models import AssistanceFigure, AssistanceRecord, CooperationEvent, OutreachActivity, Partnership, ScienceWeek


def science_week(*, year: int) -> ScienceWeek | None:
    """The science week of `year`, or None."""
    return ScienceWeek.objects.filter(year=year).first()


def outreach_activities(*, year: int):
    """科普活动 of `year` in date order."""
    return (
        OutreachActivity.objects.filter(year=year).select_related("kind", "science_week").order_by("start_date", "pk")
    )


def cooperation_events(*, year: int):
    """科技合作交流 of `year`, with their participating units prefetched."""
    return (
        CooperationEvent.objects.filter(year=year)
        .prefetch_related(
            Prefetch("participants", queryset=Enterprise.objects.select_related("industry").order_by("name")),
            Prefetch("industries", queryset=Industry.objects.order_by("sort_order", "name")),
        )
        .order_by("start_date", "pk")
    )


@dataclass(frozen=True)
class PartnershipSummary:
    """产学研合作 of a year: local units (most partners first), partner institutions, and the count."""

    enterprises: tuple[Enterprise, ...]
    partners: tuple[Enterprise, ...]
    partner_count: int
    contents: tuple[str, ...]


def partnership_summary(*, year: int) -> PartnershipSummary:
    """Who cooperates with which universities and institutes in `year`."""
    qs = Partnership.objects.filter(year=year)
    # Most partnerships first; ties in the order the bureau entered them (the same on every database).
    enterprises = (
        Enterprise.objects.filter(partnerships__year=year)
        .select_related("industry")
        .annotate(n=Count("partnerships", distinct=True), first=Min("partnerships__pk"))
        .order_by("-n", "first")
    )
    partners = (
        Enterprise.objects.filter(partnerships_as_partner__year=year)
        .annotate(n=Count("partnerships_as_partner", distinct=True), first=Min("partnerships_as_partner__pk"))
        .order_by("-n", "first")
    )
    contents = tuple(dict.fromkeys(qs.order_by("pk").values_list("content", flat=True)))
    return PartnershipSummary(
        enterprises=tuple(enterprises),
        partners=tuple(partners),
        partner_count=qs.values("partner").distinct().count(),
        contents=contents,
    )


def assistance_records(*, year: int):
    """驻村挂点帮扶 of `year`, with their figures prefetched, in kind order."""
    kinds = [code for code, _ in AssistanceRecord.Kind.choices]
    records = list(
        AssistanceRecord.objects.filter(year=year).prefetch_related(
            Prefetch("figures", queryset=AssistanceFigure.objects.order_by("sort_order", "pk"))
        )
    )
    return sorted(records, key=lambda r: (kinds.index(r.kind), r.pk))


def outreach_figures_by_year(*, years) -> dict[int, dict]:
    """Per year: the science week (or None) and the assistance funds (万元) of `assistance_records`.

    Two queries whatever the number of years, for the dashboard's comparisons and charts.
    """
    years = list(years)
    weeks = {week.year: week for week in ScienceWeek.objects.filter(year__in=years)}
    funds = dict(
        AssistanceRecord.objects.filter(year__in=years)
        .values_list("year")
        .annotate(t=Sum("funds", default=Decimal("0")))
        .order_by()
    )
    return {
        year: {"science_week": weeks.get(year), "assistance_funds": funds.get(year, Decimal("0"))} for year in years
    }
