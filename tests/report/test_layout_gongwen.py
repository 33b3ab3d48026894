"""The PDF's 公文 layout measured from the printed file: justified lines, the title, fonts, signature, page breaks,
appendix tables; over the 2023 demo report and over documents with long paragraphs."""

import copy
import datetime

import pytest

from bureau.models import Report
from bureau.report.document import compose
from bureau.report.render import render_pdf

from .layout_helpers import (
    HALF_MM_PT,
    LEFT_PT,
    RIGHT_PT,
    body_lines,
    document_blocks,
    line_fonts,
    match_blocks,
    pdf_lines,
    pdffonts,
)

pytestmark = pytest.mark.django_db

PITCH_PT = 28.95
CHAR_PT = 16

LONG = (
    "一年来，全县科技系统围绕“创新驱动发展”战略，组织实施省市科技计划项目23项，争取上级资金1260.5万元，"
    "同比增长18.6%；新认定国家高新技术企业6家（其中规模以上企业4家），科技型中小企业入库41家，"
    "技术合同登记额达到3.2亿元，“科技特派员”服务覆盖全县11个乡镇，举办培训讲座46场次、受训农民5000余人次。"
)


# Chinese without digits, Latin or quotation marks: every full line holds 28 characters, or 27 where 、。
# may not start a line.
PLAIN = (
    "我局坚持把科技创新摆在全局工作的核心位置，着力营造大众创业、万众创新的浓厚氛围，"
    "深入开展科技进企业、进园区、进乡村活动，帮助企业解决技术难题，推动产学研深度融合，"
    "不断提升企业自主创新能力和核心竞争力。"
)


def _document(paragraphs: list[str], *, headings: bool = True) -> dict:
    """A document as compose() returns it, written out: long paragraphs with digits, Latin and punctuation."""
    return {
        "year": 2023,
        "title": "XX县科技局2023年工作总结和2024年工作计划",
        "chapters": [
            {"heading": None, "parts": [{"key": "intro", "heading": None, "paragraphs": paragraphs}]},
            {
                "heading": "一、工作开展情况" if headings else None,
                "parts": [
                    {
                        "key": "projects",
                        "heading": "（一）科技计划项目取得新成效" if headings else None,
                        "paragraphs": [LONG],
                    }
                ],
            },
        ],
        "signature": {"name": "XX县科学技术局", "date": "2023年12月29日"},
        "facts": {},
    }


_DEMO: dict = {}


@pytest.fixture
def demo(request):
    """The 2023 demo report (an unsaved draft with its 成文日期 set) and its PDF, built once per run."""
    if not _DEMO:
        request.getfixturevalue("demo_ledger")
        document = compose(Report(year=2023, issued_on=datetime.date(2023, 11, 20)))
        _DEMO["value"] = document, render_pdf(document)
    return _DEMO["value"]


@pytest.fixture(scope="module")
def long_document():
    document = _document([LONG * 3, "短段落。", LONG * 2 + "ISO 9001质量管理体系认证和GB/T 9704-2012。", PLAIN * 4])
    return document, render_pdf(document)


def _non_last_lines(document, data):
    blocks = match_blocks(pdf_lines(data), document_blocks(document))
    paragraphs = [lines for kind, _, lines in blocks if kind == "p"]
    return [line for lines in paragraphs for line in lines[:-1]], blocks


@pytest.mark.parametrize("which", ["demo", "long_document"])
def test_every_line_but_a_paragraphs_last_ends_on_the_right_edge(which, request):
    document, data = request.getfixturevalue(which)
    lines, _ = _non_last_lines(document, data)
    assert len(lines) > 20
    ragged = [(line.page, line.text, round(RIGHT_PT - line.x_max, 2)) for line in lines]
    ragged = [row for row in ragged if abs(row[2]) > HALF_MM_PT]
    assert not ragged


def test_lines_of_full_width_text_hold_28_characters(long_document):
    document, data = long_document
    _, blocks = _non_last_lines(document, data)
    slots = []
    for kind, text, taken in blocks:
        if kind != "p":
            continue
        # Every paragraph starts 2 字 in and every other line at the left edge.
        assert abs(taken[0].x_min - (LEFT_PT + 2 * CHAR_PT)) < 1.5
        assert all(abs(line.x_min - LEFT_PT) < 1 for line in taken[1:])
        for number, line in enumerate(taken[:-1]):
            # Digits and Latin are narrower; beside quotation marks Pango may not break (UAX #14 QU), so the
            # lines of PLAIN, which has neither, are counted.
            if text == PLAIN * 4:
                slots.append(len(line.text) + (2 if number == 0 else 0))
    assert len(slots) >= 5
    # Line-breaking rules (no 、。 at a line start) may move one character down; never more.
    assert max(slots) == 28 and min(slots) >= 27, slots


@pytest.mark.parametrize("which", ["demo", "long_document"])
def test_title_breaks_between_words_balanced_and_one_blank_line_above_the_body(which, request):
    document, data = request.getfixturevalue(which)
    blocks = match_blocks(pdf_lines(data), document_blocks(document))
    title = blocks[0][2]
    assert [line.text for line in title] == ["XX县科技局2023年工作总结和", "2024年工作计划"]
    first_body = blocks[1][2][0]
    # Centres of the lines: the title's last line, one blank line, then the body.
    gap = (first_body.y_min + first_body.y_max) / 2 - (title[-1].y_min + title[-1].y_max) / 2
    assert gap == pytest.approx(2 * PITCH_PT, abs=1)
    assert (title[1].y_min - title[0].y_min) == pytest.approx(PITCH_PT, abs=0.5)
    for line in title:  # centred
        assert (line.x_min + line.x_max) / 2 == pytest.approx((LEFT_PT + RIGHT_PT) / 2, abs=1)


def test_heading_fonts_and_page_numbers(demo):
    _, data = demo
    fonts = pdffonts(data)
    assert any("Kai" in name for name in fonts), fonts
    runs = line_fonts(data)
    subheadings = [font for _, text, font in runs if text.startswith("（一）")]
    chapters = [font for _, text, font in runs if text.startswith(("一、", "二、", "三、"))]
    numbers = [font for _, text, font in runs if text.startswith("—") and text.endswith("—")]
    assert subheadings and all("Kai" in font for font in subheadings), subheadings
    assert chapters and all("Sans-CJK" in font or "Hei" in font for font in chapters), chapters
    assert numbers and all("Serif-CJK" in font or "Song" in font for font in numbers), numbers
    assert all(font in fonts for font in subheadings + chapters + numbers)


@pytest.mark.parametrize("which", ["demo", "long_document"])
def test_signature_and_date_end_4_characters_from_the_right_edge(which, request):
    document, data = request.getfixturevalue(which)
    blocks = match_blocks(pdf_lines(data), document_blocks(document))
    name, date = blocks[-2][2][0], blocks[-1][2][0]
    assert date.text == document["signature"]["date"]
    for line in (name, date):
        assert RIGHT_PT - line.x_max == pytest.approx(4 * CHAR_PT, abs=HALF_MM_PT)
    assert date.y_min - name.y_min == pytest.approx(PITCH_PT, abs=0.5)


def _last_lines_of_pages(lines):
    pages = {}
    for line in body_lines(lines):
        pages[line.page] = line
    return pages


@pytest.mark.parametrize("lines_before", [17, 18, 19, 20])
def test_a_heading_never_ends_a_page(lines_before):
    # Title (2 lines) and the blank line take 3 of 22 lines: a paragraph of 18 or 19 lines would leave the
    # heading "一、" or "（一）" on the page's last line.
    paragraph = "科" * (28 * lines_before - 2 - 10) + "技工作取得显著成效。"
    document = _document([paragraph])
    data = render_pdf(document)
    lines = pdf_lines(data)
    blocks = match_blocks(lines, document_blocks(document))
    last = _last_lines_of_pages(lines)
    headings = [lines[0] for kind, _, lines in blocks if kind in ("h1", "h2")]
    assert all(last[line.page] is not line for line in headings), [(h.page, h.text) for h in headings]
    # The body stays justified when the page break moves lines.
    paragraph_lines = blocks[1][2]
    assert all(abs(RIGHT_PT - line.x_max) <= HALF_MM_PT for line in paragraph_lines[:-1])


@pytest.mark.parametrize("lines_before", [17, 18, 19, 20])
def test_the_signature_never_stands_alone_on_a_page(lines_before):
    # 3 lines of title, the body, then a blank line and two of signature: with 18 or 19 lines of body the
    # signature does not fit on page 1, and some body lines must come with it.
    paragraph = "科" * (28 * lines_before - 2 - 10) + "技工作取得显著成效。"
    document = _document([paragraph], headings=False)
    document["chapters"] = document["chapters"][:1]
    data = render_pdf(document)
    blocks = match_blocks(pdf_lines(data), document_blocks(document))
    signature_page = blocks[-2][2][0].page
    assert signature_page == blocks[-1][2][0].page
    body_pages = {line.page for kind, _, lines in blocks if kind == "p" for line in lines}
    assert signature_page in body_pages


def test_demo_headings_and_signature_are_with_their_text(demo):
    document, data = demo
    lines = pdf_lines(data)
    blocks = match_blocks(lines, document_blocks(document))
    last = _last_lines_of_pages(lines)
    headings = [lines[0] for kind, _, lines in blocks if kind in ("h1", "h2")]
    assert all(last[line.page] is not line for line in headings)
    body_pages = {line.page for kind, _, lines in blocks if kind == "p" for line in lines}
    assert blocks[-2][2][0].page in body_pages


PROJECTS = {
    "title": "科技计划项目",
    "columns": ["序号", "项目名称", "计划类别", "承担单位", "状态"],
    "rows": [
        [str(n), f"《裸花紫株颗粒二次开发及高新技术产业化第{n}期》", "市级科技协同创新重大专项", "普正制药", "已立项"]
        for n in range(1, 61)
    ],
}
PATENTS = {"title": "专利", "columns": ["申请号", "名称"], "rows": [["2023100000001", "一种中药提取装置"]]}


def test_appendix_tables_each_on_a_new_page_with_the_header_repeated(long_document):
    document = copy.deepcopy(long_document[0])
    document["appendix"] = [PROJECTS, PATENTS]
    data = render_pdf(document)
    lines = body_lines(pdf_lines(data))
    date_page = next(line.page for line in lines if line.text == "2023年12月29日")
    first = next(line for line in lines if "附表1" in line.text)
    assert first.page == date_page + 1
    assert next(line for line in lines if line.page == first.page) is first  # the page's first line
    second = next(line for line in lines if "附表2" in line.text)
    assert second.page > first.page and next(line for line in lines if line.page == second.page) is second
    table_pages = range(first.page, second.page)
    assert len(table_pages) >= 2  # 60 rows run over more than one page
    for page in table_pages:
        page_text = [line.text for line in lines if line.page == page]
        header = "".join(page_text[:6])
        assert "序号" in header and "项目名称" in header and "计划类别" in header, page  # the header row on every page
    # Each row's cells are side by side on one line, in column order: a table, not a list of paragraphs.
    row = [line for line in lines if line.text in ("7", "《裸花紫株颗粒二次开发及高新技术产业化第7期》", "普正制药")]
    cells = [line for line in lines if line.page == row[0].page and abs(line.y_min - row[0].y_min) < 1]
    texts = "|".join(line.text for line in sorted(cells, key=lambda line: line.x_min))
    assert texts.startswith("7|《裸花紫株颗粒二次开发") and texts.endswith("已立项") and "普正制药" in texts, texts
    assert all(line.x_max <= RIGHT_PT + 1 for line in lines)  # nothing runs off the 版心


def test_a_document_without_appendix_prints_none(long_document):
    document, data = long_document
    assert "appendix" not in document
    assert not any("附表" in line.text for line in pdf_lines(data))


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("XX县科技局2023年工作总结和2024年工作计划", ["XX县科技局2023年工作总结和", "2024年工作计划"]),
        ("永修县科技局2023年工作总结和2024年工作计划", ["永修县科技局2023年工作总结和", "2024年工作计划"]),
        (
            "某某土家族苗族自治县科技局2023年工作总结和2024年工作计划",
            ["某某土家族苗族自治县科技局", "2023年工作总结和2024年工作计划"],  # the other split is too long
        ),
        (
            "某某某某某土家族苗族自治县科技局2023年工作总结和2024年工作计划",
            ["某某某某某土家族苗族自治县科技局", "2023年工作总结和2024年工作计划"],
        ),
        ("县科技局2023年工作总结", ["县科技局2023年工作总结"]),  # one line when it fits
        # A name longer than a line is the one word that must break; every other break stays between words.
        (
            "某某某某某某某某某某某某某某某某某某某某县科技局2023年工作总结和2024年工作计划",
            ["某某某某某某某某某某某某某某某某某某某某", "县科技局", "2023年工作总结和2024年工作计划"],
        ),
    ],
)
def test_title_lines_split_between_whole_words(title, lines):
    document = _document(["正文。"])
    document["title"] = title
    blocks = match_blocks(pdf_lines(render_pdf(document)), document_blocks(document))
    assert [line.text for line in blocks[0][2]] == lines
    assert all(line.x_min >= LEFT_PT - 1 and line.x_max <= RIGHT_PT + 1 for line in blocks[0][2])
