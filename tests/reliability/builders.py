"""Valid records of every registered type, built from the model's fields so new record types need no code here.

The values are plain and legal for every validator we have (dates in 2023, year 2023, a valid
patent application number); a model whose rules need more gets a line in OVERRIDES.
"""

import datetime
import itertools
from decimal import Decimal

from django.db import models

from bureau import services
from bureau.registry import registry
from bureau.validators import patent_check_char

YEAR = 2023
DATE = datetime.date(YEAR, 5, 11)
_counter = itertools.count(1)


def patent_number(serial: int) -> str:
    digits = f"{YEAR}1{serial:07d}"
    return f"{digits}.{patent_check_char(digits)}"


# Field values a generic guess cannot get right, by model label; callables get the serial number.
OVERRIDES = {
    "patents.patent": {"application_number": patent_number, "kind": "invention"},
}


def field_value(field: models.Field, serial: int, user=None):
    """A legal value for one concrete field."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        if field.related_model._meta.label_lower == "auth.user":
            return user
        limit = field.get_limit_choices_to()
        if isinstance(limit, dict) and limit:
            # A restricted choice (a partner that must be a research institute) gets a record of its own.
            lookups = {
                key.removesuffix("__in"): value[0] if key.endswith("__in") else value for key, value in limit.items()
            }
            return new_record(field.related_model, user=user, **lookups)
        return existing_or_new(field.related_model, user=user)
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(YEAR, 5, 11, 9, 0, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return DATE
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return Decimal("1.50")
    if isinstance(field, models.IntegerField):
        return YEAR if "year" in field.name else 1
    if isinstance(field, models.CharField | models.TextField):
        text = f"测试{field.model._meta.model_name}{serial}"
        return text[-field.max_length :] if field.max_length else text
    raise NotImplementedError(f"no value for {field!r}")


def record_values(model: type[models.Model], *, user=None, **values) -> dict:
    """Field values for a new valid instance: required fields, every foreign key, overrides, then `values`."""
    serial = next(_counter)
    data = {}
    overrides = OVERRIDES.get(model._meta.label_lower, {})
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.auto_created:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) or not field.editable:
            continue
        if field.name in overrides:
            value = overrides[field.name]
            data[field.name] = value(serial) if callable(value) else value
        elif isinstance(field, models.ForeignKey) or (not field.blank and not field.has_default()):
            data[field.name] = field_value(field, serial, user)
    workflow = getattr(model, "WORKFLOW", None)
    status = values.get("status", data.get("status"))
    if workflow and status is None:
        status = model._meta.get_field("status").get_default()
    if workflow and workflow.dates.get(status):
        data.setdefault(workflow.dates[status], DATE)
    data.update(values)
    return data


def new_record(model: type[models.Model], *, user=None, **values) -> models.Model:
    """Create a valid record through the save service (full_clean, history with `user`)."""
    if model._meta.label_lower == "bureau.bureauprofile":
        return model.objects.get_or_create(pk=1)[0]
    instance = model(**record_values(model, user=user, **values))
    return services.record_save(instance=instance, user=user)


def existing_or_new(model: type[models.Model], *, user=None) -> models.Model:
    return model._default_manager.order_by("pk").first() or new_record(model, user=user)


def one_of_each(*, user=None) -> dict:
    """One saved record of every registered type, keyed by model label."""
    return {rt.model._meta.label_lower: new_record(rt.model, user=user) for rt in registry}


def form_data(record_type, instance: models.Model) -> dict:
    """POST data for the record type's form, as a browser would send it for `instance` unchanged."""
    form = record_type.form(instance=instance)
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item.pk if isinstance(item, models.Model) else item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value.pk if isinstance(value, models.Model) else value)
    return data
