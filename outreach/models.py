"""科普、合作与帮扶: science week, outreach activities, cooperation, partnerships and village assistance."""

import re
from decimal import Decimal

from django.db import models
from django.db.models import Q

from bureau.fields import CountField, MoneyField, NameField, YearField
from bureau.models import EditableList, Enterprise, Industry, LedgerRecord


class ScienceWeek(LedgerRecord):
    """科技活动周: the year's science week and the county-wide totals reported for it."""

    year = YearField()
    theme = NameField("主题", max_length=100)
    principles = NameField(
        "坚持原则", max_length=100, blank=True, help_text="多项用顿号分隔，如：贴近实际、贴近群众、贴近生产"
    )
    audiences = NameField("面向", max_length=100, blank=True, help_text="如：广大农村、社区和企业")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    personnel = CountField("参与科技人员（人次）")
    personnel_approx = models.BooleanField("科技人员数为约数", default=False, help_text="报告中写作“300多人次”")
    lectures = CountField("科技讲座、培训（期）")
    materials = CountField("发放宣传资料（份）")
    consultations = CountField("提供咨询服务（人次）")
    display_boards = CountField("展出科普展板（块）")
    participants = CountField("参与群众（人）")
    participants_approx = models.BooleanField("参与群众数为约数", default=False)
    public_reached_percent = models.PositiveSmallIntegerField(
        "受教育干部群众比例（%以上）", null=True, blank=True, help_text="上报的估计值，如 80 表示“80%以上”"
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "科技活动周"
        verbose_name_plural = "科技活动周"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], name="scienceweek_one_per_year", violation_error_message="该年度的科技活动周已存在。"
            ),
            models.CheckConstraint(condition=Q(public_reached_percent__lte=100), name="scienceweek_percent_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年科技活动周"

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "start_date", self.start_date, "开始日期")
        self.check_year(errors, self.year, "end_date", self.end_date, "结束日期")
        self.check_order(errors, "end_date", self.start_date, self.end_date, "结束日期不能早于开始日期。")
        if self.public_reached_percent is not None and self.public_reached_percent > 100:
            errors["public_reached_percent"] = ["比例不能超过100%。"]
        self.raise_errors(errors)


class OutreachKind(EditableList):
    """科普活动类别 (科普宣传, 送科技下乡, 科普进校园 …)."""

    class Meta(EditableList.Meta):
        verbose_name = "科普活动类别"
        verbose_name_plural = "科普活动类别"


class OutreachActivity(LedgerRecord):
    """科普活动: one outreach activity, inside the science week or on its own (5.12 防灾减灾日)."""

    year = YearField()
    title = NameField("活动名称", max_length=200)
    kind = models.ForeignKey(OutreachKind, verbose_name="活动类别", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    place = NameField("地点", max_length=100, blank=True)
    organisers = models.TextField("组织单位", blank=True, help_text="多个单位用顿号分隔")
    participants = CountField("参与人数")
    students = CountField("参与学生数")
    towns_covered = CountField("覆盖乡镇数")
    schools_covered = CountField("覆盖学校数")
    counts_approx = models.BooleanField("人数为约数", default=False, help_text="报告中写作“3万余名”")
    science_week = models.ForeignKey(
        ScienceWeek,
        verbose_name="所属科技活动周",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    description = models.TextField(
        "活动内容",
        blank=True,
        help_text="数字请用占位符引用本记录的字段，如“开进全县{乡镇数}个乡镇的中小学，让{学生人数}名学生……”，"
        "改了字段报告随之改变；未引用的数字由报告补在句末",
    )

    # The figures a description may cite by name; the report fills them from the fields.
    FIGURES = {
        "参与人数": "participants",
        "学生人数": "students",
        "乡镇数": "towns_covered",
        "学校数": "schools_covered",
    }

    class Meta:
        verbose_name = "科普活动"
        verbose_name_plural = "科普活动"
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "start_date", self.start_date, "开始日期")
        self.check_order(errors, "end_date", self.start_date, self.end_date, "结束日期不能早于开始日期。")
        if self.science_week_id and self.science_week.year != self.year:
            errors["science_week"] = ["所属科技活动周与活动年度不一致。"]
        unknown = [name for name in re.findall(r"\{([^{}]*)\}", self.description or "") if name not in self.FIGURES]
        if unknown:
            errors["description"] = [
                f"活动内容中的占位符{'、'.join('{' + n + '}' for n in unknown)}不存在，"
                f"可用的有：{'、'.join('{' + n + '}' for n in self.FIGURES)}。"
            ]
        self.raise_errors(errors)


class CooperationEvent(LedgerRecord):
    """科技合作交流: a matchmaking meeting, fair or conference, and the units that took part."""

    class Kind(models.TextChoices):
        MATCHMAKING = "matchmaking", "对接会"
        FAIR = "fair", "交易会"
        CONFERENCE = "conference", "大会"
        OTHER = "other", "其他"

    year = YearField()
    title = NameField("活动名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    start_date = models.DateField("开始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    online = models.BooleanField("线上举办", default=False)
    place = NameField("地点", max_length=100, blank=True)
    participants = models.ManyToManyField(Enterprise, verbose_name="参加单位", blank=True, related_name="events")
    # The industries the event served: the report's "重点围绕我县…等产业" comes from here, not from who took part.
    industries = models.ManyToManyField(Industry, verbose_name="服务产业", blank=True, related_name="events")
    note = models.TextField("备注", blank=True)

    # The history keeps the participants too (simple-history's m2m tracking, read by the inherited
    # HistoricalRecords): a deleted event comes back with the units that took part.
    _history_m2m_fields = ["participants", "industries"]

    class Meta:
        verbose_name = "科技合作交流"
        verbose_name_plural = "科技合作交流"
        ordering = ["-year", "start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict = {}
        self.check_year(errors, self.year, "start_date", self.start_date, "开始日期")
        self.check_order(errors, "end_date", self.start_date, self.end_date, "结束日期不能早于开始日期。")
        self.raise_errors(errors)


class Partnership(LedgerRecord):
    """产学研合作: a county unit's cooperation with a university or research institute."""

    year = YearField()
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="本地单位", on_delete=models.PROTECT, related_name="partnerships"
    )
    partner = models.ForeignKey(
        Enterprise,
        verbose_name="合作院校/院所",
        on_delete=models.PROTECT,
        related_name="partnerships_as_partner",
        limit_choices_to={"kind__in": Enterprise.RESEARCH_KINDS},
    )
    content = NameField("合作内容", max_length=200, default="技术合作")
    started_on = models.DateField("开始日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "产学研合作"
        verbose_name_plural = "产学研合作"
        ordering = ["-year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "enterprise", "partner"],
                name="partnership_unique",
                violation_error_message="该年度这两家单位的合作已登记。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.partner}"

    def clean(self) -> None:
        errors: dict = {}
        if self.partner_id and self.partner.kind not in Enterprise.RESEARCH_KINDS:
            errors["partner"] = ["合作方应为高校或科研院所。"]
        if self.partner_id and self.partner_id == self.enterprise_id:
            errors["partner"] = ["合作双方不能是同一单位。"]
        self.check_year(errors, self.year, "started_on", self.started_on, "开始日期")
        self.raise_errors(errors)


class AssistanceRecord(LedgerRecord):
    """驻村挂点帮扶: the bureau's assistance to a village in a year, with funds and figures."""

    class Kind(models.TextChoices):
        BEAUTIFUL_VILLAGE = "beautiful_village", "美丽乡村建设"
        TOBACCO = "tobacco", "烟叶蹲点"
        DOUBLE_LINK = "double_link", "双联双帮"
        POVERTY = "poverty", "扶贫"
        STABILITY = "stability", "综治维稳"
        OTHER = "other", "其他"

    year = YearField()
    place = NameField("帮扶地点", max_length=100, help_text="如：巴邱镇XX村")
    kind = models.CharField("帮扶类型", max_length=30, choices=Kind.choices)
    funds = MoneyField("投入资金（万元）", default=0)
    description = models.TextField("帮扶内容", blank=True)

    class Meta:
        verbose_name = "驻村挂点帮扶"
        verbose_name_plural = "驻村挂点帮扶"
        ordering = ["-year", "kind"]
        constraints = [models.CheckConstraint(condition=Q(funds__gte=0), name="assistancerecord_funds_not_negative")]

    def __str__(self) -> str:
        return f"{self.place}（{self.get_kind_display()}）"


class AssistanceFigure(LedgerRecord):
    """帮扶成效指标: a named figure of an assistance record (种植面积 130 亩, target 120 亩)."""

    record = models.ForeignKey(
        AssistanceRecord, verbose_name="帮扶记录", on_delete=models.CASCADE, related_name="figures"
    )
    name = NameField("指标", max_length=50)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    unit = NameField("单位", max_length=10)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "帮扶成效指标"
        verbose_name_plural = "帮扶成效指标"
        ordering = ["record", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="assistancefigure_value_not_negative"),
            models.CheckConstraint(
                condition=Q(target__gt=0) | Q(target__isnull=True), name="assistancefigure_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.value}{self.unit}"

    def clean(self) -> None:
        errors: dict = {}
        if self.value is not None and self.value < 0:
            errors["value"] = ["数值不能为负数。"]
        if self.target is not None and self.target <= Decimal("0"):
            errors["target"] = ["目标值应大于0。"]
        self.raise_errors(errors)
