"""The dashboard page at `/`: a thin view over `bureau.dashboard.selectors.dashboard`."""

from django.urls import reverse
from django.utils import timezone
from django.views import generic

from . import selectors


class DashboardView(generic.TemplateView):
    """领导驾驶舱: key figures, targets, charts, reminders and recent changes for `?year=`."""

    template_name = "dashboard/dashboard.html"
    # The year a user last chose, kept for the session: coming back to 首页 shows that year again.
    SESSION_KEY = "dashboard_year"

    def get_year(self, *, years: list[int], today) -> int:
        """`?year=`, else the year chosen earlier in this session, else `selectors.default_year`."""
        chosen = valid_year(self.request.GET.get("year"))
        session = self.request.session
        if chosen is not None:
            if session.get(self.SESSION_KEY) != chosen:
                session[self.SESSION_KEY] = chosen  # written only when it changes
            return chosen
        kept = valid_year(session.get(self.SESSION_KEY))
        return kept if kept is not None else selectors.default_year(years=years, today=today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        years = selectors.ledger_years()
        year = self.get_year(years=years, today=today)
        # Only who can write the summary sees the button that starts it; a leader reads it under 年度工作总结.
        can_edit_report = self.request.user.has_perm("bureau.edit_report")
        context.update(selectors.dashboard(year=year, today=today, user=self.request.user))
        context.update(
            today=today,
            # Recorded years, plus the years up to now (targets can be set ahead of the records).
            years=sorted({*years, year, *range(max(years, default=today.year), today.year + 1)}, reverse=True),
            report_url=reverse("report:detail", args=[year]) if can_edit_report else None,
            export_url=f"{reverse('importexport:ledger_export')}?year={year}",
        )
        return context


def valid_year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None
