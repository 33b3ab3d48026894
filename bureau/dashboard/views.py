"""The dashboard page at `/`: a thin view over `bureau.dashboard.selectors.dashboard`."""

from django.urls import reverse
from django.utils import timezone
from django.views import generic

from . import selectors


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
            # Recorded years, plus the years up to now (targets can be set ahead of the records).
            years=sorted({*years, year, *range(max(years, default=today.year), today.year + 1)}, reverse=True),
            report_url=reverse("report:detail", args=[year]),
            export_url=f"{reverse('importexport:ledger_export')}?year={year}",
        )
        return context
