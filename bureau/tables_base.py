"""Base table of every record type: the first column links to the record, sorting and paging on."""

import django_tables2 as tables
from django_tables2.columns.base import LinkTransform


class LedgerTable(tables.Table):
    """A django-tables2 table whose `link_field` column links to each record's detail page."""

    class Meta:
        template_name = "django_tables2/bootstrap5.html"
        attrs = {"class": "table table-sm table-hover align-middle ledger-table"}
        per_page = 50
        empty_text = "没有符合条件的记录。"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        link_field = getattr(self.Meta, "link_field", None) or self.Meta.fields[0]
        self.columns[link_field].link = LinkTransform(url=lambda record: record.get_absolute_url())
        model = self.Meta.model
        for bound in self.columns:
            # Dates and statuses read best on one line; names and titles may wrap.
            field = next((f for f in model._meta.fields if f.name == bound.name), None)
            short = field is not None and (field.choices or field.get_internal_type() in ("DateField", "DateTimeField"))
            if short:
                bound.column.attrs = {**bound.column.attrs, "td": {"class": "text-nowrap"}}


def money_column(verbose_name: str | None = None, **kwargs) -> tables.Column:
    return tables.Column(verbose_name=verbose_name, attrs={"td": {"class": "text-end"}}, **kwargs)
