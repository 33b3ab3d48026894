"""The dashboard page at `/`: a thin view over `bureau.dashboard.selectors.dashboard`."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import generic

from . import selectors


def optional_url(name: str, *args, fallback: str | None = None) -> str | None:
    """The URL named `name`, or `fallback` while the module that provides it is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


class DashboardView(generic.TemplateView):
    """领导驾驶舱: key figures, targets, charts, reminders and recent changes for `?year=`."""

    template_name = "dashboard/dashboard.html"

    def get_year(self, years: list[int], today) -> int:
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            return selectors.default_year(years=years, today=today)
        return year if 2000 <= year <= 2100 else selectors.default_year(years=years, today=today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        years = selectors.ledger_years()
        year = self.get_year(years, today)
        context.update(selectors.dashboard(year=year, today=today, user=self.request.user))
        context.update(
            today=today,
            years=sorted({*years, year, today.year}, reverse=True),
            report_url=optional_url("reports:detail", year, fallback=f"/reports/{year}/"),
            export_url=self.export_url(year),
        )
        return context

    @staticmethod
    def export_url(year: int) -> str | None:
        for name in ("export_ledger", "ledger:export", "bureau:export_ledger"):
            url = optional_url(name)
            if url:
                return f"{url}?year={year}"
        return None
