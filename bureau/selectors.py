"""Reads of the shared layer (statistics, certifications, targets) for the report and the dashboard."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, Q, Sum, Value

from .figures import figures
from .models import AnnualTarget, BureauProfile, Certification, IndustryStatistics

FULL_YEAR = "全年"


def bureau_profile() -> BureauProfile:
    """The bureau's profile (county, name), unsaved defaults when none is stored yet."""
    return BureauProfile.current()


def choose_statistics(rows, *, period: str | None = None) -> IndustryStatistics | None:
    """Of one year's statistics rows: the given period, else 全年, else the latest entered period."""
    rows = sorted(rows, key=lambda stats: stats.pk)
    for wanted in (period, FULL_YEAR):
        for stats in rows:
            if wanted is not None and stats.period == wanted:
                return stats
    return rows[-1] if rows else None


def industry_statistics(*, year: int, period: str | None = None) -> IndustryStatistics | None:
    """The year's industry statistics, chosen by `choose_statistics`."""
    return choose_statistics(IndustryStatistics.objects.filter(year=year), period=period)


def _percent(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


@dataclass(frozen=True)
class Share:
    """A computed percentage (unrounded) with what it was computed from."""

    year: int
    period: str
    percent: Decimal
    numerator: Decimal
    denominator: Decimal


def _share(stats: IndustryStatistics | None, numerator: str, denominator: str) -> Share | None:
    if stats is None:
        return None
    top, bottom = Decimal(getattr(stats, numerator)), Decimal(getattr(stats, denominator))
    percent = _percent(top, bottom)
    return None if percent is None else Share(stats.year, stats.period, percent, top, bottom)


def high_tech_share_of(stats: IndustryStatistics | None) -> Share | None:
    """高新技术产业增加值占规模以上工业增加值的比重 of one statistics row."""
    return _share(stats, "high_tech_value_added", "industrial_value_added")


def rd_active_share_of(stats: IndustryStatistics | None) -> Share | None:
    """有研发活动的规模以上企业占规模以上工业企业的比重 of one statistics row."""
    return _share(stats, "rd_active_enterprises", "above_scale_enterprises")


def high_tech_share(*, year: int, period: str | None = None) -> Share | None:
    """高新技术产业增加值占比 of the year (8.85%); None when not recorded."""
    return high_tech_share_of(industry_statistics(year=year, period=period))


def rd_active_share(*, year: int, period: str | None = None) -> Share | None:
    """有研发活动企业占比 of the year (10.5%); None when not recorded."""
    return rd_active_share_of(industry_statistics(year=year, period=period))


def certifications_granted(*, year: int, high_tech: bool | None = None, platform: bool | None = None):
    """Certifications granted in `year`, optionally only high-tech or only platforms."""
    qs = Certification.objects.filter(year=year).select_related("enterprise", "kind")
    if high_tech is not None:
        qs = qs.filter(kind__is_high_tech=high_tech)
    if platform is not None:
        qs = qs.filter(kind__is_platform=platform)
    return qs.order_by("kind__sort_order", "granted_on", "enterprise__name")


def certifications_in_force(*, year: int, high_tech: bool | None = None, platform: bool | None = None):
    """Certifications granted by `year` and still valid at its start (no expiry counts as valid)."""
    qs = (
        Certification.objects.filter(year__lte=year)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__year__gte=year))
        .select_related("enterprise", "kind")
    )
    if high_tech is not None:
        qs = qs.filter(kind__is_high_tech=high_tech)
    if platform is not None:
        qs = qs.filter(kind__is_platform=platform)
    return qs.order_by("enterprise__name", "kind__sort_order")


def certification_counts_by_year(*, years) -> dict[int, dict]:
    """Per year: units newly certified high-tech (as the `high_tech_certifications` target counts them), their
    count of certifications, platforms granted, and county rewards (万元).

    One query: the union of each year's `certifications_granted`, grouped, with the kind filters that
    `certifications_granted(high_tech=True)` and `(platform=True)` add.
    """
    years = list(years)
    parts = [
        certifications_granted(year=year)
        .order_by()
        .annotate(y=Value(year, output_field=IntegerField()))
        .values("y")
        .annotate(
            high_tech_units=Count("enterprise", filter=Q(kind__is_high_tech=True), distinct=True),
            high_tech=Count("pk", filter=Q(kind__is_high_tech=True)),
            platforms=Count("pk", filter=Q(kind__is_platform=True)),
            rewards=Sum("reward", default=Decimal("0")),
        )
        .values_list("y", "high_tech_units", "high_tech", "platforms", "rewards")
        for year in years
    ]
    counts = {year: {"high_tech_units": 0, "high_tech": 0, "platforms": 0, "rewards": Decimal("0")} for year in years}
    if parts:
        keys = ("high_tech_units", "high_tech", "platforms", "rewards")
        for year, *values in parts[0].union(*parts[1:], all=True):
            counts[year] = dict(zip(keys, values, strict=True))
    return counts


@dataclass(frozen=True)
class TargetProgress:
    """A target of a year with its actual value so far."""

    indicator: str
    measure: str
    unit: str
    target: Decimal
    at_least: bool
    actual: int | None
    note: str


def annual_targets(*, year: int, with_actual: bool = True, values: dict | None = None) -> list[TargetProgress]:
    """年度目标 of `year` in indicator order, each with its actual value counted by its figure (`bureau.figures`).

    `values` ({key: {year: value}}) as a caller has read them already; the others are read with one
    call per source. A measure that is no figure (不自动统计) is not counted.
    """
    targets = list(
        AnnualTarget.objects.filter(year=year)
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator__name")
    )
    values = dict(values or {})
    counted = [t.indicator.measure for t in targets if t.indicator.measure in figures]
    if with_actual:
        missing = [key for key in counted if year not in values.get(key, {})]
        if missing:
            values.update(figures.values(missing, years=[year]))
    return [
        TargetProgress(
            indicator=t.indicator.name,
            measure=t.indicator.measure,
            unit=t.indicator.unit,
            target=t.target_value,
            at_least=t.at_least,
            actual=values[t.indicator.measure][year] if with_actual and t.indicator.measure in counted else None,
            note=t.note,
        )
        for t in targets
    ]


@dataclass(frozen=True)
class IndustryIndicators:
    """A year's industry statistics row with its computed shares (None when not computable)."""

    statistics: IndustryStatistics
    high_tech_share: Share | None
    rd_active_share: Share | None


def industry_indicators_by_year(*, years=None) -> dict[int, IndustryIndicators]:
    """Statistics and shares for `years` (default: every recorded year), oldest first, in one query.

    Each year's row and shares are chosen exactly as `industry_statistics` and the share selectors do.
    """
    rows = IndustryStatistics.objects.order_by("year", "pk")
    if years is not None:
        rows = rows.filter(year__in=list(years))
    by_year: dict[int, list[IndustryStatistics]] = {}
    for stats in rows:
        by_year.setdefault(stats.year, []).append(stats)
    result = {}
    for year, year_rows in by_year.items():
        stats = choose_statistics(year_rows)
        result[year] = IndustryIndicators(
            statistics=stats, high_tech_share=high_tech_share_of(stats), rd_active_share=rd_active_share_of(stats)
        )
    return result
