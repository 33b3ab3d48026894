"""The bureau itself, the units it works with, and their certifications."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from bureau.fields import MoneyField, NameField, PinyinField, YearField
from bureau.validators import normalize_credit_code, validate_credit_code

from .base import LEVEL_CHOICES, EditableList, LedgerRecord


class BureauProfile(LedgerRecord):
    """单位信息: the one row naming the bureau, its county, city and province (used in report titles)."""

    province = NameField("省", max_length=30, default="XX省")
    city = NameField("市", max_length=30, default="XX市")
    county = NameField("县", max_length=30, default="XX县")
    name = NameField("单位名称", max_length=100, default="XX县科学技术局")
    short_name = NameField("简称", max_length=50, default="XX县科技局")

    class Meta:
        verbose_name = "单位信息"
        verbose_name_plural = "单位信息"
        ordering = ["id"]
        # Site-wide permissions that belong to no single record type.
        permissions = [
            ("import_ledger", "可导入整本台账"),
            ("restore_record", "可恢复已删除记录"),
        ]
        constraints = [models.CheckConstraint(condition=Q(id=1), name="bureauprofile_single_row")]

    ROW_ID = 1

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # One row only: the profile always has id 1 (a data migration creates it).
        self.pk = self.id = self.ROW_ID
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "BureauProfile":
        return cls.objects.filter(pk=cls.ROW_ID).first() or cls(pk=cls.ROW_ID)


class Industry(EditableList):
    """产业: the county's industries (生物医药, 金属制造 …), edited by admins."""

    class Meta(EditableList.Meta):
        verbose_name = "产业"
        verbose_name_plural = "产业"


class Enterprise(LedgerRecord):
    """单位: an enterprise, university, institute or other body the bureau works with."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        UNIVERSITY = "university", "高校"
        INSTITUTE = "institute", "科研院所"
        MEDICAL = "medical", "医疗卫生机构"
        PUBLIC = "public", "机关事业单位"
        OTHER = "other", "其他"

    RESEARCH_KINDS = (Kind.UNIVERSITY, Kind.INSTITUTE)

    name = NameField("单位名称", max_length=200, unique=True)
    short_name = NameField("简称", max_length=50, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, null=True, unique=True, validators=[validate_credit_code]
    )
    kind = models.CharField("单位类型", max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    industry = models.ForeignKey(
        Industry, verbose_name="所属产业", on_delete=models.PROTECT, null=True, blank=True, related_name="enterprises"
    )
    township = NameField("所在乡镇", max_length=50, blank=True)
    above_scale = models.BooleanField("规模以上", default=False)
    note = models.TextField("备注", blank=True)
    # Pickers sort units by it and find them by initials (cbyy for 驰邦药业).
    pinyin = PinyinField("名称拼音", source="name")

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None) -> None:
        # Normalise before the length check, so a code typed with spaces or in lower case passes.
        self.credit_code = normalize_credit_code(self.credit_code) or None
        super().clean_fields(exclude)

    def clean(self) -> None:
        # Empty codes are stored as NULL so that uniqueness applies only to real codes.
        self.credit_code = normalize_credit_code(self.credit_code) or None


class CertificationKind(EditableList):
    """资质与平台类别 (国家高新技术企业, 博士后科研工作站 …); `is_platform` marks innovation platforms."""

    is_platform = models.BooleanField("属于创新平台", default=False)
    is_high_tech = models.BooleanField("属于高新技术企业认定", default=False)
    valid_years = models.PositiveSmallIntegerField("有效期（年）", null=True, blank=True)
    # The preferences a kind brings are the same for every unit certified, so they are the kind's, not a note's.
    income_tax_rate = models.PositiveSmallIntegerField(
        "企业所得税优惠税率（%）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, "税率不能超过100%%。")],
        help_text="如 15 表示“减按15%的税率缴纳企业所得税”",
    )
    rd_deduction_percent = models.PositiveSmallIntegerField(
        "研发费用税前扣除比例（%）",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(100, "扣除比例不能低于实际发生额的100%%。"),
            MaxValueValidator(300, "扣除比例不能超过300%%。"),
        ],
        help_text="如 150 表示“研发费用可按实际发生额的150%抵扣当年应纳税所得额”",
    )

    class Meta(EditableList.Meta):
        verbose_name = "资质与平台类别"
        verbose_name_plural = "资质与平台类别"


class Certification(LedgerRecord):
    """资质与平台认定: a certification or platform granted to a unit, with the county's reward."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="单位", on_delete=models.PROTECT, related_name="certifications"
    )
    kind = models.ForeignKey(CertificationKind, verbose_name="类别", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=20, choices=LEVEL_CHOICES)
    certificate_number = NameField("证书编号", max_length=60, blank=True)
    year = YearField()
    granted_on = models.DateField("认定日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True, db_index=True)
    reward = MoneyField("县级奖励（万元）", default=0)
    note = models.TextField("备注", blank=True, help_text="如：税收优惠减按15%税率；研发费用加计扣除150%")

    class Meta:
        verbose_name = "资质与平台认定"
        verbose_name_plural = "资质与平台认定"
        ordering = ["-year", "enterprise__name"]
        constraints = [models.CheckConstraint(condition=Q(reward__gte=0), name="certification_reward_not_negative")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.kind}"

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "granted_on", self.granted_on, "认定日期")
        self.check_order(errors, "valid_until", self.granted_on, self.valid_until, "有效期至应晚于认定日期。")
        if self.granted_on and self.valid_until and self.valid_until == self.granted_on:
            errors.setdefault("valid_until", []).append("有效期至应晚于认定日期。")
        self.raise_errors(errors)
