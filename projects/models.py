"""科技计划项目: programs and the project applications filed under them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from bureau.fields import MoneyField, NameField, YearField
from bureau.models import LEVEL_CHOICES, EditableList, Enterprise, LedgerRecord
from bureau.workflow import Workflow


class Program(EditableList):
    """计划类别: a funding programme (省星火计划, 市级指导性科技计划 …) at a level."""

    level = models.CharField("级别", max_length=20, choices=LEVEL_CHOICES)
    # 备选企业 and talent programmes list units or people, not projects: their records have no real title to quote.
    titled = models.BooleanField(
        "项目有名称", default=True, help_text="不勾选时报告只写项数，不列《》名称（如贷款备选企业、人才培养计划）"
    )

    class Meta(EditableList.Meta):
        verbose_name = "计划类别"
        verbose_name_plural = "计划类别"


class ProjectApplication(LedgerRecord):
    """科技计划项目申报: one application, followed from 拟申报 to 已验收/已终止."""

    class Status(models.TextChoices):
        PLANNED = "planned", "拟申报"
        APPLIED = "applied", "已申报"
        RECOMMENDED = "recommended", "已推荐"
        APPROVED = "approved", "已立项"
        REJECTED = "rejected", "未立项"
        ONGOING = "ongoing", "在研"
        ACCEPTED = "accepted", "已验收"
        TERMINATED = "terminated", "已终止"

    WORKFLOW = Workflow(
        transitions={
            "planned": ["applied"],
            "applied": ["recommended", "approved", "rejected"],
            "recommended": ["approved", "rejected"],
            "approved": ["ongoing", "terminated"],
            "ongoing": ["accepted", "terminated"],
            "rejected": [],
            "accepted": [],
            "terminated": [],
        },
        # The date field each state records when it is reached.
        dates={
            "applied": "applied_on",
            "recommended": "recommended_on",
            "approved": "decided_on",
            "rejected": "decided_on",
            "ongoing": "started_on",
            "accepted": "closed_on",
            "terminated": "closed_on",
        },
        # decided_on and closed_on each serve two steps: the form and messages name the step's own date.
        date_labels={
            "approved": "立项日期",
            "rejected": "未立项日期",
            "accepted": "验收日期",
            "terminated": "终止日期",
        },
    )
    APPROVED_STATES = ("approved", "ongoing", "accepted", "terminated")

    year = YearField(help_text="申报年度")
    title = NameField("项目名称", max_length=200)
    program = models.ForeignKey(Program, verbose_name="计划类别", on_delete=models.PROTECT, related_name="projects")
    applicant = models.ForeignKey(
        Enterprise, verbose_name="申报单位", on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    applicant_person = NameField("申报人", max_length=50, blank=True, help_text="个人申报时填写")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    applied_on = models.DateField("申报日期", null=True, blank=True)
    recommended_on = models.DateField("推荐日期", null=True, blank=True)
    decided_on = models.DateField("立项/未立项日期", null=True, blank=True, db_index=True)
    started_on = models.DateField("开始实施日期", null=True, blank=True)
    closed_on = models.DateField("验收/终止日期", null=True, blank=True)
    midterm_due = models.DateField("中期检查截止日期", null=True, blank=True)
    acceptance_due = models.DateField("验收截止日期", null=True, blank=True)
    funding_requested = MoneyField("申请经费（万元）", null=True, blank=True)
    funding_approved = MoneyField("立项经费（万元）", null=True, blank=True)
    is_major = models.BooleanField("重大科技项目", default=False)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "科技计划项目"
        verbose_name_plural = "科技计划项目"
        ordering = ["-year", "program__sort_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="projectapplication_unique_year_title",
                violation_error_message="同一年度已有同名项目。",
            ),
            models.CheckConstraint(
                condition=Q(funding_requested__gte=0) | Q(funding_requested__isnull=True),
                name="projectapplication_requested_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(funding_approved__gte=0) | Q(funding_approved__isnull=True),
                name="projectapplication_approved_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict = {}
        if not self.applicant_id and not self.applicant_person:
            errors["applicant"] = ["请选择申报单位或填写申报人。"]
        # Applications belong to the year they are filed in; later steps may fall in later years.
        self.check_year(errors, self.year, "applied_on", self.applied_on, "申报日期")
        steps = [
            ("applied_on", "申报日期"),
            ("recommended_on", "推荐日期"),
            ("decided_on", "立项/未立项日期"),
            ("started_on", "开始实施日期"),
            ("closed_on", "验收/终止日期"),
        ]
        # Each date against the last earlier step that has one: a skipped step (已申报 → 已立项) must not hide an error.
        previous = None
        for name, label in steps:
            value = getattr(self, name)
            if value is None:
                continue
            if previous is not None:
                self.check_order(errors, name, previous[1], value, f"{label}不能早于{previous[0]}。")
            previous = (label, value)
        if self.funding_approved and self.status not in self.APPROVED_STATES:
            errors.setdefault("funding_approved", []).append("只有已立项的项目才能填写立项经费。")
        self.WORKFLOW.check_dates(self, errors)
        if errors:
            raise ValidationError(errors)
