"""奖励、成果与人才: award nominations, appraisals, talent selections and the commendation meeting."""

from django.db import models
from django.db.models import Q

from bureau.fields import MoneyField, NameField, YearField
from bureau.models import LEVEL_CHOICES, EditableList, Enterprise, LedgerRecord
from bureau.workflow import Workflow


class AwardNomination(LedgerRecord):
    """科技奖励申报: a nomination for a science and technology award, followed to its result."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "申报"
        RECOMMENDED = "recommended", "推荐"
        WON = "won", "获奖"
        NOT_WON = "not_won", "未获奖"

    WORKFLOW = Workflow(
        transitions={
            "submitted": ["recommended", "won", "not_won"],
            "recommended": ["won", "not_won"],
            "won": [],
            "not_won": [],
        },
        dates={
            "submitted": "submitted_on",
            "recommended": "recommended_on",
            "won": "decided_on",
            "not_won": "decided_on",
        },
    )

    year = YearField()
    title = NameField("成果名称", max_length=200)
    award = NameField("奖项", max_length=60, default="科技进步奖")
    level = models.CharField("级别", max_length=20, choices=LEVEL_CHOICES)
    applicant = models.ForeignKey(
        Enterprise, verbose_name="申报单位", on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    grade = NameField("获奖等级", max_length=20, blank=True, help_text="如：一等奖")
    recommended_higher = models.BooleanField("推荐申报上一级", default=False)
    submitted_on = models.DateField("申报日期", null=True, blank=True)
    recommended_on = models.DateField("推荐日期", null=True, blank=True)
    decided_on = models.DateField("评审结果日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "科技奖励申报"
        verbose_name_plural = "科技奖励申报"
        ordering = ["-year", "level", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title", "level"],
                name="awardnomination_unique_year_title_level",
                violation_error_message="同一年度同一级别已有同名成果的申报。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "submitted_on", self.submitted_on, "申报日期")
        self.check_order(errors, "recommended_on", self.submitted_on, self.recommended_on, "推荐日期不能早于申报日期。")
        self.check_order(errors, "decided_on", self.submitted_on, self.decided_on, "评审结果日期不能早于申报日期。")
        self.check_order(errors, "decided_on", self.recommended_on, self.decided_on, "评审结果日期不能早于推荐日期。")
        if self.grade and self.status != self.Status.WON:
            errors.setdefault("grade", []).append("只有获奖的申报才能填写获奖等级。")
        self.WORKFLOW.check_dates(self, errors)
        self.raise_errors(errors)


class Appraisal(LedgerRecord):
    """科技成果鉴定: an appraisal of a research result, with its conclusion."""

    class Conclusion(models.TextChoices):
        INTERNATIONAL_LEADING = "intl_leading", "国际领先"
        INTERNATIONAL_ADVANCED = "intl_advanced", "国际先进"
        DOMESTIC_LEADING = "domestic_leading", "国内领先"
        DOMESTIC_ADVANCED = "domestic_advanced", "国内先进"
        PROVINCE_LEADING = "province_leading", "省内领先"
        PROVINCE_ADVANCED = "province_advanced", "省内先进"

    year = YearField()
    title = NameField("成果名称", max_length=200)
    level = models.CharField("鉴定级别", max_length=20, choices=LEVEL_CHOICES)
    organizer = NameField("组织鉴定单位", max_length=100, blank=True)
    appraised_on = models.DateField("鉴定日期", null=True, blank=True)
    conclusion = models.CharField("鉴定结论", max_length=30, choices=Conclusion.choices)
    applicant = models.ForeignKey(
        Enterprise, verbose_name="完成单位", on_delete=models.PROTECT, null=True, blank=True, related_name="appraisals"
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "科技成果鉴定"
        verbose_name_plural = "科技成果鉴定"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="appraisal_unique_year_title",
                violation_error_message="同一年度已有同名成果的鉴定。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "appraised_on", self.appraised_on, "鉴定日期")
        self.raise_errors(errors)


class TalentProgram(EditableList):
    """人才计划: a talent programme (国家创新人才推进计划, 省青年科学家培养对象 …)."""

    level = models.CharField("级别", max_length=20, choices=LEVEL_CHOICES)

    class Meta(EditableList.Meta):
        verbose_name = "人才计划"
        verbose_name_plural = "人才计划"


class TalentSelection(LedgerRecord):
    """人才入选: a person of a county unit selected into a talent programme."""

    year = YearField()
    person = NameField("姓名", max_length=50)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="所在单位", on_delete=models.PROTECT, null=True, blank=True, related_name="talents"
    )
    program = models.ForeignKey(TalentProgram, verbose_name="人才计划", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=20, choices=LEVEL_CHOICES)
    selected_on = models.DateField("入选日期", null=True, blank=True)
    # How rare a selection is ("全省仅有5人入选") is a figure the report prints, so it is a field, not a note.
    province_selected = models.PositiveSmallIntegerField(
        "全省入选人数", null=True, blank=True, help_text="该计划本批次全省入选人数，报告写作“全省仅有5人入选”"
    )
    city_selected = models.PositiveSmallIntegerField(
        "全市入选人数", null=True, blank=True, help_text="该计划本批次全市入选人数，报告写作“全市只有我县2人入选”"
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "人才入选"
        verbose_name_plural = "人才入选"
        ordering = ["-year", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "person", "program"],
                name="talentselection_unique",
                violation_error_message="该人员本年度已入选该人才计划。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.program}）"

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "selected_on", self.selected_on, "入选日期")
        province, city = self.province_selected, self.city_selected
        if province is not None and city is not None and city > province:
            errors["city_selected"] = ["全市入选人数不能多于全省入选人数。"]
        elif city == 0 or province == 0:
            # This record is itself one of those selected.
            errors["city_selected" if city == 0 else "province_selected"] = ["入选人数至少为1（含本人）。"]
        self.raise_errors(errors)


class Commendation(LedgerRecord):
    """科技表彰大会: the county's commendation meeting; its total reward is the sum of its items."""

    year = YearField(help_text="召开年度")
    title = NameField("会议名称", max_length=200)
    held_on = models.DateField("召开日期")
    year_honoured = YearField(verbose_name="表彰年度", help_text="表彰的是哪一年度的成果")
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "科技表彰大会"
        verbose_name_plural = "科技表彰大会"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "held_on", self.held_on, "召开日期")
        if self.year and self.year_honoured and self.year_honoured > self.year:
            errors["year_honoured"] = ["表彰年度不能晚于召开年度。"]
        self.raise_errors(errors)


class CommendationItem(LedgerRecord):
    """表彰事项: one honour given at a commendation meeting, with its recipient and reward."""

    class Category(models.TextChoices):
        PROGRESS_AWARD = "progress_award", "县科技进步奖"
        HIGH_TECH = "high_tech", "高新技术企业"
        NEW_PRODUCT = "new_product", "省重点新产品"
        LOCAL_STANDARD = "local_standard", "地方标准"
        PATENT = "patent", "优秀专利"
        OTHER = "other", "其他"

    commendation = models.ForeignKey(
        Commendation, verbose_name="表彰大会", on_delete=models.CASCADE, related_name="items"
    )
    category = models.CharField("表彰类别", max_length=30, choices=Category.choices)
    title = NameField("表彰项目", max_length=200)
    recipient = models.ForeignKey(
        Enterprise, verbose_name="获奖单位", on_delete=models.PROTECT, null=True, blank=True, related_name="honours"
    )
    recipient_person = NameField("获奖个人", max_length=50, blank=True)
    reward = MoneyField("奖励金额（万元）", default=0)

    class Meta:
        verbose_name = "表彰事项"
        verbose_name_plural = "表彰事项"
        ordering = ["commendation", "category", "title"]
        constraints = [models.CheckConstraint(condition=Q(reward__gte=0), name="commendationitem_reward_not_negative")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.recipient_id and not self.recipient_person:
            self.raise_errors({"recipient": ["请选择获奖单位或填写获奖个人。"]})
