"""The annual report: a per-year draft, staff edits per section, and the issued (frozen) versions."""

from django.conf import settings
from django.db import models

from bureau.fields import YearField

from .base import CleanTextModel

# The years a report can be for: those of the ledger's records (YearField).
REPORT_YEARS = range(2000, 2101)


class Report(models.Model):
    """年度工作总结和计划: the draft of one year; its text is built from the records plus staff edits."""

    year = YearField(unique=True)
    patents_until = models.DateField(
        "专利统计截止日期", null=True, blank=True, help_text="如 2023-10-31，报告写作“截至10月份”；留空为全年"
    )
    issued_on = models.DateField("成文日期", null=True, blank=True, help_text="落款处的日期；留空则为定稿当日")
    include_appendix = models.BooleanField(
        "附表", default=True, help_text="在文末附上项目、专利、奖励的完整清单（正文每类超过5项时只列最重要的几项）"
    )
    is_locked = models.BooleanField("已定稿", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year"]
        permissions = [
            ("edit_report", "可编辑年度报告"),
            ("download_report", "可下载年度报告"),
            ("proofread_document", "可校对文档"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年工作总结和{self.year + 1}年工作计划"


class ReportSection(CleanTextModel):
    """报告章节: staff's text for one section of a year's report (blank text: use the generated text)."""

    report = models.ForeignKey(Report, verbose_name="年度报告", on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("章节", max_length=30)
    text = models.TextField("编辑后的文本", blank=True)
    is_edited = models.BooleanField("已人工编辑", default=False)
    omit_when_empty = models.BooleanField("无记录时略去本部分", default=False)
    facts_at_edit = models.JSONField("编辑时的数据", default=dict, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编辑人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField("编辑时间", null=True, blank=True)

    class Meta:
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"
        ordering = ["report", "key"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="reportsection_unique_key")]

    def __str__(self) -> str:
        return f"{self.report} · {self.key}"


class DismissedFinding(models.Model):
    """已忽略的校对问题: a proofreader finding staff dismissed (忽略) for one section, by its offset-free key,
    so it is not shown again when the section's text moves around it."""

    section = models.ForeignKey(
        ReportSection, verbose_name="报告章节", on_delete=models.CASCADE, related_name="dismissed_findings"
    )
    # The engine's key holds the flagged text (a repeated sentence can be long), so no length limit and no
    # unique index on it: dismissing twice is harmless (get_or_create).
    key = models.TextField("问题标识")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="忽略人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dismissed_at = models.DateTimeField("忽略时间", auto_now_add=True)

    class Meta:
        verbose_name = "已忽略的校对问题"
        verbose_name_plural = "已忽略的校对问题"
        ordering = ["section", "dismissed_at"]

    def __str__(self) -> str:
        return f"{self.section} · {self.key}"


def issue_path(instance: "ReportIssue", filename: str) -> str:
    return f"reports/{instance.report.year}/{filename}"


class ReportIssue(models.Model):
    """报告定稿: an issued version; its text, figures and files never change after issue."""

    report = models.ForeignKey(Report, verbose_name="年度报告", on_delete=models.PROTECT, related_name="issues")
    number = models.PositiveSmallIntegerField("版次")
    title = models.CharField("标题", max_length=200)
    content = models.JSONField("定稿内容")
    figures = models.JSONField("所用数据")
    pdf = models.FileField("PDF文件", upload_to=issue_path, max_length=300)
    docx = models.FileField("Word文件", upload_to=issue_path, max_length=300)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="定稿人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField("定稿时间", auto_now_add=True)
    # Null only for versions issued before the 成文日期 was stored (their date is in content["signature"]).
    issued_on = models.DateField("成文日期", null=True)

    class Meta:
        verbose_name = "报告定稿"
        verbose_name_plural = "报告定稿"
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reportissue_unique_number")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"
