"""The demo's narrative parts of the 2023 report: the seed's text, corrected, citing computed figures."""

import datetime
import json
import re
from decimal import Decimal

import pytest

from bureau.devtools import demo
from bureau.models import AnnualTarget, IndustryStatistics, Report, ReportSection
from bureau.report.document import PLACEHOLDER, compose, plain_text, section_states
from bureau.report.render import render_docx
from bureau.report.services import report_issue, report_section_save
from bureau.services import record_save
from tests.report.helpers import docx_text, flat

pytestmark = pytest.mark.django_db

NARRATIVES = demo.DEMO_FIXTURES_DIR.parent / "demo_narratives.json"
NARRATIVE_KEYS = {"intro", "problems", "ideas", "goals", "measures"}

# (section, sentence as the report must print it, the seed's words it comes from)
SEED_SENTENCES = [
    (
        "intro",
        "一年来，我县科技工作在县委、县政府的正确领导和市科技局的精心指导下",
        "一年来,我县科技工作在县委、县政府的正确领导",
    ),
    (
        "intro",
        "紧紧围绕“构建一湖两岸三区新格局、推进水巴一体化战略”",
        "紧紧围绕“构建一湖两岸三区新格局、推进水巴一体化战略,",
    ),
    ("intro", "不断提升科技对全县经济社会发展的贡献率，取得了显著成效。", "经济社会开展的奉献率,取得了显著成效"),
    ("problems", "一是科技发展水平不够平衡。", "一是科技开展水平不够平衡"),
    ("problems", "部分企业的自主创新意识不强，创新动力不足", "局部企业的自主创新意识不强,创新动力缺乏"),
    ("problems", "产学研相结合的技术创新体系还没有真正形成。", "产学研相结合的技术创新体系还没有真正形成"),
    ("problems", "二是科技经费投入水平不高。", "二是科技经费投入水平不高"),
    ("problems", "县财政用于科技的实际投入离国家相关规定还有差距。", "县财政用于科技的实际投入离国家相关规定还有差距"),
    ("problems", "企业研发投入不足，目前，企业还未上报相关数据至统计局。", "企业研发投入缺乏,目前,企业还未上报"),
    ("problems", "三是高新技术产业的企业数量少。", "三是高新技术产业的企业数量少"),
    (
        "problems",
        "全县有规模以上工业企业57家，其中高新技术产业的企业6家。",
        "全县有规模以上工业企业57家,其中高新技术产业的企业6家",
    ),
    (
        "problems",
        "截至第三季度，高新技术产业增加值15880.4万元，占工业增加值179439万元的比重为8.85%（去年为7.4%）。",
        "截至第三季度,高新技术产业增加值15880.4万元占工业增加值179439万元比重为8.85%去年为7.4%",
    ),
    (
        "problems",
        "全县有创新研发活动的规模企业6家，占规模以上工业企业57家的10.5%。",
        "全县有创新研发活动的规模企业6家,占规模以上工业企业57家的10.5%",
    ),
    (
        "ideas",
        "以邓小平理论、“三个代表”重要思想和科学发展观为指导",
        "以邓小平理论、“三个代表重要思想和科学开展观为指导",
    ),
    ("ideas", "深入实施“科教兴县”战略，全力推进科技创新，全面提高县域科技进步水平", "深入实施“科教兴县战略"),
    ("goals", "一是强化知识产权保护工作。", "一是强化知识产权保护工作"),
    ("goals", "营造良好的知识产权保护氛围", "营造良好的知识产权保护气氛"),
    ("goals", "督促企业加强专利的管理和申报工作", "催促企业加强专利的管理和申报工作"),
    ("goals", "鼓励企业和民间专利人发明创造", "鼓励企业和民间专利人创造创造"),
    (
        "goals",
        "力争全县专利申请量和授权量在今年的基础上实现增长，分别达到100件和50件。",
        "在今年的根底上实现增长,分别到达100件和50件",
    ),
    ("goals", "二是做好一批重大科技项目的申报与实施。", "二是做好一批重大科技项目的申报与实施"),
    ("goals", "组织好国家中小企业创新基金、国家火炬计划项目", "组织好国家中小企业创新基金、国家火炬方案项目"),
    ("goals", "尽快培育XX和美药业和XX顺福堂中药饮片等科技型中小企业成长为高新技术企业", "尽快培育XX和美药业"),
    ("goals", "主动与国家、省、市科技部门搞好科技计划衔接", "搞好科技方案衔接"),
    ("goals", "拟申报国家、省科技项目10个以上。", "拟申报国家、省科技项目10个以上"),
    ("goals", "三是抓好工农业成果转化工作。", "三是抓好工农业成果转化工作"),
    (
        "goals",
        "拟抓好2个以上省级科技成果和5个以上市级科技成果鉴定",
        "拟抓好2个以上省级科技成果和5个以上市级科技成果鉴定",
    ),
    ("goals", "重点帮扶杰亚、宝丰等蔬菜基地以及县渔业局、县鱼种场等农业科研机构。", "重点帮扶杰亚、宝丰等蔬菜基地"),
    ("measures", "1.加强组织领导，健全工作机制。", "1、加强组织领导,健全工作机制"),
    ("measures", "完善科技创新体系，健全科技服务网络", "健全科技效劳网络"),
    ("measures", "2.深入开展科技入园活动，提高企业自主创新能力。", "2、深入开展科技入园活动,提高企业自主创新能力"),
    ("measures", "为园区企业搞好机构、项目、品牌、技术、政策服务。", "政策效劳"),
    ("measures", "促进我县科技和经济社会发展。", "促进XX科技和经济社会开展"),
    ("measures", "3.大力开展科技宣传活动，努力营造浓厚社会氛围。", "努力营造浓厚社会气氛"),
    ("measures", "三是深入开展科普示范工程创建活动，抓好科普示范基地建设。", "科普示范工程创立活动"),
    ("measures", "4.抓好人才队伍建设，保证工作圆满完成。", "4、抓好人才队伍建设,保证工作圆满完成"),
    ("measures", "一是开展了“引智”活动。结合我县产业发展需要", "开展了“引智“活动。结合我县产业开展需要"),
    ("measures", "二是实行科技特派员工作制度。", "二是实行科技特派员工作制度"),
]

# The seed's substitutions as they would read in these parts (DOMAIN.md), and its lost quotes.
BAD_WORDS = [
    "科技开展",
    "社会开展",
    "产业开展",
    "科学开展观",
    "开展生态农业",
    "方案",
    "效劳",
    "根底",
    "原那么",
    "缺乏",
    "缺少",
    "局部",
    "到达",
    "奉献率",
    "催促",
    "创造创造",
    "气氛",
    "广阔农村",
    "创立",
    "?",
    "“引智“",
]


def report_2023() -> Report:
    return Report.objects.get(year=2023)


def printed(key: str) -> str:
    """One section's text as it prints now."""
    state = next(s for s in section_states(report_2023()) if s.key == key)
    return "\n".join(state.printed)


@pytest.fixture
def text(demo_ledger) -> str:
    return plain_text(compose(report_2023()))


def test_seed_sentences_are_in_the_text_and_the_docx(text):
    document = compose(report_2023())
    docx = flat(docx_text(render_docx(document)))
    for key, sentence, source in SEED_SENTENCES:
        assert sentence in printed(key), f"{key} lacks {sentence!r} (seed: {source})"
        assert flat(sentence) in docx, f"DOCX lacks {sentence!r}"


def test_no_bad_substitutions_or_unfilled_placeholders(text):
    narrative = "\n".join(printed(key) for key in NARRATIVE_KEYS)
    assert [word for word in BAD_WORDS if word in narrative] == []
    assert [word for word in BAD_WORDS if word in text] == []
    assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)


def test_fixture_types_no_figure_that_is_computed():
    """二 and 三（二） cite every figure through a placeholder: no digit is typed in them."""
    sections = json.loads(NARRATIVES.read_text(encoding="utf-8"))["reports"][0]["sections"]
    for key in ("problems", "goals"):
        typed = PLACEHOLDER.sub("", "".join(sections[key]))
        assert re.findall(r".{0,8}\d+", typed) == [], f"{key} types a figure"


def test_stored_as_staff_edits_with_the_facts_of_the_moment(demo_ledger):
    sections = {s.key: s for s in ReportSection.objects.filter(report__year=2023)}
    assert set(sections) >= NARRATIVE_KEYS
    for key in NARRATIVE_KEYS:
        assert sections[key].is_edited and sections[key].edited_at is not None and sections[key].edited_by is None
    assert sections["problems"].facts_at_edit["高新技术产业增加值"] == "15880.4万元"
    assert sections["goals"].facts_at_edit["专利申请量目标"] == "100件"
    # Records-built parts stay generated.
    assert "achievements" not in sections


def test_problems_follow_the_industry_statistics(text):
    stats = IndustryStatistics.objects.get(year=2023, period="截至第三季度")
    stats.above_scale_enterprises = 60
    stats.rd_active_enterprises = 9
    stats.high_tech_value_added = Decimal("18000.00")
    record_save(instance=stats, user=None)
    problems = printed("problems")
    assert "全县有规模以上工业企业60家，其中高新技术产业的企业6家。" in problems
    assert "高新技术产业增加值18000万元，占工业增加值179439万元的比重为10%（去年为7.4%）。" in problems
    assert "全县有创新研发活动的规模企业9家，占规模以上工业企业60家的15%。" in problems
    assert "15880.4" not in problems and "57家" not in problems
    # The narrative around the figures is still staff's.
    assert problems.startswith("一是科技发展水平不够平衡。")


def test_goals_follow_the_2024_targets(text):
    target = AnnualTarget.objects.get(year=2024, indicator__name="专利申请量")
    target.target_value = Decimal("120")
    record_save(instance=target, user=None)
    appraisals = AnnualTarget.objects.get(year=2024, indicator__name="市级科技成果鉴定数")
    appraisals.target_value = Decimal("6")
    record_save(instance=appraisals, user=None)
    goals = printed("goals")
    assert "分别达到120件和50件。" in goals
    assert "拟抓好2个以上省级科技成果和6个以上市级科技成果鉴定" in goals
    assert "100件" not in goals and "5个以上" not in goals
    assert goals.startswith("一是强化知识产权保护工作。")


def test_second_load_changes_nothing(demo_ledger):
    before = {s.key: (s.text, s.edited_at) for s in ReportSection.objects.filter(report__year=2023)}
    assert demo.demo_report_narratives_load() == 0
    demo.demo_ledger_load()
    after = {s.key: (s.text, s.edited_at) for s in ReportSection.objects.filter(report__year=2023)}
    assert after == before


def test_staff_edits_are_left_alone(demo_ledger, staff_user):
    report = report_2023()
    ReportSection.objects.filter(report=report, key__in=["ideas", "measures"]).delete()
    report_section_save(report=report, key="ideas", text="以科技创新为引领。", omit_when_empty=False, user=staff_user)
    assert demo.demo_report_narratives_load() == 1  # only the missing 具体措施
    assert report.sections.get(key="ideas").text == "以科技创新为引领。"
    assert report.sections.get(key="measures").text.startswith("1.加强组织领导")


def test_an_issued_report_is_not_touched(demo_ledger, staff_user):
    report = report_2023()
    report_issue(report=report, user=staff_user, date=datetime.date(2023, 12, 20))
    ReportSection.objects.filter(report=report, key="ideas").delete()
    assert demo.demo_report_narratives_load() == 0
    assert not report.sections.filter(key="ideas").exists()
