"""Template helpers for the generic record pages."""

from django import forms, template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def record_url(record_type, action: str, pk=None) -> str:
    """URL of a record type's page: `{% record_url record_type 'edit' object.pk %}`."""
    return reverse(record_type.url_name(action), args=[pk] if pk is not None else [])


@register.filter
def widget_class(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select form-select-sm"
    return "form-control form-control-sm"


@register.simple_tag
def render_widget(field, extra_class: str = ""):
    css = widget_class(field)
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": f"{css} {extra_class}".strip()})
