"""Base filterset of every record type: a search box, a year filter first, labels in Chinese."""

from functools import partial, reduce
from operator import or_

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from .registry import registry


def year_choices(model) -> list[tuple[int, str]]:
    """The years that have records of this model, newest first."""
    years = model._default_manager.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, f"{year}年") for year in years]


class FastSelect(forms.Select):
    """A select that joins its options as strings instead of rendering a template per option.

    A filter on 申报单位 offers every unit: thousands of options, which Django's
    per-option templates render in about a second; joined strings take milliseconds.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # iter(): list() would ask a ModelChoiceIterator for its length, a COUNT query of its own.
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: the ordinary path
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), " selected" if str(v) in selected else "", label) for v, label in choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class LedgerFilterSet(django_filters.FilterSet):
    """Adds `q` (search over the record type's search_fields) and, where the model has a year, `year` first."""

    q = django_filters.CharFilter(method="filter_search", label="搜索")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        if "year" in self.filters and any(f.name == "year" for f in model._meta.fields):
            # Year first, defaulting to all years; offer the years that have records.
            self.filters["year"] = django_filters.ChoiceFilter(
                field_name="year", label="年度", choices=partial(year_choices, model), empty_label="全部年度"
            )
            self.filters.move_to_end("year", last=False)
        self.filters.move_to_end("q", last=False)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelChoiceFilter):
                filter_.extra.setdefault("widget", FastSelect)

    def filter_search(self, queryset, name, value):
        record_type = registry.get(self._meta.model)
        terms = value.split()
        fields = record_type.search_fields if record_type else ()
        if not terms or not fields:
            return queryset
        for term in terms[:5]:
            queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)))
        return queryset


FILTER_OVERRIDES = {
    models.BooleanField: {
        "filter_class": django_filters.BooleanFilter,
        "extra": lambda f: {"widget": django_filters.widgets.BooleanWidget()},
    },
}
