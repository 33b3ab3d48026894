"""The 提法 list the proofreader checks a text's year against."""

from django.db import models

from bureau.fields import NameField, YearField

from .base import LedgerRecord


class Formulation(LedgerRecord):
    """提法: a formulation current for some years only ("党的十九大精神" until 2022), kept by admins.

    A text written for a year outside [valid_from_year, valid_to_year] that uses it gets a 提法 finding
    (`bureau.proofread.formulations`); an open end means the formulation has no limit on that side (an entry
    with neither year is current in every year, so it is never flagged).
    """

    text = NameField("提法", max_length=100, unique=True)
    valid_from_year = YearField(verbose_name="适用起始年度", null=True, blank=True, db_index=False)
    valid_to_year = YearField(verbose_name="适用截止年度", null=True, blank=True, db_index=False)
    replacement = NameField("建议改为", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "提法"
        verbose_name_plural = "提法"
        ordering = ["text"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from_year__isnull=True)
                | models.Q(valid_to_year__isnull=True)
                | models.Q(valid_from_year__lte=models.F("valid_to_year")),
                name="formulation_years_in_order",
                violation_error_message="适用起始年度不能晚于适用截止年度。",
            ),
        ]

    def __str__(self) -> str:
        return self.text
