"""Figures of 科普、合作与帮扶, declared once (see `bureau.figures`)."""

from decimal import Decimal

from django.db.models import Sum

from bureau.figures import Figure, register

from .selectors import outreach_figures_by_year


def outreach_figures(*, years, until):
    """`outreach_figures_by_year`: counted by 年度, so a cut-off does not apply."""
    return outreach_figures_by_year(years=years)


def _week_participants(figures):
    week = figures["science_week"]
    return week.participants if week else None


register(
    Figure(
        key="science_week_participants",
        label="科技活动周参与群众",
        unit="人",
        source=outreach_figures,
        value=_week_participants,
        drilldown=lambda year, end: ("outreach.scienceweek", {"year": year}),
        caliber="{year}年科技活动周统计的参与群众人数",
        card=True,
        order=140,
        of_records=lambda queryset: queryset.aggregate(t=Sum("participants"))["t"],
    )
)
register(
    Figure(
        key="assistance_funds",
        label="帮扶资金",
        unit="万元",
        decimals=2,
        source=outreach_figures,
        value=lambda figures: figures["assistance_funds"],
        drilldown=lambda year, end: ("outreach.assistancerecord", {"year": year}),
        caliber="{year}年度驻村挂点帮扶记录的帮扶资金合计",
        card=True,
        order=150,
        of_records=lambda queryset: queryset.aggregate(t=Sum("funds", default=Decimal("0")))["t"],
    )
)
