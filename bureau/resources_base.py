"""Base import/export resource of every record type: Chinese headers from verbose names, business keys."""

from import_export import resources


class LedgerResource(resources.ModelResource):
    """A ModelResource that validates rows through the model (`full_clean`) and skips unchanged rows."""

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
