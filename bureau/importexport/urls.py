"""Whole-ledger import and export (the per-record-type pages come from bureau.routing.RECORD_VIEWS)."""

from django.urls import path

from . import views

app_name = "importexport"

urlpatterns = [
    path("export/", views.LedgerExportView.as_view(), name="ledger_export"),
    path("import/", views.LedgerImportView.as_view(), name="ledger_import"),
    path("import/<str:token>/", views.LedgerImportView.as_view(), name="ledger_import_preview"),
    path("import/<str:token>/errors/", views.LedgerImportErrorsView.as_view(), name="ledger_import_errors"),
]
