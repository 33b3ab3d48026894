"""Figures of the bureau's own records (certifications, industry statistics), declared once.

The other apps declare theirs in `<app>/figures.py`; the registry itself is `bureau.figures`.
"""

from decimal import Decimal

from .figures import Figure, register
from .selectors import certification_counts_by_year, choose_statistics, industry_indicators_by_year


def certification_figures(*, years, until):
    """`certification_counts_by_year`: counted by 年度, so a cut-off does not apply."""
    return certification_counts_by_year(years=years)


def industry_figures(*, years, until):
    """Each year's statistics row and shares (`industry_indicators_by_year`), None for a year without one."""
    indicators = industry_indicators_by_year(years=years)
    return {year: indicators.get(year) for year in years}


def _statistic(name):
    def value(indicators):
        return getattr(indicators.statistics, name) if indicators else None

    return value


def _share(name):
    def value(indicators):
        share = getattr(indicators, name) if indicators else None
        return share.percent if share else None

    return value


def _of_statistics(pick):
    """A statistics figure again from the drill-down's rows: the row chosen as `choose_statistics` chooses."""

    def value(queryset):
        stats = choose_statistics(list(queryset))
        return pick(stats)

    return value


def _statistics_list(year, end):
    return ("bureau.industrystatistics", {"year": year})


register(
    Figure(
        key="above_scale_high_tech",
        label="规上高新技术企业",
        unit="家",
        source=industry_figures,
        value=_statistic("above_scale_high_tech"),
        drilldown=_statistics_list,
        caliber="{year}年产业统计（全年，否则最近一期）中的规模以上高新技术企业数",
        card=True,
        order=60,
        of_records=_of_statistics(lambda stats: stats.above_scale_high_tech if stats else None),
    )
)
register(
    Figure(
        key="high_tech_certifications",
        label="新认定高新技术企业",
        measure_label="新认定高新技术企业数",
        unit="家",
        source=certification_figures,
        # Units, not certifications: a unit granted 国家 and 省级高新技术企业 in one year is one enterprise.
        value=lambda counts: counts["high_tech_units"],
        drilldown=lambda year, end: ("bureau.enterprise", {"high_tech_year": year}),
        caliber="{year}年度获得高新技术企业认定的单位（同一单位多项认定计一家）",
        target=True,
        card=True,
        order=70,
    )
)


def _share_of(stats, numerator, denominator):
    if stats is None or not getattr(stats, denominator):
        return None
    return Decimal(getattr(stats, numerator)) * 100 / Decimal(getattr(stats, denominator))


register(
    Figure(
        key="high_tech_share",
        label="高新技术产业增加值占比",
        unit="%",
        decimals=2,
        source=industry_figures,
        value=_share("high_tech_share"),
        drilldown=_statistics_list,
        caliber="{year}年产业统计中高新技术产业增加值占规模以上工业增加值的比重",
        card=True,
        order=80,
        of_records=_of_statistics(lambda s: _share_of(s, "high_tech_value_added", "industrial_value_added")),
    )
)
register(
    Figure(
        key="rd_active_share",
        label="有研发活动企业占比",
        unit="%",
        decimals=1,
        source=industry_figures,
        value=_share("rd_active_share"),
        drilldown=_statistics_list,
        caliber="{year}年产业统计中有研发活动的企业占规模以上工业企业的比重",
        card=True,
        order=90,
        of_records=_of_statistics(lambda s: _share_of(s, "rd_active_enterprises", "above_scale_enterprises")),
    )
)
