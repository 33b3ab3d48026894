"""Reads of patents for the report and the dashboard; counting happens in the database."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Patent


def _year_window(year: int, until: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31)
    if until is not None:
        end = min(end, until)
    return start, end


def patents_of_year(*, year: int, until: datetime.date | None = None):
    """Patents filed or granted between 1 January of `year` and `until`, by application date."""
    start, end = _year_window(year, until)
    return (
        Patent.objects.filter(Q(filed_on__range=(start, end)) | Q(granted_on__range=(start, end)))
        .select_related("applicant")
        .order_by("filed_on", "application_number")
    )


def patent_counts_by_applicant(*, year: int, until: datetime.date | None = None) -> list[tuple[str, int, int]]:
    """(applicant name, filed, granted) in the window, most filed first: the appendix of a year with many patents."""
    start, end = _year_window(year, until)
    rows = (
        patents_of_year(year=year, until=until)
        .order_by()
        .values("applicant__short_name", "applicant__name")
        .annotate(
            filed=Count("pk", filter=Q(filed_on__range=(start, end))),
            granted=Count("pk", filter=Q(granted_on__range=(start, end))),
        )
        .order_by("-filed", "applicant__name")
    )
    return [(r["applicant__short_name"] or r["applicant__name"] or "", r["filed"], r["granted"]) for r in rows]


@dataclass(frozen=True)
class PatentTotals:
    """Patents applied for and granted in a year up to a cut-off date: `PatentCounts` without the split by kind."""

    year: int
    until: datetime.date
    applied: int
    granted: int


def _between(per_day: dict[datetime.date, int], start: datetime.date, end: datetime.date) -> int:
    return sum(n for day, n in per_day.items() if start <= day <= end)


@dataclass(frozen=True)
class PatentDays:
    """Patents filed and granted on each day of whole years (days without any left out).

    Every total and monthly series of those years is a sum over these few hundred rows,
    windowed exactly as `patents_of_year` windows them (`_year_window`).
    """

    years: tuple[int, ...]
    filed: dict[datetime.date, int]
    granted: dict[datetime.date, int]

    def totals(self, *, year: int, until: datetime.date | None = None) -> PatentTotals:
        """Patents filed and granted between 1 January of `year` and `until` (cut-off included)."""
        if year not in self.years:
            raise ValueError(f"{year} is not among the years read ({self.years})")
        start, end = _year_window(year, until)
        return PatentTotals(
            year=year,
            until=end,
            applied=_between(self.filed, start, end),
            granted=_between(self.granted, start, end),
        )

    def months(self, *, year: int) -> dict[str, list[int]]:
        """Patents applied for and granted in each month of `year`."""
        if year not in self.years:
            raise ValueError(f"{year} is not among the years read ({self.years})")
        series = {"applied": [0] * 12, "granted": [0] * 12}
        for what, per_day in (("applied", self.filed), ("granted", self.granted)):
            for day, n in per_day.items():
                if day.year == year:
                    series[what][day.month - 1] += n
        return series


def patent_days(*, years) -> PatentDays:
    """Patents filed and granted per day over `years`, in two queries whatever the number of patents.

    Each query reads only its own date index (no table rows, no per-row date functions: grouping
    by the indexed date itself), so the dashboard's totals, cut-offs and monthly series cost a
    few hundred rows instead of tens of thousands.
    """
    years = tuple(sorted(set(years)))
    if not years:
        return PatentDays(years=(), filed={}, granted={})
    span = (datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31))
    per_day = {}
    for column in ("filed_on", "granted_on"):
        rows = Patent.objects.filter(**{f"{column}__range": span}).values_list(column).annotate(n=Count("*")).order_by()
        per_day[column] = {day: n for day, n in rows if day.year in years}
    return PatentDays(years=years, filed=per_day["filed_on"], granted=per_day["granted_on"])
