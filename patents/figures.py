"""Figures of 知识产权, declared once (see `bureau.figures`)."""

from dataclasses import dataclass

from bureau.figures import Figure, register

from .selectors import PatentDays, PatentTotals, patent_days


@dataclass(frozen=True)
class PatentYear:
    """A year's totals up to its cut-off, and the per-day counts they were summed from (for monthly charts)."""

    totals: PatentTotals
    days: PatentDays


def patent_totals(*, years, until):
    """Patents applied for and granted per year, each year up to its cut-off (`PatentDays.totals`)."""
    days = patent_days(years=years)
    return {year: PatentYear(days.totals(year=year, until=until.get(year)), days) for year in years}


register(
    Figure(
        key="patents_applied",
        label="专利申请",
        measure_label="专利申请量",
        unit="件",
        source=patent_totals,
        value=lambda patents: patents.totals.applied,
        drilldown=lambda year, end: ("patents.patent", {"year": year, "filed_until": end}),
        caliber="申请日在{year}年{start}至{end}之间的专利",
        target=True,
        card=True,
        order=40,
    )
)
register(
    Figure(
        key="patents_granted",
        label="专利授权",
        measure_label="专利授权量",
        unit="件",
        source=patent_totals,
        value=lambda patents: patents.totals.granted,
        drilldown=lambda year, end: ("patents.patent", {"granted_year": year, "granted_until": end}),
        caliber="授权日在{year}年{start}至{end}之间的专利",
        target=True,
        card=True,
        order=50,
    )
)
