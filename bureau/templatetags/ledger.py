"""Template helpers for the generic record pages."""

import datetime
import math

from django import forms, template
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.selectors import person_label

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


@register.filter
def time_from_now(delta: datetime.timedelta | None) -> str:
    """When a cool-off that starts now ends, "21时30分（约15分钟后）": the lockout page says when to try again."""
    if not delta:
        return ""
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    return f"{timezone.localtime(timezone.now() + delta):%H时%M分}（约{minutes}分钟后）"


@register.filter
def item(mapping: dict, key):
    """`mapping|item:key`: a dict's value by a variable key (the report's findings by section key)."""
    return mapping.get(key) if mapping else None


@register.filter
def person(user) -> str:
    """“张三（录入员）”: `{{ entry.history_user|person }}` (see `person_label`; prefetch the groups)."""
    return person_label(user)
