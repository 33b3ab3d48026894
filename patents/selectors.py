"""Reads of patents for the report and the dashboard; counting happens in the database."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from .models import Patent


@dataclass(frozen=True)
class PatentCounts:
    """Patents applied for and granted in a year, up to a cut-off date."""

    year: int
    until: datetime.date
    applied: int
    granted: int
    applied_by_kind: dict[str, int] = field(default_factory=dict)
    granted_by_kind: dict[str, int] = field(default_factory=dict)


def _year_window(year: int, until: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31)
    if until is not None:
        end = min(end, until)
    return start, end


def patent_counts(*, year: int, until: datetime.date | None = None) -> PatentCounts:
    """专利申请量与授权量: filed / granted between 1 January of `year` and `until` (default 31 December)."""
    start, end = _year_window(year, until)
    filed = Q(filed_on__range=(start, end))
    granted = Q(granted_on__range=(start, end))
    totals = Patent.objects.aggregate(applied=Count("pk", filter=filed), granted=Count("pk", filter=granted))
    by_kind = Patent.objects.values("kind").annotate(
        applied=Count("pk", filter=filed), granted=Count("pk", filter=granted)
    )
    return PatentCounts(
        year=year,
        until=end,
        applied=totals["applied"],
        granted=totals["granted"],
        applied_by_kind={row["kind"]: row["applied"] for row in by_kind if row["applied"]},
        granted_by_kind={row["kind"]: row["granted"] for row in by_kind if row["granted"]},
    )


def patent_counts_by_month(*, year: int) -> list[dict]:
    """Applications and grants per month of `year` (12 rows, months without patents count 0)."""
    applied = dict(
        Patent.objects.filter(filed_on__year=year)
        .annotate(month=ExtractMonth("filed_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    granted = dict(
        Patent.objects.filter(granted_on__year=year)
        .annotate(month=ExtractMonth("granted_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [{"month": m, "applied": applied.get(m, 0), "granted": granted.get(m, 0)} for m in range(1, 13)]


def patent_counts_by_year(*, cutoffs: dict[int, datetime.date | None]) -> dict[int, PatentCounts]:
    """`patent_counts` for several years in two queries: `cutoffs` maps each year to its cut-off (or None).

    The windows are those of `patent_counts` (`_year_window`), so the dashboard and the report agree.
    """
    windows = {year: _year_window(year, until) for year, until in cutoffs.items()}
    if not windows:
        return {}
    first = min(start for start, _ in windows.values())
    last = max(end for _, end in windows.values())
    # One query per date column, each reading only its own index range (an OR of both scans the table).
    rows = {}
    for what, column in (("applied", "filed_on"), ("granted", "granted_on")):
        aggregates = {
            f"y{year}": Count("pk", filter=Q(**{f"{column}__range": window})) for year, window in windows.items()
        }
        for row in (
            Patent.objects.filter(**{f"{column}__range": (first, last)})
            .values("kind")
            .annotate(**aggregates)
            .order_by()
        ):
            for year in windows:
                rows.setdefault(row["kind"], {})[f"{what}_{year}"] = row[f"y{year}"]
    rows = [{"kind": kind, **counts} for kind, counts in rows.items()]
    result = {}
    for year, (_, end) in windows.items():
        applied = {row["kind"]: row[f"applied_{year}"] for row in rows if row.get(f"applied_{year}")}
        granted = {row["kind"]: row[f"granted_{year}"] for row in rows if row.get(f"granted_{year}")}
        result[year] = PatentCounts(
            year=year,
            until=end,
            applied=sum(applied.values()),
            granted=sum(granted.values()),
            applied_by_kind=applied,
            granted_by_kind=granted,
        )
    return result
