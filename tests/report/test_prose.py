"""The prose rules of the generated draft (issue 13), each checked over the demo ledger and over a second ledger.

The second ledger (prose_ledgers.other_ledger) has other names and counts, so a rule that only holds
for the demo's records fails here. Both drafts are built once per module and then only read.
"""

import re

import pytest
from django.db import transaction

from bureau.devtools import demo
from bureau.models import Enterprise, Report
from bureau.report.document import compose, plain_text
from projects.models import ProjectApplication

from .prose_ledgers import other_ledger

pytestmark = pytest.mark.django_db

LEDGERS = ["demo", "other"]
GENERATED = ["projects", "cooperation", "high_tech", "platforms", "achievements", "outreach", "assistance"]


def _snapshot(extra: dict) -> dict:
    document = compose(Report(year=2023))
    parts = {part["key"]: part["paragraphs"] for chapter in document["chapters"] for part in chapter["parts"]}
    untitled = list(ProjectApplication.objects.filter(program__titled=False, year=2023).values_list("title", flat=True))
    return {
        "document": document,
        "text": plain_text(document, appendix=True),
        "parts": parts,
        "untitled": untitled,
        "units": [name for name in Enterprise.objects.values_list("short_name", flat=True) if len(name) >= 2],
        **extra,
    }


@pytest.fixture(scope="module")
def drafts(django_db_setup, django_db_blocker):
    """Both ledgers' 2023 drafts; every record is rolled back afterwards."""
    result = {}
    with django_db_blocker.unblock():
        for name in LEDGERS:
            with transaction.atomic():
                if name == "demo":
                    demo.demo_ledger_load()
                    extra = {}
                else:
                    ledger = other_ledger()
                    extra = {
                        "approved_titles": [p.title for p in ledger["approved"]],
                        "nomination_titles": [n.title for n in ledger["nominations"]],
                        "patent_titles": [p.title for p in ledger["patents"]],
                        "event_titles": [e.title for e in ledger["events"]],
                    }
                result[name] = _snapshot(extra)
                transaction.set_rollback(True)
    return result


@pytest.fixture(params=LEDGERS)
def draft(request, drafts):
    return drafts[request.param]


def sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in re.split(r"(?<=。)", p) if s.strip()]


def body(draft) -> list[str]:
    return [s for key in GENERATED for s in sentences(draft["parts"].get(key, []))]


def test_no_dunhao_between_titles_or_quotations(draft):
    # GB/T 15834 4.5.3.5: 《甲》《乙》和《丙》, “甲”和“乙”, never 《甲》、《乙》.
    assert "》、《" not in draft["text"]
    assert "”、“" not in draft["text"]


def test_a_unit_is_named_once_in_a_sentence(draft):
    assert draft["units"]
    for sentence in body(draft):
        plain = re.sub(r"《[^》]*》|“[^”]*”", "", sentence)
        repeated = [unit for unit in draft["units"] if plain.count(unit) > 1]
        assert not repeated, sentence


def test_records_without_a_real_title_are_counted_not_quoted(draft):
    assert draft["untitled"], "each ledger has records of an untitled programme"
    for title in draft["untitled"]:
        assert f"《{title}》" not in draft["text"]
        assert title not in draft["text"].split("附表")[0]
    assert "信贷风险补偿资金贷款备选企业2项" in draft["text"] or "信贷风险补偿资金贷款备选企业7项" in draft["text"]


def test_a_sentence_names_at_most_five_titles_of_a_list(draft):
    for sentence in sentences(draft["parts"]["projects"]):
        assert sentence.count("《") <= 5, sentence


def test_more_than_five_records_are_counted_and_listed_in_the_appendix(drafts):
    other = drafts["other"]
    projects_text = "".join(other["parts"]["projects"])
    assert "市级指导性科技计划项目12项" in projects_text or "等12项" in projects_text
    # The most significant by level, then amount: the provincial 星火 projects are named, by amount.
    assert "《星火项目1号示范》《星火项目3号示范》和《星火项目2号示范》" in projects_text
    achievements = "".join(other["parts"]["achievements"])
    assert "申报市级科技进步奖7项" in achievements and "等" in achievements
    assert sum(title in achievements for title in other["nomination_titles"]) == 5
    appendix = {table["title"]: table for table in other["document"]["appendix"]}
    assert list(appendix) == ["科技计划项目", "科技奖励申报", "专利申请和授权"]
    rows = lambda title: ["|".join(row) for row in appendix[title]["rows"]]  # noqa: E731
    for title in other["approved_titles"]:
        assert any(title in row for row in rows("科技计划项目"))
    for title in other["nomination_titles"]:
        assert any(title in row for row in rows("科技奖励申报"))
    for title in other["patent_titles"]:
        assert any(title in row for row in rows("专利申请和授权"))


def test_events_with_the_same_participants_are_one_clause(draft):
    cooperation = "".join(draft["parts"]["cooperation"])
    titles = re.findall(r"“([^”]+)”", cooperation)
    assert len(titles) == len(set(titles)), "every event is named once"
    for sentence in sentences(draft["parts"]["cooperation"]):
        # A unit is named once in a sentence: the same participants are never repeated clause by clause.
        units = re.findall(r"组织(.+?)参加", sentence)
        names = [n for clause in units for n in re.split("[、和]|等企业和单位|等企业", clause) if n]
        assert len(names) == len(set(names)), sentence
    if draft.get("event_titles"):
        # The two events the same two units attended are one clause, mixed kinds read "等企业和单位".
        clause = re.search(r"组织([^。]+?)参加“长三角科技成果对接会”和“粤港澳技术转移大会”", cooperation).group(1)
        assert set(re.split("、|等企业和单位", clause)) - {""} == {"长江电子", "县农业农村局"}


def test_industries_of_cooperation_come_from_the_events(drafts):
    assert "重点围绕我县生物医药、金属制造、绿色食品、新型纸业等产业发展需求" in drafts["demo"]["text"]
    # Every participant of the other ledger is in 绿色食品; the events served 电子信息 and 新材料.
    other = "".join(drafts["other"]["parts"]["cooperation"])
    assert "重点围绕我县电子信息、新材料等产业发展需求" in other
    assert "绿色食品" not in other


def test_no_doubled_words_or_facts(draft):
    text = draft["text"]
    assert "活动周活动" not in text
    assert not re.search(r"([\u4e00-\u9fff]{2,})\1", text), re.search(r"([\u4e00-\u9fff]{2,})\1", text)
    outreach = "".join(draft["parts"]["outreach"])
    week_dates = re.search(r"我县于(.+?)举办科技活动周", outreach).group(1)
    assert outreach.count(week_dates) == 1, "the week's dates are written once"
    platforms = "".join(draft["parts"]["platforms"])
    for sentence in sentences(draft["parts"]["platforms"]):
        assert not ("入选" in sentence and "确定为" in sentence), sentence
    assert "确定为" in platforms or "入选" in platforms


def test_assistance_is_one_paragraph_without_circular_sentences(draft):
    paragraphs = draft["parts"]["assistance"]
    assert len(paragraphs) == 1
    for sentence in sentences(paragraphs):
        places = re.findall(r"[\u4e00-\u9fffX]{2,}[镇乡][\u4e00-\u9fffX]+?[村岗]", sentence)
        assert len(places) == len(set(places)), sentence
        assert not re.search(r"在(.+?)工作中，.*\1", sentence), sentence


def test_dates_quotes_and_numbering(draft):
    text = draft["text"]
    # A date or date range that opens a sentence is followed by a comma.
    for match in re.finditer(r"(?:^|[。；\n])(\d+月\d+日(?:至(?:\d+月)?\d+日)?)(.)", text):
        assert match.group(2) == "，", match.group(0)
    assert not re.search(r"\d\.12防灾", text)
    assert text.count("“") == text.count("”")
    # Numbering 一、（一）1.（1）: level 3 is "1." not "1、".
    assert not re.search(r"^\d+、", text, re.MULTILINE)


def test_quotation_marks_and_figures_from_fields(drafts):
    demo_text = drafts["demo"]["text"]
    assert "XX县科学技术协会“科普大篷车”开进全县11个乡镇的中小学，让3万余名学生身临其境体验科技的魅力" in demo_text
    assert "在“5·12”防灾减灾日活动周期间" in demo_text
    other = drafts["other"]["text"]
    assert "科技活动周期间，YY县科协“流动科技馆”走进全县9个乡镇的中小学，4.5万名学生参加体验" in other


def test_notes_are_never_printed(drafts):
    assert "不得印出" not in drafts["other"]["text"]
    assert "种子文档" not in drafts["demo"]["text"]
    assert "全省仅有1人" not in drafts["other"]["text"]
    assert "全省共有40人入选该计划，全市共3人入选，其中我县2人" in drafts["other"]["text"]


def test_counted_words_carry_their_measure_words(draft):
    text = draft["text"].split("附表")[0]
    counted = re.findall(r"(\d+)([个件项家])(?:优秀)?专利", text) + re.findall(r"专利(\d+)(\D)", text)
    assert counted, "each draft counts patents"
    assert {measure for _, measure in counted} == {"件"}
    projects_text = re.sub(r"《[^》]*》", "", "".join(draft["parts"]["projects"]))
    projects = re.findall(r"项目(\d+)(\D)", projects_text)
    assert projects and {measure for _, measure in projects} == {"项"}
