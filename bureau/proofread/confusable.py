"""Check 1: confusable words in context (DOMAIN.md's table of the seed's substitutions, and common 公文 confusions).

Each rule names the word as wrongly written, the right word, and the context that makes it wrong: a word right
before it, a word right after it, or always. Every rule's word goes into one Aho-Corasick automaton (pyahocorasick),
so the text is scanned once whatever the number of rules (bench row "proofread 10,000 characters").
"""

import re
from dataclasses import dataclass

import ahocorasick

from .findings import Document, Finding

# A figure right after the word ("到达100件"): Arabic or Chinese.
DIGIT = "#"
_DIGITS = set("0123456789０１２３４５６７８９一二三四五六七八九十百千万两")
# Where a clause ends: a context word never reaches across these.
_CLAUSE_END = re.compile(r"[，。；：！？、,.;:!?\n]")


@dataclass(frozen=True)
class Rule:
    """`wrong` is written for `right` when preceded by a `before` word or followed by an `after` word (or `always`)."""

    id: str
    wrong: str
    right: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    always: bool = False
    # Exceptions: the word is right when preceded or followed by one of these.
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    # Wrong when one of these verbs governs the clause the word ends ("营造……气氛").
    governed_by: tuple[str, ...] = ()
    # Wrong when the word ends its clause (a transitive verb left without object: "动力缺乏，").
    at_clause_end: bool = False
    why: str = ""


# The carry-out sense of 开展 takes an object; these are the objects and particles after it.
_CARRY_OUT = ("活动", "合作", "工作", "了", "各类", "各种", "多种", "培训", "宣传", "调研", "交流", "技术", "科普")

RULES = (
    # DOMAIN.md's table: the substitutions of the seed's bad tool.
    Rule(
        "kaizhan-fazhan",
        "开展",
        "发展",
        before=(
            "经济社会",
            "社会",
            "经济",
            "产业",
            "高质量",
            "科学",
            "科技",
            "振兴",
            "协调",
            "持续",
            "绿色",
            "融合",
            "跨越式",
            "跨越",
            "快速",
            "健康",
            "长远",
            "事业",
            "城乡",
            "区域",
            "县域",
            "创新驱动",
        ),
        after=("观", "需求", "需要", "水平", "战略", "规划", "理念", "方式", "格局", "动能", "态势", "加快", "迅速"),
        not_after=_CARRY_OUT,
        why="指发展时",
    ),
    Rule(
        "fangan-jihua",
        "方案",
        "计划",
        before=(
            "科技",
            "星火",
            "火炬",
            "推进",
            "培养对象",
            "新产品",
            "入选该项",
            "入选该",
            "入选",
            "该项",
            "人才",
            "重点研发",
            "攻关",
            "引导类科技",
            "指导性科技",
        ),
        after=("项目",),
        # What one is selected into is a programme: 入选2023年省“双千计划”.
        governed_by=("入选",),
        not_before=("实施", "建设", "技术", "工作", "整改", "应急"),
        why="科技计划的名称",
    ),
    # The report's own title: "……工作总结和2024年工作计划".
    Rule("fangan-title", "工作方案", "工作计划", governed_by=("工作总结和",), why="工作总结和……工作计划"),
    Rule("xiaolao-fuwu", "效劳", "服务", always=True, not_before=("为国", "为民"), why="公文用“服务”"),
    Rule("gendi-jichu", "根底", "基础", always=True, why="基础建设、在……的基础上"),
    Rule("yuannaame-yuanze", "原那么", "原则", always=True, why="坚持……的原则"),
    Rule("quefa-buzu", "缺乏", "不足", before=("问题和",), at_clause_end=True, why="问题和不足、动力不足"),
    Rule("queshao-buzu", "缺少", "不足", before=("问题和",), at_clause_end=True, why="问题和不足"),
    Rule(
        "jubu-bufen",
        "局部",
        "部分",
        after=(
            "企业",
            "学校",
            "中小学",
            "科技",
            "单位",
            "乡镇",
            "村",
            "群众",
            "干部",
            "人员",
            "农户",
            "项目",
            "专家",
            "师生",
            "同志",
            "部门",
            "县",
            "资金",
        ),
        why="指一部分时",
    ),
    Rule(
        "daoda-dadao",
        "到达",
        "达到",
        after=(DIGIT, "国", "省", "先进", "领先", "水平", "要求", "标准", "目标", "预期", "了", "率"),
        before=("分别", "总体", "均", "都"),
        not_after=("现场", "目的地"),
        why="达到水平、达到数量",
    ),
    Rule("fengxianlv-gongxianlv", "奉献率", "贡献率", always=True, why="贡献率"),
    Rule("cuicu-duzu", "催促", "督促", always=True, why="公文用“督促”"),
    Rule("chuangzao-faming", "创造创造", "发明创造", always=True, why="发明创造"),
    Rule(
        "qifen-fenwei",
        "气氛",
        "氛围",
        before=("浓厚", "创新", "保护", "社会", "学术", "良好", "文化", "科普", "学习", "创业", "法治", "浓郁"),
        governed_by=("营造", "形成", "创造"),
        not_after=("热烈",),
        why="营造……氛围",
    ),
    Rule("guangkuo-guangda", "广阔农村", "广大农村", always=True, why="广大农村"),
    # Common 公文 confusions.
    Rule(
        "jiezhi-jiezhi",
        "截止",
        "截至",
        after=(DIGIT, "目前", "今年", "当前", "年底", "年末", "本月", "上月", "本年", "第", "202", "201"),
        not_after=("到", "日期", "时间"),
        why="截至某时，表示到某时为止的情况",
    ),
    Rule("jiezhi-riqi", "截至日期", "截止日期", always=True, why="截止日期"),
    Rule("qita-qita", "其它", "其他", always=True, why="公文统一用“其他”"),
    Rule(
        "zuochu-zuochu",
        "做出",
        "作出",
        after=(
            "贡献",
            "决定",
            "部署",
            "规定",
            "安排",
            "承诺",
            "决策",
            "批示",
            "指示",
            "评价",
            "判断",
            "回应",
            "解释",
            "调整",
            "努力",
            "重要",
            "积极",
            "突出",
        ),
        why="作出决定、作出贡献（抽象事物用“作出”）",
    ),
    Rule("duguo-duguo", "度过", "渡过", after=("难关", "危机", "困难", "险关", "险情"), why="渡过难关"),
    Rule(
        "duguo-time",
        "渡过",
        "度过",
        after=("春节", "假期", "时光", "一生", "晚年", "童年", "一年", "节日", "暑假", "寒假"),
        why="度过时光",
    ),
    Rule(
        "fanying-fanying",
        "反应",
        "反映",
        after=("问题", "情况", "意见", "诉求", "建议", "呼声", "群众", "民意", "了", "出"),
        not_before=("化学", "过敏", "不良", "连锁"),
        why="反映问题、反映情况",
    ),
    Rule("fanying-fanying-speed", "反映", "反应", after=("迅速", "速度", "灵敏", "快速"), why="反应迅速"),
    Rule(
        "bixu-bixu",
        "必需",
        "必须",
        after=("加强", "坚持", "做好", "认真", "进一步", "把", "要", "在", "始终", "切实"),
        why="必须＋动词",
    ),
)


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for rule in RULES:
        rules = automaton.get(rule.wrong, ())
        automaton.add_word(rule.wrong, (*rules, rule))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton()


def _followed_by(text: str, end: int, words: tuple[str, ...]) -> str | None:
    for word in words:
        if word == DIGIT:
            if end < len(text) and text[end] in _DIGITS:
                return text[end]
        elif text.startswith(word, end):
            return word
    return None


def _preceded_by(text: str, start: int, words: tuple[str, ...]) -> str | None:
    for word in words:
        if text.endswith(word, 0, start):
            return word
    return None


def _governed(text: str, start: int, verbs: tuple[str, ...]) -> str | None:
    """A verb earlier in the same clause (within 15 characters)."""
    if not verbs:
        return None
    lead = text[max(0, start - 15) : start]
    clause = _CLAUSE_END.split(lead)[-1]
    return next((verb for verb in verbs if verb in clause), None)


def _context(rule: Rule, text: str, start: int, end: int) -> str | None:
    """The context that makes the word wrong ("经济社会发展"), or None when it is right here."""
    if _preceded_by(text, start, rule.not_before) or _followed_by(text, end, rule.not_after):
        return None
    if rule.always:
        return rule.why
    if word := _preceded_by(text, start, rule.before):
        return f"{word}{rule.right}"
    if word := _followed_by(text, end, rule.after):
        return f"{rule.right}{word}" if word != DIGIT else rule.why
    if verb := _governed(text, start, rule.governed_by):
        return f"{verb}……{rule.right}"
    if rule.at_clause_end and (end == len(text) or _CLAUSE_END.match(text, end)):
        return rule.why
    return None


def check(document: Document) -> list[Finding]:
    text = document.text
    findings = []
    for last, rules in _AUTOMATON.iter(text):
        for rule in rules:
            start = last - len(rule.wrong) + 1
            end = last + 1
            context = _context(rule, text, start, end)
            if context is None:
                continue
            message = f"“{rule.wrong}”应为“{rule.right}”（{context}）"
            findings.append(document.finding("confusable", rule.id, start, end, message, rule.right))
    return findings
