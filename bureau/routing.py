"""URL patterns generated from the registry: `/<app_label>/<model_name>/…` named `<app_label>:<model_name>_<action>`."""

from django.urls import include, path

from .attachments import views as attachment_views
from .importexport import selectors as importexport_selectors
from .importexport import views as importexport_views
from .pickers import views as picker_views
from .registry import ACTIONS, registry
from .views import generic

# Other modules (attachments, import/export) add their per-record-type views here:
# (url suffix with a trailing slash, action name, view class).
RECORD_VIEWS = [
    ("", "list", generic.ObjectListView),
    ("add/", "add", generic.ObjectEditView),
    ("<int:pk>/", "detail", generic.ObjectDetailView),
    ("<int:pk>/edit/", "edit", generic.ObjectEditView),
    ("<int:pk>/delete/", "delete", generic.ObjectDeleteView),
    ("<int:pk>/history/", "history", generic.ObjectHistoryView),
    # The type-ahead of pickers choosing records of this type (JSON).
    ("choices/", "choices", picker_views.PickerChoicesView),
    # Attachments: upload, download and delete on every record type, and a section on every detail page.
    *attachment_views.RECORD_VIEWS,
    # Excel import/export: the list's filtered view, an import template, upload → preview → confirm.
    ("export/", "export", importexport_views.ExportView),
    ("export/csv/", "export_csv", importexport_views.ExportCsvView),
    ("import/template/", "import_template", importexport_views.ImportTemplateView),
    ("import/", "import", importexport_views.ImportView),
    ("import/<str:token>/", "import_preview", importexport_views.ImportView),
    ("import/<str:token>/errors/", "import_errors", importexport_views.ImportErrorsView),
]
generic.DETAIL_SECTIONS.append(attachment_views.detail_section)
generic.LIST_BUTTONS.append(importexport_selectors.list_buttons)


def record_type_urlpatterns(app_label: str) -> list:
    patterns = []
    for record_type in registry.for_app(app_label):
        prefix = f"{record_type.model_name}/"
        for suffix, action, view in RECORD_VIEWS:
            if action in ACTIONS and action not in record_type.actions:
                continue
            patterns.append(
                path(prefix + suffix, view.as_view(record_type=record_type), name=f"{record_type.model_name}_{action}")
            )
    return patterns


def registry_urlpatterns() -> list:
    app_labels = dict.fromkeys(record_type.app_label for record_type in registry)
    return [path(f"{label}/", include((record_type_urlpatterns(label), label))) for label in app_labels]
