"""Yearly industry statistics and the bureau's annual targets."""

from django.db import models
from django.db.models import Q

from bureau.fields import CountField, MoneyField, NameField, YearField
from bureau.figures import measure_choices

from .base import EditableList, LedgerRecord


class IndustryStatistics(LedgerRecord):
    """年度产业统计: the county's figures for a year up to a period (e.g. 截至第三季度).

    Shares are computed by selectors, never stored.
    """

    year = YearField()
    period = NameField("统计期", max_length=30, default="全年", help_text="如：全年、截至第三季度")
    above_scale_enterprises = CountField("规模以上工业企业数")
    above_scale_high_tech = CountField("规模以上高新技术企业数")
    rd_active_enterprises = CountField("有研发活动的规模以上企业数")
    high_tech_value_added = MoneyField("高新技术产业增加值（万元）", default=0)
    industrial_value_added = MoneyField("规模以上工业增加值（万元）", default=0)
    fiscal_rd_input = MoneyField("财政科技投入（万元）", null=True, blank=True)
    enterprise_rd_input = MoneyField("企业研发投入（万元）", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "年度产业统计"
        verbose_name_plural = "年度产业统计"
        ordering = ["-year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "period"],
                name="industrystatistics_one_per_year_period",
                violation_error_message="该年度该统计期的产业统计已存在。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.period}产业统计"

    def clean(self) -> None:
        errors: dict = {}
        if self.above_scale_high_tech > self.above_scale_enterprises:
            errors["above_scale_high_tech"] = ["规模以上高新技术企业数不能超过规模以上工业企业数。"]
        if self.rd_active_enterprises > self.above_scale_enterprises:
            errors["rd_active_enterprises"] = ["有研发活动的企业数不能超过规模以上工业企业数。"]
        if (self.high_tech_value_added or 0) > (self.industrial_value_added or 0):
            errors["high_tech_value_added"] = ["高新技术产业增加值不能超过工业增加值。"]
        self.raise_errors(errors)


class TargetIndicator(EditableList):
    """目标指标: what a target measures; `measure` names the figure (`bureau.figures`) that counts its actual value."""

    # Choices read from the figure registry when used: a new measure is a figure declaration, not a migration.
    measure = models.CharField("统计口径", max_length=40, choices=measure_choices, default="none")
    unit = models.CharField("单位", max_length=10, default="项")

    class Meta(EditableList.Meta):
        verbose_name = "目标指标"
        verbose_name_plural = "目标指标"


class AnnualTarget(LedgerRecord):
    """年度目标: a target value for one indicator in one year (e.g. 专利申请量 100件)."""

    year = YearField()
    indicator = models.ForeignKey(TargetIndicator, verbose_name="指标", on_delete=models.PROTECT, related_name="+")
    target_value = MoneyField("目标值")
    at_least = models.BooleanField("以上（不少于）", default=False, help_text="勾选表示“X个以上”")
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        ordering = ["-year", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "indicator"],
                name="annualtarget_one_per_year_indicator",
                violation_error_message="该年度该指标的目标已存在。",
            ),
            models.CheckConstraint(condition=Q(target_value__gte=0), name="annualtarget_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.indicator}"
