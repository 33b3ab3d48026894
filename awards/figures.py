"""Figures of 奖励、成果与人才, declared once (see `bureau.figures`)."""

from bureau.figures import Figure, register
from bureau.models import LEVEL_CHOICES

from .selectors import award_figures_by_year


def award_figures(*, years, until):
    """`award_figures_by_year`: counted by 年度, so a cut-off does not apply."""
    return award_figures_by_year(years=years)


LEVELS = [(code, label) for code, label in LEVEL_CHOICES if code != "county"]

register(
    Figure(
        key="award_nominations",
        label="科技奖励申报",
        measure_label="科技奖励申报数",
        unit="项",
        source=award_figures,
        value=lambda figures: figures["nominations"],
        drilldown=lambda year, end: ("awards.awardnomination", {"year": year}),
        caliber="{year}年度的科技奖励申报",
        target=True,
        card=True,
        order=100,
    )
)
register(
    Figure(
        key="award_wins",
        label="科技奖励获奖",
        unit="项",
        source=award_figures,
        value=lambda figures: figures["won"],
        drilldown=lambda year, end: ("awards.awardnomination", {"year": year, "status": "won"}),
        caliber="{year}年度申报、状态为获奖的科技奖励",
        card=True,
        order=110,
    )
)
register(
    Figure(
        key="appraisals",
        label="科技成果鉴定",
        unit="项",
        source=award_figures,
        value=lambda figures: figures["appraisals"],
        drilldown=lambda year, end: ("awards.appraisal", {"year": year}),
        caliber="{year}年度的科技成果鉴定",
        card=True,
        order=120,
        parts=tuple(f"appraisals_{code}" for code, _ in LEVELS),
    )
)
for n, (code, level) in enumerate(LEVELS):
    register(
        Figure(
            key=f"appraisals_{code}",
            label=f"{level}成果鉴定",
            measure_label=f"{level}成果鉴定数",
            short_label=level,
            unit="项",
            source=award_figures,
            value=lambda figures, code=code: figures["appraisals_by_level"][code],
            drilldown=lambda year, end, code=code: ("awards.appraisal", {"year": year, "level": code}),
            caliber=f"{{year}}年度通过{level}鉴定的科技成果",
            target=True,
            order=121 + n,
        )
    )
register(
    Figure(
        key="talents",
        label="人才入选",
        measure_label="人才入选数",
        unit="人",
        source=award_figures,
        value=lambda figures: figures["talents"],
        drilldown=lambda year, end: ("awards.talentselection", {"year": year}),
        caliber="{year}年度入选各级人才计划的人员",
        target=True,
        card=True,
        order=130,
    )
)
