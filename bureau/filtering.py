"""Base filterset of every record type: a search box, a year filter first, labels in Chinese."""

from functools import partial, reduce
from html import escape
from operator import and_, or_

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from .formfields import GuardedChoiceMixin
from .models import EditableList, Enterprise
from .registry import registry


def year_choices(model) -> list[tuple[int, str]]:
    """The years that have records of this model, newest first."""
    years = model._default_manager.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, f"{year}年") for year in years]


class YearChoiceField(django_filters.fields.ChoiceField):
    """The year list offers the years that have records, but accepts any year: a link to a year
    without records (a figure of 0) must show no records, not all of them."""

    def valid_value(self, value) -> bool:
        return (str(value).isdigit() and 2000 <= int(value) <= 2100) or super().valid_value(value)


class YearChoiceFilter(django_filters.ChoiceFilter):
    field_class = YearChoiceField


def once(choices):
    """A choices callable evaluated at most once: validating and rendering the form both ask for the choices."""
    cache: list = []

    def cached():
        if not cache:
            cache.append(choices())
        return cache[0]

    return cached


class FastSelect(forms.Select):
    """A select that joins its options as strings instead of rendering a template per option.

    A filter on 申报单位 offers every unit: thousands of options, which Django's
    per-option templates render in about a second; joined strings take milliseconds.
    The options of units and editable lists are kept between requests while their rows
    are unchanged (`named_options`): reading and escaping 4,000 names cost 10–20 ms a select.
    """

    def render(self, name, value, attrs=None, renderer=None):
        options = self.named_options()
        if options is None:
            choices = list(iter(self.choices))  # list() alone would COUNT first
            if any(isinstance(label, list | tuple) for _, label in choices):
                return super().render(name, value, attrs, renderer)  # option groups: the ordinary path
            options = options_html(choices)
        for selected in {str(v) for v in self.format_value(value)}:
            option = f'<option value="{escape(selected)}">'
            options = options.replace(option, f"{option[:-1]} selected>", 1)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # every part escaped in options_html

    def named_options(self) -> str | None:
        """For units and editable lists, whose label is their name: the options from (pk, name) pairs, without models.

        Kept while the rows are unchanged: one aggregate query (row count, last id, last
        change, sum of versions, which every save and import raises, and the names' total
        length) tells whether they are.
        """
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or queryset.model.__str__ not in (Enterprise.__str__, EditableList.__str__):
            return None
        names = queryset.values_list("pk", "name")
        sql, params = names.query.sql_with_params()
        state = queryset.aggregate(
            rows=Count("pk"),
            last=Max("pk"),
            changed=Max("updated_at"),
            versions=Sum("version"),
            size=Sum(Length("name")),
        )
        empty_label = self.choices.field.empty_label
        key = (queryset.db, sql, tuple(map(str, params)), empty_label, tuple(state.values()))
        options = NAMED_OPTIONS.get(key)
        if options is None:
            head = [("", empty_label)] if empty_label is not None else []
            options = options_html(head + list(names))
            if len(NAMED_OPTIONS) >= NAMED_OPTIONS_KEPT:
                NAMED_OPTIONS.pop(next(iter(NAMED_OPTIONS)))  # the oldest
            NAMED_OPTIONS[key] = options
        return options


# Rendered options of unit and list selects, by query and the state of its rows (FastSelect.named_options).
NAMED_OPTIONS: dict[tuple, str] = {}
NAMED_OPTIONS_KEPT = 32


def options_html(choices) -> str:
    """<option>s of (value, label) pairs, escaped by the standard library (Django's format_html: ~50 µs an option)."""
    return "".join([f'<option value="{escape(str(v))}">{escape(str(label))}</option>' for v, label in choices])


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """FastSelect for many-to-many filters (参加单位)."""


class GuardedModelChoiceField(GuardedChoiceMixin, django_filters.fields.ModelChoiceField):
    pass


class GuardedModelMultipleChoiceField(GuardedChoiceMixin, django_filters.fields.ModelMultipleChoiceField):
    pass


class YearFilter(django_filters.NumberFilter):
    """A year typed in the URL (?granted_year=2023): an integer 2000–2100, else a form error, never a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, **kwargs)


class YesNoSelect(forms.NullBooleanSelect):
    """全部 / 是 / 否 instead of Django's 未知 / 是 / 否."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "全部"), ("true", "是"), ("false", "否")]


class LedgerFilterSet(django_filters.FilterSet):
    """Adds `q` (search over the record type's search_fields) and, where the model has a year, `year` first."""

    q = django_filters.CharFilter(method="filter_search", label="搜索")
    # Filters that dashboard links use; the filter bar shows them only while they are set.
    drilldown: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        if "year" in self.filters and any(f.name == "year" for f in model._meta.fields):
            # Year first, defaulting to all years; offer the years that have records.
            self.filters["year"] = YearChoiceFilter(
                field_name="year", label="年度", choices=once(partial(year_choices, model)), empty_label="全部年度"
            )
            self.filters.move_to_end("year", last=False)
        self.filters.move_to_end("q", last=False)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.BooleanFilter):
                filter_.extra.setdefault("widget", YesNoSelect)
            if isinstance(filter_, django_filters.ModelChoiceFilter):
                filter_.field_class = GuardedModelChoiceField
                filter_.extra.setdefault("widget", FastSelect)
            elif isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
                filter_.field_class = GuardedModelMultipleChoiceField
                filter_.extra.setdefault("widget", FastSelectMultiple)

    @property
    def bar_fields(self):
        """The bound fields the filter bar shows: all but the drill-down filters that are not set."""
        data = self.data or {}
        return [field for field in self.form if field.name not in self.drilldown or data.get(field.name)]

    @property
    def active_count(self) -> int:
        """How many filters are set: the folded 筛选 button on a phone says so (“筛选（已设2项）”)."""
        data = self.data or {}
        return sum(1 for name in self.form.fields if data.get(name) not in (None, "", "unknown"))

    def filter_search(self, queryset, name, value):
        record_type = registry.get(self._meta.model)
        condition = search_condition(self._meta.model, record_type.search_fields if record_type else (), value)
        return queryset if condition is None else queryset.filter(condition)


def search_condition(model, paths, value: str) -> Q | None:
    """What the search box finds: every word of `value` (at most five) in one of the search fields.

    None when there is nothing to search for. Shared by the list pages and the global search.
    """
    terms = value.split()[:5]
    if not terms or not paths:
        return None
    return reduce(and_, (reduce(or_, (search_q(model, path, term) for path in paths)) for term in terms))


def search_q(model, path: str, term: str) -> Q:
    """`path__contains=term`, ignoring case; across a foreign key as `key__in=(subquery)`.

    The subquery picks the few matching units once; a join would be evaluated for every
    row, which on 200,000 patents doubles the time of counting a search.
    A term with no letters that have case (Chinese, digits) matches as `contains`: the same
    rows, but PostgreSQL then skips UPPER() of every value, which halves a search's count.
    """
    head, _, rest = path.partition("__")
    if rest:
        try:
            field = model._meta.get_field(head)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.concrete and (field.many_to_one or field.one_to_one):
            related = field.related_model
            matching = related._base_manager.filter(search_q(related, rest, term))
            return Q(**{f"{head}__in": matching.values(field.target_field.name)})
    lookup = "icontains" if term.upper() != term.lower() else "contains"
    return Q(**{f"{path}__{lookup}": term})


FILTER_OVERRIDES = {
    models.BooleanField: {
        "filter_class": django_filters.BooleanFilter,
        "extra": lambda f: {"widget": django_filters.widgets.BooleanWidget()},
    },
}
