"""The DOCX's 公文 layout read from its XML: the 22 × 28 document grid, footers, title lines, page-break rules,
signature and appendix tables."""

import copy
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from bureau.report.render import render_docx

from .test_layout_gongwen import PATENTS, PROJECTS, _document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72 / 25.4


def _xml(data: bytes, name: str) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read(name))


def _text(element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t"))


@pytest.fixture(scope="module")
def docx():
    document = _document(["第一段。" * 40, "第二段。" * 10])
    document["appendix"] = [PROJECTS, PATENTS]
    return document, render_docx(document)


def test_document_grid_holds_22_lines_of_28_characters(docx):
    _, data = docx
    section = _xml(data, "word/document.xml").find(f"{W}body/{W}sectPr")
    grid = section.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "linesAndChars"
    assert grid.get(f"{W}linePitch") == "579"
    page, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    width_pt = (int(page.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))) / 20
    height_pt = (int(page.get(f"{W}h")) - int(margins.get(f"{W}top")) - int(margins.get(f"{W}bottom"))) / 20
    assert width_pt == pytest.approx(156 * PT_PER_MM, abs=0.1)
    # Word's character pitch: the Normal style's 16 pt plus charSpace/4096 pt; 28 fit, 29 do not, and the
    # pitch wastes less than a tenth of a point a line.
    pitch = 16 + int(grid.get(f"{W}charSpace")) / 4096
    assert 28 * pitch <= width_pt < 28 * pitch + 0.1
    assert 22 * 579 / 20 <= height_pt < 23 * 579 / 20


def test_footers_7_mm_below_the_text_with_the_page_number_one_character_in(docx):
    _, data = docx
    document = _xml(data, "word/document.xml")
    section = document.find(f"{W}body/{W}sectPr")
    margins = section.find(f"{W}pgMar")
    bottom_mm = int(margins.get(f"{W}bottom")) / 20 / PT_PER_MM
    footer_mm = int(margins.get(f"{W}footer")) / 20 / PT_PER_MM
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = ET.fromstring(archive.read("word/_rels/document.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    refs = {
        ref.get(f"{W}type"): targets[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        for ref in section.findall(f"{W}footerReference")
    }
    assert set(refs) == {"default", "even"}
    settings = _xml(data, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    for kind, side in (("default", "right"), ("even", "left")):
        paragraph = _xml(data, f"word/{refs[kind]}").find(f"{W}p")
        p_pr = paragraph.find(f"{W}pPr")
        assert p_pr.find(f"{W}jc").get(f"{W}val") == side
        assert int(p_pr.find(f"{W}ind").get(f"{W}{side}")) == 14 * 20  # one 字 of the 4号 page number
        spacing = p_pr.find(f"{W}spacing")
        assert spacing.get(f"{W}lineRule") == "exact"
        line_mm = int(spacing.get(f"{W}line")) / 20 / PT_PER_MM
        # The footer's one line ends footer_mm above the paper's edge: its top is 7 mm below the 版心.
        assert bottom_mm - (footer_mm + line_mm) == pytest.approx(7, abs=0.1)
        assert "PAGE" in "".join(node.text or "" for node in paragraph.iter(f"{W}instrText"))
        fonts = {node.get(f"{W}eastAsia") for node in paragraph.iter(f"{W}rFonts")}
        assert fonts == {"宋体"}


def _paragraphs(data):
    """The body's own paragraphs, not those inside table cells."""
    return _xml(data, "word/document.xml").find(f"{W}body").findall(f"{W}p")


def _keep_next(paragraph) -> bool:
    p_pr = paragraph.find(f"{W}pPr")
    return p_pr is not None and p_pr.find(f"{W}keepNext") is not None


def test_title_broken_between_words_and_headings_kept_with_their_text(docx):
    _, data = docx
    paragraphs = _paragraphs(data)
    title = paragraphs[0]
    lines = []
    for run in title.iter(f"{W}r"):
        if run.find(f"{W}br") is not None or not lines:
            lines.append("")
        lines[-1] += _text(run)
    assert lines == ["XX县科技局2023年工作总结和", "2024年工作计划"]
    assert _text(paragraphs[1]) == ""  # one blank line before the body
    headings = [p for p in paragraphs if _text(p) in ("一、工作开展情况", "（一）科技计划项目取得新成效")]
    assert len(headings) == 2 and all(_keep_next(p) for p in headings)
    kai = headings[1].find(f".//{W}rFonts").get(f"{W}eastAsia")
    assert kai == "楷体_GB2312"  # the licensed font first; WPS and Word substitute their 楷体


def test_signature_right_aligned_4_characters_in_and_kept_with_the_body(docx):
    document, data = docx
    paragraphs = _paragraphs(data)
    texts = [_text(p) for p in paragraphs]
    name = texts.index(document["signature"]["name"])
    date = texts.index(document["signature"]["date"])
    assert date == name + 1
    for paragraph in (paragraphs[name], paragraphs[date]):
        p_pr = paragraph.find(f"{W}pPr")
        assert p_pr.find(f"{W}jc").get(f"{W}val") == "right"
        assert int(p_pr.find(f"{W}ind").get(f"{W}right")) == 4 * 16 * 20
    # The last body paragraph, the blank line and the name each keep with the next: the signature never
    # starts a page without body text.
    last_body = texts.index("第二段。" * 10)
    assert all(_keep_next(p) for p in paragraphs[last_body:date])


def test_appendix_tables_on_new_pages_with_a_repeated_header_row(docx):
    document, data = docx
    body = _xml(data, "word/document.xml").find(f"{W}body")
    children = list(body)
    tables = [child for child in children if child.tag == f"{W}tbl"]
    assert len(tables) == 2
    for number, (table, spec) in enumerate(zip(tables, document["appendix"], strict=True), start=1):
        title = children[children.index(table) - 1]
        assert _text(title) == f"附表{number}　{spec['title']}"
        assert title.find(f"{W}pPr/{W}pageBreakBefore") is not None
        rows = table.findall(f"{W}tr")
        assert len(rows) == len(spec["rows"]) + 1
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert [_text(cell) for cell in rows[0].findall(f"{W}tc")] == spec["columns"]
        assert [_text(cell) for cell in rows[-1].findall(f"{W}tc")] == spec["rows"][-1]
        widths = [int(col.get(f"{W}w")) for col in table.find(f"{W}tblGrid")]
        assert sum(widths) / 20 == pytest.approx(156 * PT_PER_MM, abs=1)  # the width of the 版心
        if spec is PROJECTS:
            assert widths[0] < widths[1] / 3  # 序号 narrow, 项目名称 wide
        sizes = {int(node.get(f"{W}val")) for node in table.iter(f"{W}sz")}
        assert sizes == {24}  # 小四, smaller than the 3号 body


def test_a_stored_document_without_appendix_has_no_tables():
    document = copy.deepcopy(_document(["一段。"]))
    assert "appendix" not in document
    body = _xml(render_docx(document), "word/document.xml").find(f"{W}body")
    assert body.find(f"{W}tbl") is None
    assert not any("附表" in _text(p) for p in body.iter(f"{W}p"))
