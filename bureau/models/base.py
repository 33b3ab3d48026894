"""The abstract base every ledger record inherits: history, a version for optimistic locking, timestamps."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from bureau.fields import NameField
from bureau.text import clean_text

LEVEL_CHOICES = [("national", "国家级"), ("provincial", "省级"), ("municipal", "市级"), ("county", "县级")]


class CleanTextModel(models.Model):
    """Every text field loses the control characters pasted text carries (`clean_text`) when the model is validated.

    The one place for it: forms (ModelForm validation), the save service, imports (`full_clean` before the bulk
    write) and report sections all call `full_clean`, so no entry path stores text the DOCX or PDF cannot carry.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not (exclude and field.name in exclude):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, clean_text(value))
        super().clean_fields(exclude=exclude)


class LedgerRecord(CleanTextModel):
    """Base of every record type: change history, version counter and timestamps, text cleaned on validation.

    `version` rises on every save through the services, so a form opened on an
    older version is refused instead of silently overwriting a colleague's edit.
    """

    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        meta = self._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[self.pk])

    # Helpers for clean(): collect errors per field, raise once.
    @staticmethod
    def check_year(errors: dict, year, field: str, value, label: str) -> None:
        """A record's date must fall in its 年度."""
        if year and value and value.year != year:
            errors.setdefault(field, []).append(f"{label}（{value:%Y年%m月%d日}）不在{year}年度内。")

    @staticmethod
    def check_order(errors: dict, field: str, earlier, later, message: str) -> None:
        if earlier and later and later < earlier:
            errors.setdefault(field, []).append(message)

    @staticmethod
    def raise_errors(errors: dict) -> None:
        if errors:
            raise ValidationError(errors)


class EditableList(LedgerRecord):
    """Base of the admin-edited lists (industries, programs, kinds …): a unique name and an order."""

    name = NameField("名称", max_length=100, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
