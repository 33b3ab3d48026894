"""知识产权: patents applied for and granted in the county."""

from django.db import models

from bureau.fields import NameField
from bureau.models import Enterprise, LedgerRecord
from bureau.validators import normalize_patent_number, patent_kind_from_number, validate_patent_number


class PatentNumberField(models.CharField):
    """A CN application number, stored in its canonical form `YYYYTNNNNNNN.C`."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_patent_number(value) if value else value

    def pre_save(self, model_instance, add):
        value = normalize_patent_number(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalize_patent_number(value) if value else value


class Patent(LedgerRecord):
    """专利: one application, identified by its CN application number."""

    class Kind(models.TextChoices):
        INVENTION = "invention", "发明"
        UTILITY = "utility", "实用新型"
        DESIGN = "design", "外观设计"

    class Status(models.TextChoices):
        PENDING = "pending", "审查中"
        GRANTED = "granted", "已授权"
        REJECTED = "rejected", "驳回"
        WITHDRAWN = "withdrawn", "撤回"
        LAPSED = "lapsed", "失效"

    application_number = PatentNumberField(
        "申请号",
        max_length=20,
        unique=True,
        validators=[validate_patent_number],
        help_text="如 202310123456.6，可带CN/ZL前缀",
    )
    title = NameField("专利名称", max_length=200)
    kind = models.CharField("专利类型", max_length=20, choices=Kind.choices)
    applicant = models.ForeignKey(
        Enterprise, verbose_name="申请单位", on_delete=models.PROTECT, null=True, blank=True, related_name="patents"
    )
    applicant_person = NameField("申请人（个人）", max_length=50, blank=True)
    filed_on = models.DateField("申请日期", db_index=True)
    granted_on = models.DateField("授权日期", null=True, blank=True, db_index=True)
    status = models.CharField("法律状态", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "专利"
        verbose_name_plural = "专利"
        ordering = ["-filed_on", "application_number"]
        indexes = [
            # The list's default order: the first and the last page of 200,000 patents read the index, not a sort.
            models.Index(fields=["-filed_on", "application_number"], name="patent_list_order"),
            # The list filtered by year of grant (dashboard links): its keys sorted from the index alone.
            models.Index(fields=["granted_on", "-filed_on", "application_number"], name="patent_granted_order"),
        ]

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"

    def clean(self) -> None:
        errors: dict = {}
        if not self.applicant_id and not self.applicant_person:
            errors["applicant"] = ["请选择申请单位或填写申请人。"]
        if self.granted_on and self.filed_on and self.granted_on < self.filed_on:
            errors["granted_on"] = ["授权日期不能早于申请日期。"]
        if self.status == self.Status.GRANTED and not self.granted_on:
            errors["granted_on"] = ["已授权的专利必须填写授权日期。"]
        if self.granted_on and self.status == self.Status.PENDING:
            errors["status"] = ["已填写授权日期的专利，法律状态不能是“审查中”。"]
        number_kind = patent_kind_from_number(self.application_number or "")
        if number_kind and self.kind and number_kind != self.kind:
            errors["kind"] = [f"申请号第5位表示“{self.Kind(number_kind).label}”，与所选专利类型不符。"]
        if self.application_number and self.filed_on:
            number = normalize_patent_number(self.application_number)
            digits = number.split(".")[0]
            if digits.isdigit():
                # Numbers before 2003 carry a two-digit year (85 … 02).
                year = (
                    int(digits[:4])
                    if len(digits) == 12
                    else 1900 + int(digits[:2]) + (100 if int(digits[:2]) < 85 else 0)
                )
                if year != self.filed_on.year:
                    errors.setdefault("filed_on", []).append(f"申请日期应在申请号所示的{year}年。")
        self.raise_errors(errors)
