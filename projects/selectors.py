"""Reads of 科技计划项目 for the report and the dashboard; grouping and sums happen in the database."""

from decimal import Decimal

from django.db.models import CharField, Count, IntegerField, Q, Sum, Value

from .models import Program, ProjectApplication

# Statuses that mean an application was actually filed (拟申报 is only a plan).
FILED_STATES = ("applied", "recommended", "approved", "rejected", "ongoing", "accepted", "terminated")


def project_applications(*, year: int):
    """Applications filed in `year` (拟申报 excluded), in programme order."""
    return (
        ProjectApplication.objects.filter(year=year, status__in=FILED_STATES)
        .select_related("program", "applicant")
        .order_by("program__sort_order", "program__name", "applied_on", "title")
    )


def project_approvals(*, year: int):
    """Projects approved (立项) with a decision dated in `year`, whatever year they were filed."""
    return (
        ProjectApplication.objects.filter(decided_on__year=year, status__in=ProjectApplication.APPROVED_STATES)
        .select_related("program", "applicant")
        .order_by("program__sort_order", "program__name", "decided_on", "title")
    )


def major_projects_under_way(*, year: int):
    """国家、省、市重大科技项目 being carried out at the end of `year`: approved by then and not yet closed."""
    return ProjectApplication.objects.filter(
        is_major=True,
        program__level__in=("national", "provincial", "municipal"),
        status__in=ProjectApplication.APPROVED_STATES,
    ).filter(
        Q(decided_on__year__lte=year) | Q(decided_on__isnull=True, year__lte=year),
        Q(closed_on__isnull=True) | Q(closed_on__year__gt=year),
    )


def project_counts_by_year(*, years) -> dict[int, dict]:
    """Headline figures for several years in one query (filed, national/provincial, approved, funding), by level.

    Each year's figures are counted over the same querysets as the report's lists
    (`project_applications`, `project_approvals`), grouped by programme level, so the
    dashboard and the report agree; the union of those small grouped reads is one query.
    """
    levels = [code for code, _ in Program._meta.get_field("level").choices]
    years = list(years)
    figures = {
        year: {
            "applied": 0,
            "national_provincial": 0,
            "approved": 0,
            "funding_approved": Decimal("0"),
            "levels": {level: {"applied": 0, "approved": 0, "funding_approved": Decimal("0")} for level in levels},
        }
        for year in years
    }
    parts = [
        queryset(year=year)
        .order_by()
        .annotate(what=Value(what, output_field=CharField()), y=Value(year, output_field=IntegerField()))
        .values("what", "y", "program__level")
        .annotate(n=Count("pk"), funding=Sum("funding_approved", default=Decimal("0")))
        .values_list("what", "y", "program__level", "n", "funding")
        for year in years
        for what, queryset in (("applied", project_applications), ("approved", project_approvals))
    ]
    if not parts:
        return {}
    for what, year, level, n, funding in parts[0].union(*parts[1:], all=True):
        row = figures[year]
        by_level = row["levels"].setdefault(level, {"applied": 0, "approved": 0, "funding_approved": Decimal("0")})
        row[what] += n
        by_level[what] += n
        if what == "approved":
            row["funding_approved"] += funding
            by_level["funding_approved"] += funding
        elif level in ("national", "provincial"):
            row["national_provincial"] += n
    return figures


def projects_due(*, today, until):
    """Projects under way whose 中期检查 falls between `today` and `until`, or whose 验收 is due by `until`."""
    active = ProjectApplication.objects.filter(status__in=("approved", "ongoing"))
    return active.filter(Q(midterm_due__gte=today, midterm_due__lte=until) | Q(acceptance_due__lte=until)).order_by(
        "acceptance_due", "midterm_due", "pk"
    )
