"""Base table of every record type: the first column links to the record, sorting and paging on.

Every cell carries its column's header as `data-label`, and the link cell the class
`ledger-title`: below Bootstrap's small breakpoint, ledger.css shows each row of a
`ledger-cards` table as a card (the title, then "label：value" lines), so every record
type's list reads on a phone.

django-tables2 renders each cell through a template, signature inspection and, for a
date, a template compiled per cell: about 3 ms a row. `LedgerTable.body_html` renders
the rows of the page in Python instead, with what does not change from row to row
(each column's <td> attributes, how it reads and formats its value, the detail URL)
worked out once per table; `head_html` does the same for the header. Columns it
does not know (a `render_<name>` method, a custom column class, an accessor across
relations) go through django-tables2 as before, one cell at a time; the output is
the same HTML either way (tests/views/test_tables.py compares them).
"""

import re
from functools import partialmethod
from html import escape as html_escape

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import dateformat
from django.utils.encoding import force_str
from django.utils.formats import get_format, localize
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django_tables2.columns.base import LinkTransform
from django_tables2.utils import AttributeDict

from bureau.models.base import LedgerRecord
from bureau.pagination import LedgerPaginator, total_order

# A primary key no record has, reversed once and replaced by each row's own.
URL_SENTINEL = 987654321
DATE_TEMPLATE = re.compile(r'^\{\{ value\|date:"([^"]*)"\|default:default \}\}$')


class LedgerTable(tables.Table):
    """A django-tables2 table whose `link_field` column links to each record's detail page."""

    class Meta:
        template_name = "generic/_table.html"
        attrs = {"class": "table table-sm table-hover align-middle ledger-table ledger-cards"}
        per_page = 50
        empty_text = "没有符合条件的记录。"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        link_field = getattr(self.Meta, "link_field", None) or self.Meta.fields[0]
        self.columns[link_field].link = LinkTransform(url=lambda record: record.get_absolute_url())
        self.link_field = link_field
        model = self.Meta.model
        for bound in self.columns:
            td = dict(bound.column.attrs.get("td", {}))
            # Dates and statuses read best on one line; names and titles may wrap.
            field = next((f for f in model._meta.fields if f.name == bound.name), None)
            short = field is not None and (field.choices or field.get_internal_type() in ("DateField", "DateTimeField"))
            if short:
                td["class"] = "text-nowrap"
            if bound.name == link_field:
                # On a phone each row is a card (ledger.css): this cell is its title, the others "label：value".
                td["class"] = " ".join(filter(None, (td.get("class"), "ledger-title")))
            td["data-label"] = str(bound.header)
            bound.column.attrs = {**bound.column.attrs, "td": td}

    def paginate(self, paginator_class=LedgerPaginator, *args, **kwargs):
        # Pages are read from either end (see LedgerPaginator): the order must have no ties.
        if isinstance(self.data, tables.data.TableQuerysetData):
            self.data.data = total_order(self.data.data)
        return super().paginate(paginator_class, *args, **kwargs)

    # --- rendering the header and the rows -------------------------------------------------

    def head_html(self) -> str | None:
        """The <th> cells, as django-tables2's bootstrap5 template renders them; None for its template to do it.

        Its template evaluates a tag per column (~0.1 ms): a detail page with ten related
        tables spent 5 ms on their headers.
        """
        request = getattr(self, "request", None)
        params = dict(request.GET) if request is not None else None
        out = []
        for column in self.columns:
            th, header = column.attrs["th"].as_html(), escaped(column.header)
            if not column.orderable:
                out.append(f'<th {th} scope="col">{header}</th>')
                continue
            if params is None:
                return None  # the sort links need the request's query
            query = {**params, self.prefixed_order_by_field: column.order_by_alias.next}
            href = html_escape("?" + urlencode(query, doseq=True))
            out.append(f'<th {th} scope="col"><a href="{href}">{header}</a></th>')
        return mark_safe("".join(out))  # every part escaped as it was added

    def body_html(self) -> str:
        """The <tbody> rows of the page shown, as django-tables2's bootstrap5 template renders them."""
        cells = [(self.td_html(bound), self.cell_renderer(bound)) for bound in self.columns]
        plain_rows = not self.row_attrs
        out = []
        for row in self.paginated_rows:
            tr = f'class="{row.get_even_odd_css_class()}"' if plain_rows else row.attrs.as_html()
            out.append(f"<tr {tr}>")
            record = row.record
            for td, render in cells:
                out.append(f"<td {td(row) if callable(td) else td}>{render(row, record)}</td>")
            out.append("</tr>")
        if not out and self.empty_text:
            out.append(f'<tr><td colspan="{len(self.columns)}">{conditional_escape(self.empty_text)}</td></tr>')
        return mark_safe("".join(out))  # every value escaped as it was added

    @staticmethod
    def td_html(bound):
        """The <td> attributes: worked out once when the column's attributes do not depend on the row."""
        if not any(callable(value) for value in _cell_attrs(bound).values()):
            return bound.attrs["td"].as_html()

        def per_row(row):
            # As django-tables2's BoundRow.items(): callable attributes see the record and the rendered cell.
            bound.current_value, bound.current_record = row.get_cell(bound.name), row.record
            return bound.attrs["td"].as_html()

        return per_row

    def cell_renderer(self, bound):
        """A function (row, record) → the cell's HTML, as django-tables2 would render it."""
        column = bound.column
        field = self.plain_field(bound)
        if field is None:
            return self.library_cell(bound)
        name = field.name
        default = conditional_escape(bound.default)
        empty = column.empty_values
        link = self.link_builder(bound)

        if type(column) is tables.BooleanColumn:
            if field.choices:
                return self.library_cell(bound)
            spans = {
                value: format_html(
                    "<span {}>{}</span>",
                    AttributeDict({"class": str(value).lower(), **column.attrs.get("span", {})}).as_html(),
                    escape(column.yesno[int(not value)]),
                )
                for value in (True, False)
            }

            def text(record):
                value = getattr(record, name)
                return None if value in empty else spans[bool(value)]

        elif type(column) is tables.DateColumn:
            matched = DATE_TEMPLATE.match(column.template_code or "")
            if matched is None or not isinstance(field, models.DateField) or isinstance(field, models.DateTimeField):
                return self.library_cell(bound)
            formatted = date_formatter(get_format(matched.group(1)))

            def text(record):
                value = getattr(record, name)
                if value in empty:
                    return None
                if value is None or value == "":  # a date column renders even these: as the default
                    return default
                return html_escape(formatted(value)) or default

        elif type(column) is tables.Column:
            if field.choices:
                if not default_display(self.Meta.model, name):
                    return self.library_cell(bound)
                # Model._get_FIELD_display builds this dict for every call.
                labels = dict(make_hashable(field.flatchoices))

                def read(record):
                    value = getattr(record, name)
                    return force_str(labels.get(make_hashable(value), value), strings_only=True)

            else:

                def read(record):
                    return getattr(record, name)

            if link is None:

                def text(record):
                    value = read(record)
                    return None if value in empty else shown(value)

            else:
                # django-tables2 links the raw value: format_html escapes it without localizing.
                def text(record):
                    value = read(record)
                    return None if value in empty else escaped(value)

        else:
            return self.library_cell(bound)

        if link is None:
            return lambda row, record: text(record) or default

        def linked(row, record):
            content = text(record)
            return default if content is None else f'<a href="{html_escape(link(record))}">{content}</a>'

        return linked

    def plain_field(self, bound):
        """The model field a column shows as it is, or None when the column needs django-tables2's own rendering."""
        column = bound.column
        if hasattr(self, f"render_{bound.name}") or column.localize is not None:
            return None
        if bound.link is not None and bound.name != self.link_field:
            return None
        if not isinstance(self.data, tables.data.TableQuerysetData) and not _model_rows(self.data):
            return None
        accessor = str(bound.accessor)
        try:
            field = self.Meta.model._meta.get_field(accessor)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.many_to_many or (field.is_relation and accessor == field.attname):
            return None
        return field

    def link_builder(self, bound):
        """record → its detail URL, for the link column; None for the others."""
        if bound.name != self.link_field:
            return None
        model = self.Meta.model
        if model.get_absolute_url is not LedgerRecord.get_absolute_url:
            return lambda record: record.get_absolute_url()
        meta = model._meta
        head, tail = reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[URL_SENTINEL]).split(str(URL_SENTINEL))
        return lambda record: f"{head}{record.pk}{tail}"

    @staticmethod
    def library_cell(bound):
        """django-tables2's own rendering of one cell, output as its template would."""
        name = bound.name

        def render(row, record):
            return shown(row.get_cell(name))

        return render


def escaped(value) -> str:
    """Django's conditional_escape, without its lazy-string wrapper (a few µs a cell): the same text."""
    return value.__html__() if hasattr(value, "__html__") else html_escape(str(value))


def shown(value) -> str:
    """A value as a template's {{ value }} shows it: in local time, localized, escaped."""
    if type(value) is str:
        return html_escape(value)
    return escaped(localize(template_localtime(value)))


def default_display(model, name: str) -> bool:
    """True when `get_<name>_display` is Django's own, not a method the model defines."""
    for klass in model.__mro__:
        if f"get_{name}_display" in klass.__dict__:
            method = klass.__dict__[f"get_{name}_display"]
            return isinstance(method, partialmethod) and method.func is models.Model._get_FIELD_display
    return False


def date_formatter(date_format: str):
    """date → text as Django's `date` filter formats it; a str.format template when the format allows."""
    template = []
    for char in date_format:
        if char in SIMPLE_DATE_PARTS:
            template.append(SIMPLE_DATE_PARTS[char])
        elif char.isascii() and (char.isalpha() or char == "\\"):
            return lambda value: dateformat.format(value, date_format)  # other parts: Django's formatter
        else:
            template.append(char.replace("{", "{{").replace("}", "}}"))
    return "".join(template).format


# Django date format characters → str.format fields (Y: four digits, m/d: two, n/j: no padding).
SIMPLE_DATE_PARTS = {"Y": "{0.year:04d}", "m": "{0.month:02d}", "n": "{0.month}", "d": "{0.day:02d}", "j": "{0.day}"}


def _cell_attrs(bound) -> dict:
    attrs = {**bound._table.attrs, **bound.column.attrs}
    return attrs.get("td", attrs.get("cell", {}))


def _model_rows(data) -> bool:
    rows = getattr(data, "data", None)
    return isinstance(rows, list) and all(isinstance(row, models.Model) for row in rows)


def money_column(verbose_name: str | None = None, **kwargs) -> tables.Column:
    return tables.Column(verbose_name=verbose_name, attrs={"td": {"class": "text-end"}}, **kwargs)
