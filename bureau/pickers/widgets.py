"""The picker widget: a plain <select> that `bureau/js/pickers.js` turns into a type-ahead over the endpoint."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.safestring import mark_safe

from bureau.registry import RecordType

from .selectors import labelled_rows, selected_pks

EMPTY_LABEL = "请选择"


class PickerSelect(forms.Select):
    """A select of one record type's records, with the endpoint's address for the type-ahead.

    `inline`: every record is an option (sorted as the picker sorts), so the form works without
    JavaScript; read in one query, joined as strings (Django's per-option templates take about a
    second for thousands of units). The filter bar renders only the chosen records (`inline=False`):
    its type-ahead loads the rest (bench rows "picker choices: 10,000 units, …"), and a list page
    does not read every unit.
    `add_url`: set by the edit view when the user may add such a record; the picker then offers 新增….
    """

    def __init__(self, attrs=None, *, record_type: RecordType, inline: bool = True, limit_field=None):
        super().__init__(attrs)
        self.record_type = record_type
        self.inline = inline
        self.limit_field = limit_field
        self.add_url = None

    def picker_attrs(self) -> dict:
        rt = self.record_type
        url = reverse(rt.url_name("choices"))
        attrs = {"data-picker-url": url}
        if self.limit_field is not None:
            meta = self.limit_field.model._meta
            attrs["data-picker-field"] = f"{meta.app_label}.{meta.model_name}.{self.limit_field.name}"
        if self.add_url:
            attrs["data-picker-add-url"] = self.add_url
            attrs["data-picker-add-label"] = f"新增{rt.verbose_name}"
        return attrs

    def render(self, name, value, attrs=None, renderer=None):
        field = self.choices.field
        selected = {str(v) for v in self.format_value(value) if v not in (None, "")}
        head = []
        if not self.allow_multiple_selected and field.empty_label is not None:
            head.append(("", field.empty_label, ""))
        if getattr(field, "null_label", None):  # the filter bar's “（空）”: records with none
            head.append((field.null_value, field.null_label, ""))
        queryset = self.choices.queryset
        if self.record_type.picker_order:
            queryset = queryset.order_by(*self.record_type.picker_order)
        if not self.inline:
            queryset = queryset.filter(pk__in=selected_pks(selected))
        rows = labelled_rows(record_type=self.record_type, queryset=queryset)
        # Options kept by the type-ahead whatever is typed (请选择, （空）) are marked data-static.
        options = "".join(
            [option_html(value, label, selected, static=True) for value, label, _ in head]
            + [option_html(pk, label, selected) for pk, label, _ in rows]
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name, **self.picker_attrs()})
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # names escaped above


def option_html(value, label, selected: set[str], *, static: bool = False) -> str:
    """One <option>, escaped by the standard library (Django's format_html: ~50 µs an option)."""
    value = str(value)
    flags = (" selected" if value in selected else "") + (" data-static" if static else "")
    return f'<option value="{escape(value)}"{flags}>{escape(str(label))}</option>'


class PickerSelectMultiple(PickerSelect, forms.SelectMultiple):
    """PickerSelect for many-to-many fields (参加单位)."""


def picker_widget(field: forms.ModelChoiceField, *, inline: bool = True, limit_field=None) -> PickerSelect | None:
    """The field's select as a picker, if it chooses units or records of a registered type; else None.

    Editable lists (计划类别, 产业 …: a few dozen names in the admins' order) stay plain selects.
    """
    from bureau.registry import registry

    record_type = registry.get(field.queryset.model)
    if record_type is None or record_type.is_list:
        return None
    widget_class = PickerSelectMultiple if field.widget.allow_multiple_selected else PickerSelect
    widget = widget_class(attrs=field.widget.attrs, record_type=record_type, inline=inline, limit_field=limit_field)
    widget.choices = field.choices
    widget.is_required = field.widget.is_required
    return widget
