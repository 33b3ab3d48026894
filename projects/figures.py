"""Figures of 科技计划项目, declared once (see `bureau.figures`)."""

from decimal import Decimal

from django.db.models import Sum

from bureau.figures import Figure, register
from bureau.models import LEVEL_CHOICES

from .selectors import project_counts_by_year

# The cards split by these levels; the county level is a figure too (the funding chart shows it).
LEVELS = [(code, label) for code, label in LEVEL_CHOICES if code != "county"]


def project_figures(*, years, until):
    """`project_counts_by_year`: a cut-off does not apply (projects are counted by 年度 and decision year)."""
    return project_counts_by_year(years=years)


def _funding(queryset):
    return queryset.aggregate(t=Sum("funding_approved", default=Decimal("0")))["t"]


def _filed(year, level=None):
    return ("projects.projectapplication", {"year": year, "stage": "filed", "program__level": level})


def _approved(year, level=None):
    return ("projects.projectapplication", {"decided_year": year, "stage": "approved", "program__level": level})


def _level(field, code):
    return lambda figures: figures["levels"][code][field]


FILED = "{year}年度已申报（不含拟申报）的科技计划项目"
APPROVED = "立项日期在{year}年的科技计划项目"
FUNDING = "立项日期在{year}年的科技计划项目的立项经费合计"

register(
    Figure(
        key="projects_applied",
        label="申报科技项目",
        measure_label="申报科技项目数",
        unit="项",
        source=project_figures,
        value=lambda figures: figures["applied"],
        drilldown=lambda year, end: _filed(year),
        caliber=FILED,
        target=True,
        card=True,
        order=10,
        parts=tuple(f"projects_applied_{code}" for code, _ in LEVELS),
    )
)
register(
    Figure(
        key="projects_approved",
        label="获批立项项目",
        measure_label="立项科技项目数",
        unit="项",
        source=project_figures,
        value=lambda figures: figures["approved"],
        drilldown=lambda year, end: _approved(year),
        caliber=APPROVED,
        target=True,
        card=True,
        order=20,
        parts=tuple(f"projects_approved_{code}" for code, _ in LEVELS),
    )
)
register(
    Figure(
        key="funding_approved",
        label="立项经费",
        unit="万元",
        decimals=2,
        source=project_figures,
        value=lambda figures: figures["funding_approved"],
        drilldown=lambda year, end: _approved(year),
        caliber=FUNDING,
        card=True,
        order=30,
        parts=tuple(f"funding_approved_{code}" for code, _ in LEVELS),
        of_records=_funding,
    )
)
register(
    Figure(
        key="projects_national_provincial",
        label="申报国家、省科技项目",
        measure_label="申报国家、省科技项目数",
        unit="项",
        source=project_figures,
        value=lambda figures: figures["national_provincial"],
        drilldown=lambda year, end: (
            "projects.projectapplication",
            {"year": year, "stage": "filed", "program_levels": ["national", "provincial"]},
        ),
        caliber="{year}年度已申报的国家级和省级科技计划项目",
        target=True,
        order=35,
    )
)
for n, (code, level) in enumerate(LEVEL_CHOICES):
    register(
        Figure(
            key=f"projects_applied_{code}",
            label=f"申报{level}科技项目",
            short_label=level,
            unit="项",
            source=project_figures,
            value=_level("applied", code),
            drilldown=lambda year, end, code=code: _filed(year, code),
            caliber=f"{{year}}年度已申报的{level}科技计划项目",
            order=11 + n,
        )
    )
    register(
        Figure(
            key=f"projects_approved_{code}",
            label=f"获批{level}立项项目",
            short_label=level,
            unit="项",
            source=project_figures,
            value=_level("approved", code),
            drilldown=lambda year, end, code=code: _approved(year, code),
            caliber=f"立项日期在{{year}}年的{level}科技计划项目",
            order=21 + n,
        )
    )
    register(
        Figure(
            key=f"funding_approved_{code}",
            label=f"{level}立项经费",
            short_label=level,
            unit="万元",
            decimals=2,
            source=project_figures,
            value=_level("funding_approved", code),
            drilldown=lambda year, end, code=code: _approved(year, code),
            caliber=f"立项日期在{{year}}年的{level}科技计划项目的立项经费合计",
            order=31 + n,
            of_records=_funding,
        )
    )
