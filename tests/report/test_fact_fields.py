"""Facts come from fields, never notes: change such a field and the report changes; change a note and it does not."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import TalentProgram
from bureau.models import CertificationKind, Report
from bureau.report import builders
from bureau.report.document import compose, plain_text
from bureau.report.services import report_options_save
from outreach.models import OutreachKind
from projects.models import Program
from tests import factories as f

pytestmark = pytest.mark.django_db


def text() -> str:
    return plain_text(compose(Report.objects.filter(year=2023).first() or Report(year=2023)), appendix=True)


def body() -> str:
    return text().split("附表")[0]


def changes_report(record, **values) -> tuple[str, str]:
    before = body()
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return before, body()


def test_event_industries_field(db):
    event = f.CooperationEventFactory(title="科技成果对接会", start_date=None)
    event.participants.set([f.EnterpriseFactory(short_name="甲公司", industry=f.IndustryFactory(name="绿色食品"))])
    event.industries.set([f.IndustryFactory(name="电子信息")])
    assert "重点围绕我县电子信息等产业发展需求" in body()
    assert "绿色食品" not in body()
    event.industries.set([f.IndustryFactory(name="新材料")])
    assert "重点围绕我县新材料等产业发展需求" in body()
    before, after = changes_report(event, note="服务电子信息产业（备注）")
    assert before == after


def test_talent_counts_fields(db):
    program = TalentProgram.objects.get_or_create(name="省“双千计划”", defaults={"level": "provincial"})[0]
    talent = f.TalentSelectionFactory(program=program, level="provincial", province_selected=5, city_selected=1)
    assert "全省仅有5人入选该计划，全市只有我县1人入选" in body()
    _, after = changes_report(talent, province_selected=30)
    assert "全省共有30人入选该计划" in after and "5人" not in after
    _, after = changes_report(talent, city_selected=4)
    assert "全市共4人入选，其中我县1人" in after
    before, after = changes_report(talent, note="全省仅有2人入选")
    assert before == after


def test_certification_kind_preferences_fields(db):
    kind = CertificationKind.objects.get(name="省级高新技术企业")
    kind.income_tax_rate, kind.rd_deduction_percent = 15, 150
    kind.save()
    cert = f.CertificationFactory(kind=kind, level="provincial", year=2023, note="")
    assert "减按15%的税率缴纳企业所得税和研发费用可按实际发生额的150%抵扣当年应纳税所得额" in body()
    _, after = changes_report(kind, rd_deduction_percent=200)
    assert "实际发生额的200%" in after and "150%" not in after
    _, after = changes_report(kind, income_tax_rate=None, rd_deduction_percent=None)
    assert "优惠政策" not in after
    before, after = changes_report(cert, note="享受减按15%的税率缴纳企业所得税等优惠政策。")
    assert before == after


def test_science_week_principles_and_audiences_fields(db):
    week = f.ScienceWeekFactory(principles="贴近实际、贴近群众", audiences="广大农村")
    f.OutreachActivityFactory(science_week=week, start_date=datetime.date(2023, 5, 12), organisers="县科技局")
    assert "坚持贴近实际、贴近群众的原则，面向广大农村" in body()
    _, after = changes_report(week, principles="服务基层", audiences="社区和学校")
    assert "坚持服务基层的原则，面向社区和学校" in after
    before, after = changes_report(week, note="根据上级科技部门的统一部署举办，收到了较好的成效。")
    assert before == after


def test_activity_figures_come_from_fields_through_placeholders(db):
    week = f.ScienceWeekFactory()
    activity = f.OutreachActivityFactory(
        kind=OutreachKind.objects.get_or_create(name="科普大篷车")[0],
        science_week=week,
        start_date=week.start_date,
        end_date=week.end_date,
        organisers="县科协",
        place="中小学",
        students=30000,
        towns_covered=11,
        counts_approx=True,
        description="“科普大篷车”开进全县{乡镇数}个乡镇的中小学，让{学生人数}名学生身临其境体验科技的魅力。",
    )
    assert "“科普大篷车”开进全县11个乡镇的中小学，让3万余名学生" in body()
    _, after = changes_report(activity, students=45000, towns_covered=12)
    assert "开进全县12个乡镇的中小学，让4.5万余名学生" in after
    assert "3万" not in after and "11个乡镇" not in after  # the old figures are gone, not printed beside the new


def test_an_unknown_placeholder_in_an_activity_is_refused_with_the_known_ones(db):
    activity = f.OutreachActivityFactory.build(
        kind=OutreachKind.objects.get_or_create(name="科普宣传")[0], description="让{学生数}名学生参与"
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    message = " ".join(error.value.message_dict["description"])
    assert "{学生数}不存在" in message and "{学生人数}" in message


def test_city_count_above_province_count_is_refused(db):
    talent = f.TalentSelectionFactory.build(
        program=TalentProgram.objects.get_or_create(name="测试计划", defaults={"level": "provincial"})[0],
        enterprise=f.EnterpriseFactory(),
        province_selected=2,
        city_selected=3,
    )
    with pytest.raises(ValidationError) as error:
        talent.full_clean()
    assert error.value.message_dict["city_selected"] == ["全市入选人数不能多于全省入选人数。"]


def test_tax_rate_above_100_is_refused(db):
    kind = CertificationKind(name="测试类别", income_tax_rate=120, rd_deduction_percent=50)
    with pytest.raises(ValidationError) as error:
        kind.full_clean()
    assert error.value.message_dict["income_tax_rate"] == ["税率不能超过100%。"]
    assert error.value.message_dict["rd_deduction_percent"] == ["扣除比例不能低于实际发生额的100%。"]


def test_an_untitled_programme_is_counted_and_a_titled_one_quoted(db):
    program = Program.objects.get(name="省科技型中小企业信贷风险补偿资金贷款备选企业")
    f.ProjectApplicationFactory(title="甲公司申报贷款备选企业", program=program, status="applied")
    program.titled = True
    program.save()
    assert "《甲公司申报贷款备选企业》" in body()
    _, after = changes_report(program, titled=False)
    assert "《甲公司申报贷款备选企业》" not in after
    assert "省科技型中小企业信贷风险补偿资金贷款备选企业1项" in after


def test_the_appendix_follows_the_report_option(db):
    f.ProjectApplicationFactory(title="星火示范项目", program=Program.objects.get(name="省星火计划"), status="applied")
    f.PatentFactory(title="一种测试装置")
    report = Report.objects.create(year=2023)
    appendix = compose(report)["appendix"]
    assert [table["title"] for table in appendix] == ["科技计划项目", "专利申请和授权"]
    assert appendix[0]["rows"][0][1] == "星火示范项目"
    report_options_save(report=report, patents_until=None, include_appendix=False)
    assert compose(report)["appendix"] == []
    report_options_save(report=report, patents_until=None)  # not given: unchanged
    assert Report.objects.get(pk=report.pk).include_appendix is False


def test_the_options_form_switches_the_appendix(staff_client):
    Report.objects.create(year=2023)
    url = reverse("report:options", args=[2023])
    staff_client.post(url, {"patents_until": ""})
    assert Report.objects.get(year=2023).include_appendix is False
    staff_client.post(url, {"patents_until": "", "include_appendix": "1"})
    assert Report.objects.get(year=2023).include_appendix is True
    page = staff_client.get(reverse("report:detail", args=[2023])).content.decode()
    assert 'name="include_appendix"' in page and "checked" in page


def test_many_records_of_a_kind_are_named_up_to_five_and_counted(db):
    kind = OutreachKind.objects.get_or_create(name="科普宣传")[0]
    platform = CertificationKind.objects.get(name="博士后科研工作站")
    program = TalentProgram.objects.get_or_create(name="测试人才计划", defaults={"level": "municipal"})[0]
    for n in range(8):
        unit = f.EnterpriseFactory(short_name=f"单位{n}")
        event = f.CooperationEventFactory(title=f"对接会{n}号", start_date=datetime.date(2023, 6, n + 1))
        event.participants.set([unit])
        f.OutreachActivityFactory(kind=kind, title=f"宣传{n}号", organisers="县科技局", participants=100 + n)
        f.AssistanceRecordFactory(place=f"某镇{n}号村", funds=n + 1, description=f"做好第{n}号帮扶")
        f.TalentSelectionFactory(program=program, level="municipal", person=f"人{n}", enterprise=unit)
        f.CertificationFactory(enterprise=unit, kind=platform, level="provincial", year=2020)
        f.AppraisalFactory(title=f"鉴定{n}号", level="provincial" if n < 7 else "municipal")
    parts = {p["key"]: "".join(p["paragraphs"]) for c in compose(Report(year=2023))["chapters"] for p in c["parts"]}
    assert "等8场科技合作交流活动" in parts["cooperation"]
    assert sum(f"对接会{n}号" in parts["cooperation"] for n in range(8)) == 5
    assert "全县共有8人入选各级人才计划，其中测试人才计划8人" in parts["platforms"]
    assert "等8个科技创新平台" in parts["platforms"]
    assert sum(f"宣传{n}号" in parts["outreach"] for n in range(8)) == 5
    assert "此外，全年还开展科普宣传等科普活动3场" in parts["outreach"]
    # The five places with the most funds are described, the three others counted.
    assert [n for n in range(8) if f"第{n}号帮扶" in parts["assistance"]] == [3, 4, 5, 6, 7]
    assert "此外，还在3个村（点）开展了帮扶工作" in parts["assistance"]
    # The five most significant appraisals are provincial; the municipal one is counted, still as 科技成果.
    assert "有科技成果《鉴定0号》" in parts["achievements"] and "等7项通过省级成果鉴定" in parts["achievements"]
    assert "有1项科技成果通过市级成果鉴定" in parts["achievements"]


def test_many_patents_are_counted_by_applicant_in_the_appendix(db, monkeypatch):
    monkeypatch.setattr(builders, "PATENT_ROWS_LIMIT", 2)
    first, second = f.EnterpriseFactory(short_name="甲药业"), f.EnterpriseFactory(short_name="乙科技")
    for _ in range(2):
        f.PatentFactory(applicant=first)
    f.PatentFactory(applicant=second)
    report = Report.objects.create(year=2023)
    tables = {table["title"]: table for table in compose(report)["appendix"]}
    table = tables["专利申请和授权（按申请单位汇总）"]
    assert [row[1:3] for row in table["rows"]] == [["甲药业", "2"], ["乙科技", "1"]]


def test_a_persons_patent_names_the_person_in_the_appendix(db):
    f.PatentFactory(applicant=f.EnterpriseFactory(short_name="甲药业"), title="一种单位的装置")
    f.PatentFactory(applicant=None, applicant_person="刘建华", title="一种个人的装置")
    tables = {table["title"]: table for table in compose(Report.objects.create(year=2023))["appendix"]}
    rows = {row[2]: row[4] for row in tables["专利申请和授权"]["rows"]}
    assert rows == {"一种单位的装置": "甲药业", "一种个人的装置": "刘建华"}
