"""Model fields with the ledger's conventions built in: normalised names, money in 万元, years."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .pinyin import pinyin_key
from .text import normalize_name


class NameField(models.CharField):
    """A CharField whose value is trimmed and NFKC-normalised on every entry path."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_name(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = normalize_name(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalize_name(value) if isinstance(value, str) else value


class MoneyField(models.DecimalField):
    """An amount in 万元: Decimal(12, 2), never negative."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("validators", [MinValueValidator(Decimal("0"), message="金额不能为负数。")])
        super().__init__(*args, **kwargs)

    def db_check(self, connection):
        # The database refuses a negative amount too, whatever path wrote it (shell, bulk update, SQL).
        return f'"{self.column}" >= 0'


class YearField(models.PositiveSmallIntegerField):
    """A 年度 between 2000 and 2100."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "年度")
        kwargs.setdefault(
            "validators",
            [
                MinValueValidator(2000, message="年度应在2000至2100之间。"),
                MaxValueValidator(2100, message="年度应在2000至2100之间。"),
            ],
        )
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def db_check(self, connection):
        # The same range as a database CHECK, on every table with a 年度 (history tables too).
        return f'"{self.column}" BETWEEN 2000 AND 2100'


class CountField(models.PositiveIntegerField):
    """A non-negative count."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)


class PinyinField(models.CharField):
    """The pinyin of another field (`source`), filled on every save and bulk insert: sorts and finds by pinyin.

    `pre_save` runs for `save()` and `bulk_create()` alike (Django asks each field for its value
    when inserting); an import's `bulk_update` names it among the changed fields (`derived_fields`).
    Indexed: pickers order by it. Internal: not shown on pages or in the history (`internal`).
    """

    internal = True
    lower_case = True  # searched with the lowered term (bureau.filtering.search_q)

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 1500)  # 200 characters of name: six letters each, plus the initials
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.source != "name":
            kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = pinyin_key(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def derived_fields(model, instances, names: list[str]) -> list[str]:
    """`names` plus the pinyin fields of changed sources, refreshed on `instances`: for `bulk_update`."""
    extra = []
    for field in model._meta.concrete_fields:
        if isinstance(field, PinyinField) and field.source in names and field.name not in names:
            for instance in instances:
                field.pre_save(instance, False)
            extra.append(field.name)
    return [*names, *extra]
