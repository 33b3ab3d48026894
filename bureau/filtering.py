"""Base filterset of every record type: a search box, a year filter first, labels in Chinese."""

from functools import partial, reduce
from operator import and_, or_

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from .formfields import GuardedChoiceMixin
from .pickers.widgets import picker_widget
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
            elif isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
                filter_.field_class = GuardedModelMultipleChoiceField
        self.pickers = self._picker_filters(model)

    def _picker_filters(self, model) -> dict:
        """Filters on units and records: the type-ahead, rendered with the chosen records only (it loads the rest)."""
        pickers = {}
        for name, filter_ in self.filters.items():
            if not isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                continue
            if "widget" in filter_.extra or "__" in filter_.field_name:
                continue
            try:
                model_field = model._meta.get_field(filter_.field_name)
            except FieldDoesNotExist:
                continue
            if model_field.is_relation:
                pickers[name] = model_field
        return pickers

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, model_field in self.pickers.items():
                field = form.fields[name]
                field.widget = picker_widget(field, inline=False, limit_field=model_field) or field.widget
        return self._form

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
    if not rest and getattr(_own_field(model, path), "lower_case", False):
        # Stored in lower case (pinyin): the lowered term, no UPPER() of every value.
        return Q(**{f"{path}__contains": term.lower()})
    lookup = "icontains" if term.upper() != term.lower() else "contains"
    return Q(**{f"{path}__{lookup}": term})


def _own_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


FILTER_OVERRIDES = {
    models.BooleanField: {
        "filter_class": django_filters.BooleanFilter,
        "extra": lambda f: {"widget": django_filters.widgets.BooleanWidget()},
    },
}
