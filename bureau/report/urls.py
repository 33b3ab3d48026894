"""URLs of the report module, mounted at /reports/."""

from django.urls import path

from . import views

app_name = "report"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("document.css", views.DocumentCssView.as_view(), name="document_css"),
    path("<int:year>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:year>/sections/<slug:key>/", views.SectionSaveView.as_view(), name="section_save"),
    path("<int:year>/sections/<slug:key>/reset/", views.SectionResetView.as_view(), name="section_reset"),
    path("<int:year>/sections/<slug:key>/findings/apply/", views.FindingApplyView.as_view(), name="finding_apply"),
    path(
        "<int:year>/sections/<slug:key>/findings/dismiss/", views.FindingDismissView.as_view(), name="finding_dismiss"
    ),
    path("<int:year>/options/", views.OptionsView.as_view(), name="options"),
    path("<int:year>/carry-over/", views.CarryOverView.as_view(), name="carry_over"),
    path("<int:year>/issue/", views.IssueView.as_view(), name="issue"),
    path("<int:year>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("<int:year>/draft.<str:fmt>", views.DraftDownloadView.as_view(), name="draft_download"),
    path("issues/<int:pk>.<str:fmt>", views.IssueDownloadView.as_view(), name="issue_download"),
]
