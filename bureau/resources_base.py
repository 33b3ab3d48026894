"""Base import/export resource of every record type: Chinese headers from verbose names, business keys.

Every column is derived once here from the model field: the header is the field's
verbose_name, related records are written and read by name (cached, never
created), choices by their Chinese label, dates as real dates, money as numbers.
Widgets raise `ValueError` with a Chinese message, which the import engine
reports against the row and column.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.db import models
from django.db.models import Q
from import_export import fields, resources, widgets
from openpyxl.utils.datetime import from_excel

from .text import normalize_name

EMPTY = (None, "")


def cell_text(value) -> str:
    """A cell as text: integral floats lose their `.0` (Excel stores 2023 as 2023.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def record_label(instance: models.Model) -> str:
    """How a related record is named in a cell: its `name` when it has one, else its str()."""
    name = getattr(instance, "name", None)
    return name if isinstance(name, str) else str(instance)


class TextWidget(widgets.Widget):
    """Text; numbers typed into a text column (credit codes, numbers) are kept as their digits."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in EMPTY or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError("应填写整数。")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"“{cell_text(value)}”不是整数。")
            return int(value)
        if isinstance(value, int):
            return value
        text = cell_text(value).replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{text}”不是整数。") from None
        if number != number.to_integral_value():
            raise ValueError(f"“{text}”不是整数。")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value


class DecimalWidget(widgets.Widget):
    """Money in 万元: read as Decimal (via the float's shortest repr), written as a number."""

    def clean(self, value, row=None, **kwargs):
        if value in EMPTY or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError("应填写数字。")
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text = cell_text(value).replace(",", "").removesuffix("万元")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{cell_text(value)}”不是数字。") from None
        if not number.is_finite():
            raise ValueError(f"“{cell_text(value)}”不是数字。")
        return number

    def render(self, value, obj=None, **kwargs):
        return value


class DateWidget(widgets.Widget):
    """A real date both ways; text such as 2023-05-11, 2023/5/11 or 2023年5月11日 is accepted."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if value in EMPTY:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
            # An unformatted Excel date serial.
            return from_excel(value).date()
        text = cell_text(value)
        if not text:
            return None
        text = text.split(" ")[0].split("T")[0]
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"“{cell_text(value)}”不是有效日期，请填写如 2023-05-11 的日期。")

    def render(self, value, obj=None, **kwargs):
        return value


class BooleanWidget(widgets.Widget):
    TRUE = {"是", "true", "1", "y", "yes", "√", "✓", "对"}
    FALSE = {"否", "false", "0", "n", "no", "×", "✗", "不是"}

    def clean(self, value, row=None, **kwargs):
        if value in EMPTY:
            return None
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{cell_text(value)}”应填写“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """A choice field written and read as its Chinese label (the stored code is accepted too)."""

    def __init__(self, choices, **kwargs):
        self.labels = {str(code): str(label) for code, label in choices}
        self.codes = {normalize_name(label): code for code, label in self.labels.items()}
        self.codes.update({code: code for code in self.labels})
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = normalize_name(cell_text(value))
        if not text:
            return None
        if text not in self.codes:
            raise ValueError(f"“{text}”不是可选值（可选：{'、'.join(self.labels.values())}）。")
        return self.codes[text]

    def render(self, value, obj=None, **kwargs):
        if value in EMPTY:
            return ""
        return self.labels.get(str(value), value)


def reference_of(model: type[models.Model]) -> tuple[Callable, tuple[Callable, ...]]:
    """How other sheets name a record of `model`: its resource's label, and the other names accepted."""
    from .registry import registry

    record_type = registry.get(model)
    resource = record_type.resource if record_type is not None else None
    if resource is None:
        return record_label, ()
    return resource.reference_label, tuple(resource.reference_aliases)


class NameForeignKeyWidget(widgets.CachedForeignKeyWidget):
    """A related record named in the cell. All candidates are read once per import (one query).

    The name is the target resource's `reference_label` (unique in the ledger: a unit's
    name, a meeting's year and title); its `reference_aliases` are tried when that finds
    nothing (a unit's credit code, a meeting's title alone in an older workbook), and
    must then name one record. An unknown name is an error, never a new record. The
    import engine shares one `LookupCache` across sheets so records new in an earlier
    sheet are found too.
    """

    def __init__(self, model, label: Callable | None = None, **kwargs):
        super().__init__(model, field="pk", **kwargs)
        self._label = label
        self._aliases = () if label is not None else None
        self.cache = None

    @property
    def label(self) -> Callable:
        # Resolved on first use: resources are declared before the registry knows every model.
        if self._label is None:
            self._label = reference_of(self.model)[0]
        return self._label

    @property
    def aliases(self) -> tuple[Callable, ...]:
        if self._aliases is None:
            self._aliases = reference_of(self.model)[1]
        return self._aliases

    def lookup(self, label: Callable | None = None) -> dict:
        if self.cache is None:
            from bureau.importexport.selectors import LookupCache

            self.cache = LookupCache()
        return self.cache.labels(self.model, label or self.label)

    def knows(self, value: str) -> bool:
        """Whether some record is named so (cheap: no error message built)."""
        text = normalize_name(value)
        return any(text in self.lookup(label) for label in (self.label, *self.aliases))

    def clean(self, value, row=None, **kwargs):
        text = normalize_name(cell_text(value))
        if not text:
            return None
        matches = self.lookup().get(text, [])
        for alias in self.aliases:
            if matches:
                break
            matches = self.lookup(alias).get(text, [])
        noun = self.model._meta.verbose_name
        if not matches:
            raise ValueError(f"找不到{noun}“{text}”，请先在“{noun}”中添加，或改为已有的名称。")
        if len(matches) > 1:
            examples = "”或“".join(sorted(self.label(match) for match in matches)[:2])
            raise ValueError(f"有{len(matches)}个{noun}都叫“{text}”，无法确定是哪一个，请写全称，如“{examples}”。")
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.label(value)


class NameManyToManyWidget(widgets.ManyToManyWidget):
    """Several related records named in one cell, joined with 、 (，,；; accepted on import).

    Every name must exist (read once per import, as for a single related record);
    the unknown ones are listed in one row error.
    """

    separator = "、"
    SPLIT = re.compile(r"([、，,；;\n])")

    def __init__(self, model, label: Callable | None = None, **kwargs):
        super().__init__(model, separator=self.separator, field="pk", **kwargs)
        self.single = NameForeignKeyWidget(model, label=label)

    @property
    def label(self) -> Callable:
        return self.single.label

    @property
    def cache(self):
        return self.single.cache

    @cache.setter
    def cache(self, value) -> None:
        self.single.cache = value

    def clean(self, value, row=None, **kwargs) -> list:
        # A name may itself hold a separator (“XX大学、研究院”): at each place the longest run of
        # pieces that names a record is taken, so such names come back whole from our own export.
        pieces = self.SPLIT.split(cell_text(value))
        names, separators = pieces[0::2], pieces[1::2]
        found, problems = [], []
        start = 0
        while start < len(names):
            for end in range(len(names), start, -1):
                candidate = (
                    "".join(names[index] + separators[index] for index in range(start, end - 1)) + names[end - 1]
                )
                if not normalize_name(candidate):
                    break
                if end > start + 1 and not self.single.knows(candidate):
                    continue
                try:
                    record = self.single.clean(candidate)
                except ValueError as error:
                    if end == start + 1:
                        problems.append(str(error))
                    continue
                if record not in found:
                    found.append(record)
                break
            start = end
        if problems:
            raise ValueError("".join(problems))
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(sorted(self.label(related) for related in value.all()))


class LedgerResource(resources.ModelResource):
    """A ModelResource that validates rows through the model (`full_clean`) and skips unchanged rows.

    `reference_label` names a record of this type when another sheet refers to it: a
    label unique in the ledger, built from the business key (`name` by default; year
    and title for a meeting); `reference_aliases` are other names a cell may use for it
    (an older workbook's title alone, a credit code), accepted when they name one record.
    `example` gives template-row values by field;
    `alternate_keys` are unique fields that also find an existing record when the
    business key does not (the record's key is then updated from the row).
    """

    reference_label: Callable = staticmethod(record_label)
    reference_aliases: tuple[Callable, ...] = ()
    alternate_keys: tuple[str, ...] = ()
    example: dict[str, object] = {}

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        if isinstance(django_field, models.ForeignKey):
            widget = NameForeignKeyWidget(django_field.related_model)
        elif isinstance(django_field, models.ManyToManyField):
            widget = NameManyToManyWidget(django_field.related_model)
        elif django_field.choices:
            widget = ChoiceWidget(django_field.flatchoices)
        elif isinstance(django_field, models.BooleanField):
            widget = BooleanWidget()
        elif isinstance(django_field, models.DateTimeField):
            widget = widgets.DateTimeWidget()
        elif isinstance(django_field, models.DateField):
            widget = DateWidget()
        elif isinstance(django_field, models.DecimalField):
            widget = DecimalWidget()
        elif isinstance(django_field, models.IntegerField | models.AutoField):
            widget = IntegerWidget()
        else:
            widget = TextWidget()
        return fields.Field(
            attribute=field_name,
            column_name=str(django_field.verbose_name),
            widget=widget,
            readonly=readonly,
            default=django_field.default,
        )

    def year_filter(self, year: int) -> Q | None:
        """Which records belong to a year's ledger; None means all (shared lists)."""
        model = self._meta.model
        names = {f.name for f in model._meta.fields}
        if "year" in names:
            return Q(year=year)
        for field in model._meta.fields:
            if isinstance(field, models.ForeignKey) and any(f.name == "year" for f in field.related_model._meta.fields):
                return Q(**{f"{field.name}__year": year})
        return None
