"""After `load_demo`, the ledger holds the seed document's facts and its figures come out as the seed states them."""

import datetime
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Sum

from awards.models import Appraisal, AwardNomination, Commendation, TalentSelection
from bureau.devtools import demo
from bureau.models import AnnualTarget, BureauProfile, Certification, Enterprise, IndustryStatistics
from bureau.validators import validate_patent_number
from outreach.models import AssistanceRecord, CooperationEvent, OutreachActivity, Partnership, ScienceWeek
from patents.models import Patent
from projects.models import ProjectApplication

pytestmark = pytest.mark.django_db

LEDGER_APPS = ("bureau", "projects", "awards", "patents", "outreach")
CUTOFF = datetime.date(2023, 10, 31)


def percent(part, whole, places: str = "0.1") -> Decimal:
    return (Decimal(part) / Decimal(whole) * 100).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def ledger_models() -> list[type[models.Model]]:
    """Every concrete record type of the ledger (not the history shadows)."""
    return [
        model
        for label in LEDGER_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.model_name.startswith("historical")
    ]


@pytest.fixture(scope="module")
def ledger(django_db_setup, django_db_blocker):
    """The ledger after `load_demo`, loaded once for the module; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_command_reports_the_records_written(ledger):
    written = int(re.search(r"已载入演示台账：(\d+) 条记录", ledger).group(1))
    assert written > 150
    assert written == sum(
        model.history.filter(history_change_reason=demo.DEMO_REASON).count()
        for model in ledger_models()
        if hasattr(model, "history")
    )


def test_bureau_profile_keeps_the_redacted_names_as_settings(ledger):
    profile = BureauProfile.current()
    assert (profile.province, profile.city, profile.county) == ("XX省", "XX市", "XX县")


def test_six_applications_in_2023_by_program(ledger):
    applications = ProjectApplication.objects.filter(year=2023)
    assert applications.count() == 6
    assert Counter(applications.values_list("program__name", flat=True)) == {
        "市级科技协同创新重大专项": 1,
        "省科技型中小企业信贷风险补偿资金贷款备选企业": 2,
        "省重点新产品计划": 2,
        "省科技协同创新体": 1,
    }
    assert applications.filter(title="裸花紫株颗粒二次开发及高新技术产业化").exists()
    assert applications.filter(title="现代植物药技术研发及协同创新体组建").exists()


def test_approvals_of_2023_with_their_funding(ledger):
    approved = ProjectApplication.objects.filter(
        decided_on__year=2023, status__in=ProjectApplication.APPROVED_STATES
    ).select_related("program")
    by_program = Counter(approved.values_list("program__name", flat=True))
    assert by_program == {
        "省科技厅社发类": 1,
        "省星火计划": 1,
        "技术创新引导类科技计划": 1,
        "省青年科学家培养对象计划": 1,
        "省重点新产品计划": 2,
        "市级指导性科技计划": 5,
    }
    funding = {p.program.name: p.funding_approved for p in approved if p.funding_approved is not None}
    assert funding == {
        "省科技厅社发类": Decimal("5"),
        "省星火计划": Decimal("10"),
        "技术创新引导类科技计划": Decimal("5"),
        "省青年科学家培养对象计划": Decimal("10"),
    }
    new_products = set(approved.filter(program__name="省重点新产品计划").values_list("title", flat=True))
    assert new_products == {"伊可克伊维菌素注射液", "千目超微粉中兽药制剂止痢母仔安"}
    assert approved.filter(title="水稻“三控”施肥技术研究与示范").exists()


def test_five_major_projects_under_way_at_every_level(ledger):
    major = ProjectApplication.objects.filter(is_major=True, status="ongoing")
    assert major.count() == 5
    assert set(major.values_list("program__level", flat=True)) == {"national", "provincial", "municipal"}


def test_industry_statistics_give_the_seed_shares(ledger):
    current = IndustryStatistics.objects.get(year=2023, period="截至第三季度")
    previous = IndustryStatistics.objects.get(year=2022, period="截至第三季度")
    assert (current.above_scale_enterprises, current.above_scale_high_tech, current.rd_active_enterprises) == (57, 6, 6)
    assert current.high_tech_value_added == Decimal("15880.4")
    assert current.industrial_value_added == Decimal("179439")
    assert percent(current.high_tech_value_added, current.industrial_value_added, "0.01") == Decimal("8.85")
    assert percent(previous.high_tech_value_added, previous.industrial_value_added) == Decimal("7.4")
    assert percent(current.rd_active_enterprises, current.above_scale_enterprises) == Decimal("10.5")


def test_certifications_platforms_and_talents(ledger):
    high_tech = Certification.objects.filter(year=2023, kind__is_high_tech=True, level="provincial")
    assert set(high_tech.values_list("enterprise__short_name", flat=True)) == {"普正制药", "新天地药业"}
    # The tax preferences are the certification kind's fields now, not a note.
    assert all(c.reward == Decimal("10") for c in high_tech)
    assert {(c.kind.income_tax_rate, c.kind.rd_deduction_percent) for c in high_tech} == {(15, 150)}
    platforms = Certification.objects.filter(kind__is_platform=True, enterprise__short_name="普正制药")
    assert set(platforms.values_list("kind__name", flat=True)) == {"博士后创新实践基地", "博士后科研工作站"}

    talents = {t.person: t for t in TalentSelection.objects.filter(year=2023).select_related("program", "enterprise")}
    assert set(talents) == {"李龙瑞", "肖军平", "康兴东"}
    assert talents["李龙瑞"].enterprise.short_name == "新天地药业"
    assert talents["肖军平"].program.name == "国家创新人才推进计划"
    assert {talents["李龙瑞"].selected_on.month, talents["肖军平"].selected_on.month} == {3}
    assert talents["康兴东"].selected_on.month == 5
    assert (talents["肖军平"].province_selected, talents["肖军平"].city_selected) == (5, 2)


def test_award_nominations_and_appraisal(ledger):
    municipal = AwardNomination.objects.filter(year=2023, level="municipal", award="科技进步奖")
    assert municipal.count() == 4
    assert "XX县烟后秋玉米栽培配套技术试验研究与示范推广" in set(municipal.values_list("title", flat=True))
    provincial = AwardNomination.objects.filter(year=2023, level="provincial")
    assert set(provincial.values_list("title", flat=True)) == {
        "穿王消炎胶囊指纹图谱技术的应用",
        "兽用长效氟苯尼考注射剂研发",
    }
    appraisal = Appraisal.objects.get(year=2023)
    assert (appraisal.level, appraisal.get_conclusion_display()) == ("municipal", "国内先进")


def test_patents_applied_and_granted_to_the_cutoff(ledger):
    applied = Patent.objects.filter(filed_on__year=2023, filed_on__lte=CUTOFF)
    granted = Patent.objects.filter(granted_on__year=2023, granted_on__lte=CUTOFF)
    assert applied.count() == 15
    assert granted.count() == 15
    for patent in Patent.objects.all():
        validate_patent_number(patent.application_number)
        assert "演示数据" in patent.note


def test_commendation_meeting_total(ledger):
    meeting = Commendation.objects.get(year=2023)
    assert meeting.held_on == datetime.date(2023, 4, 9)
    items = meeting.items.all()
    assert Counter(items.values_list("category", flat=True)) == {
        "progress_award": 8,
        "high_tech": 1,
        "new_product": 2,
        "local_standard": 1,
        "patent": 16,
    }
    assert items.aggregate(total=Sum("reward"))["total"] == Decimal("22.5")
    # The excellent patents are patents of the ledger, granted in the year honoured.
    honoured = set(Patent.objects.filter(granted_on__year=meeting.year_honoured).values_list("title", flat=True))
    assert set(items.filter(category="patent").values_list("title", flat=True)) <= honoured


def test_science_week_and_activities(ledger):
    week = ScienceWeek.objects.get(year=2023)
    assert (week.start_date, week.end_date) == (datetime.date(2023, 5, 11), datetime.date(2023, 5, 17))
    totals = (
        week.personnel,
        week.lectures,
        week.materials,
        week.consultations,
        week.display_boards,
        week.participants,
        week.public_reached_percent,
    )
    assert totals == (300, 18, 35000, 10000, 90, 6000, 80)
    assert week.personnel_approx and week.participants_approx
    in_week = {a.start_date: a for a in week.activities.all()}
    assert in_week[datetime.date(2023, 5, 12)].place == "县城百花社区"
    assert "十几个" in in_week[datetime.date(2023, 5, 12)].organisers
    assert in_week[datetime.date(2023, 5, 13)].place == "水边镇"
    caravan = week.activities.get(kind__name="科普大篷车")
    assert (caravan.towns_covered, caravan.students, caravan.counts_approx) == (11, 30000, True)
    drill = OutreachActivity.objects.get(kind__name="应急演练")
    assert drill.science_week is None


def test_cooperation_events_and_partnerships(ledger):
    events = {e.title: e for e in CooperationEvent.objects.filter(year=2023)}
    assert len(events) == 5
    assert sum(e.online for e in events.values()) == 3
    fair = events["第十七届中国国际高新技术成果交易会"]
    assert (fair.start_date, fair.end_date) == (datetime.date(2023, 11, 16), datetime.date(2023, 11, 21))
    assert [u.short_name for u in fair.participants.all()] == ["新天地药业"]
    assert "赣南苏区振兴发展在线科技成果对接会" in events

    partnerships = Partnership.objects.filter(year=2023)
    partners = set(partnerships.values_list("partner__name", flat=True))
    assert 20 < len(partners) < 30  # "20余家"
    assert {"中南大学", "中国科学院上海药物研究所", "XX农业大学"} <= partners
    assert not partnerships.exclude(partner__kind__in=Enterprise.RESEARCH_KINDS).exists()
    locals_ = set(partnerships.values_list("enterprise__short_name", flat=True))
    assert {"普正制药", "金品科技", "驰邦药业"} <= locals_


def test_assistance_records(ledger):
    records = AssistanceRecord.objects.filter(year=2023)
    assert records.aggregate(total=Sum("funds"))["total"] == Decimal("8")
    assert {r.kind: r.place for r in records} == {
        "beautiful_village": "巴邱镇北门黄泥岗",
        "tobacco": "巴邱镇XX村",
        "double_link": "桐林乡桐林村",
        "stability": "福民乡方家村",
        "poverty": "戈坪乡戈坪村",
    }
    figures = {f.unit: f for f in records.get(kind="tobacco").figures.all()}
    area = figures["亩"]
    assert (area.value, area.target, percent(area.value, area.target, "1")) == (Decimal("130"), Decimal("120"), 108)
    assert figures["万斤"].value == Decimal("3.56")
    assert figures["万元"].value == Decimal("50.6")


def test_targets_for_2024(ledger):
    targets = {t.indicator.name: (t.target_value, t.at_least) for t in AnnualTarget.objects.filter(year=2024)}
    assert targets == {
        "专利申请量": (Decimal("100"), False),
        "专利授权量": (Decimal("50"), False),
        "申报国家、省科技项目数": (Decimal("10"), True),
        "省级科技成果鉴定数": (Decimal("2"), True),
        "市级科技成果鉴定数": (Decimal("5"), True),
    }


def test_every_record_passes_full_clean(ledger):
    checked = 0
    for model in ledger_models():
        for instance in model._default_manager.all():
            instance.full_clean()
            checked += 1
    assert checked > 150


# The seed's bad substitutions. 开展 is wrong only where it means development.
BAD_WORDS = ("效劳", "根底", "原那么", "奉献率", "创造创造", "广阔农村", "方案", "催促", "局部", "到达", "气氛", "8O")
DEVELOPMENT_KAIZHAN = re.compile(r"(社会|产业|振兴|科学|科技|经济)开展|开展(观|需求|加快|水平)")


@pytest.mark.parametrize(
    "seed_phrase", ["促进经济社会开展", "产业开展需求", "赣南苏区振兴开展", "科学开展观", "高新技术产业开展加快"]
)
def test_the_development_pattern_catches_the_seed_phrases(seed_phrase):
    assert DEVELOPMENT_KAIZHAN.search(seed_phrase)
    assert not DEVELOPMENT_KAIZHAN.search("开展了内容丰富、形式多样的科普宣传活动")


def test_no_record_text_carries_the_seed_substitutions(ledger):
    offending = []
    for model in ledger_models():
        text_fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model._default_manager.values("pk", *text_fields):
            for name in text_fields:
                text = row[name] or ""
                bad = [w for w in BAD_WORDS if w in text]
                if "?" in text or "？" in text:
                    bad.append("?")
                if DEVELOPMENT_KAIZHAN.search(text):
                    bad.append("开展(发展)")
                if bad:
                    offending.append((model.__name__, row["pk"], name, bad, text))
    assert offending == []


def test_loading_twice_changes_nothing(ledger):
    def snapshot():
        return {
            model.__name__: (
                model._default_manager.count(),
                model.history.count() if hasattr(model, "history") else None,
                sorted(model._default_manager.values_list("pk", "version")) if hasattr(model, "version") else None,
            )
            for model in ledger_models()
        }

    before = snapshot()
    assert demo.demo_ledger_load() == 0
    assert snapshot() == before


def test_a_changed_record_is_restored_by_the_next_load(ledger):
    week = ScienceWeek.objects.get(year=2023)
    week.lectures = 1
    week.save()
    assert demo.demo_ledger_load() == 1
    week.refresh_from_db()
    assert week.lectures == 18


def test_a_fixture_naming_a_missing_unit_writes_nothing(db, tmp_path):
    (tmp_path / "01_units.json").write_text(
        '{"model": "bureau.Enterprise", "key": ["name"], "records": [{"name": "演示单位甲", "kind": "enterprise"}]}',
        encoding="utf-8",
    )
    (tmp_path / "02_patents.json").write_text(
        '{"model": "bureau.Certification", "key": ["enterprise", "kind", "year"], "records": '
        '[{"enterprise": "不存在的单位", "kind": "省级高新技术企业", "level": "provincial", "year": 2023}]}',
        encoding="utf-8",
    )
    with pytest.raises(demo.DemoFixtureError, match="不存在的单位"):
        demo.demo_ledger_load(directory=tmp_path)
    assert not Enterprise.objects.filter(name="演示单位甲").exists()
