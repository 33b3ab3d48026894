"""Reads of awards, appraisals, talents and the commendation meeting for the report and the dashboard."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from bureau.models import LEVEL_CHOICES

from .models import Appraisal, AwardNomination, Commendation, CommendationItem, TalentSelection

LEVEL_ORDER = [code for code, _ in LEVEL_CHOICES][::-1]  # county → national


def award_nominations(*, year: int):
    """科技奖励申报 of `year` with their applicants, in the order they were submitted."""
    return AwardNomination.objects.filter(year=year).select_related("applicant").order_by("submitted_on", "pk")


def appraisals(*, year: int):
    """科技成果鉴定 of `year`, by date."""
    return Appraisal.objects.filter(year=year).select_related("applicant").order_by("appraised_on", "title")


def talent_selections(*, year: int):
    """人才入选 of `year`, grouped by programme and date."""
    return (
        TalentSelection.objects.filter(year=year)
        .select_related("enterprise", "program")
        .order_by("selected_on", "program__sort_order", "pk")
    )


@dataclass(frozen=True)
class CommendationSummary:
    """The year's commendation meeting: what was honoured per category and the total reward (万元)."""

    commendation: Commendation
    categories: tuple[tuple[str, str, int], ...]  # (category code, label, count)
    total_reward: Decimal


def commendation_summary(*, year: int) -> CommendationSummary | None:
    """The last commendation meeting held in `year`, or None."""
    meeting = Commendation.objects.filter(year=year).order_by("-held_on").first()
    if meeting is None:
        return None
    labels = dict(CommendationItem.Category.choices)
    order = list(labels)
    rows = (
        CommendationItem.objects.filter(commendation=meeting)
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    categories = sorted(((code, labels[code], n) for code, n in rows), key=lambda row: order.index(row[0]))
    total = CommendationItem.objects.filter(commendation=meeting).aggregate(t=Sum("reward", default=Decimal("0")))["t"]
    return CommendationSummary(commendation=meeting, categories=tuple(categories), total_reward=total)


def award_figures_by_year(*, years) -> dict[int, dict]:
    """Per year: award nominations and wins, appraisals per level, talent selections, in one query.

    The counts are those of `award_nominations`, `appraisals` and `talent_selections` (the lists the report names).
    """
    from django.db.models import CharField, F, IntegerField, Value

    years = list(years)
    columns = ("what", "year", "lv", "n", "won")
    nominations = (
        AwardNomination.objects.filter(year__in=years)
        .annotate(what=Value("nominations", output_field=CharField()), lv=Value("", output_field=CharField()))
        .values("what", "year", "lv")
        .annotate(n=Count("pk"), won=Count("pk", filter=Q(status=AwardNomination.Status.WON)))
        .values_list(*columns)
        .order_by()
    )
    appraisal_rows = (
        Appraisal.objects.filter(year__in=years)
        .annotate(what=Value("appraisals", output_field=CharField()), lv=F("level"))
        .values("what", "year", "lv")
        .annotate(n=Count("pk"), won=Value(0, output_field=IntegerField()))
        .values_list(*columns)
        .order_by()
    )
    talents = (
        TalentSelection.objects.filter(year__in=years)
        .annotate(what=Value("talents", output_field=CharField()), lv=Value("", output_field=CharField()))
        .values("what", "year", "lv")
        .annotate(n=Count("pk"), won=Value(0, output_field=IntegerField()))
        .values_list(*columns)
        .order_by()
    )
    figures = {
        year: {
            "nominations": 0,
            "won": 0,
            "appraisals": 0,
            "appraisals_by_level": {level: 0 for level, _ in LEVEL_CHOICES},
            "talents": 0,
        }
        for year in years
    }
    for what, year, level, n, won in nominations.union(appraisal_rows, talents, all=True):
        row = figures[year]
        row[what] += n
        if what == "nominations":
            row["won"] += won
        elif what == "appraisals":
            row["appraisals_by_level"][level] = n
    return figures
