"""The report's three outputs from one composed document: HTML (preview), PDF (WeasyPrint), DOCX (python-docx)."""

import io
import math

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import layout

PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 12  # 小四: the appendix tables
SIGNATURE_INSET_CHARS = 4  # 署名 and 成文日期 end 4 字 from the right edge (GB/T 9704 7.3.5.1)
FOOTER_BELOW_TEXT_MM = 7  # the page number line starts 7 mm below the 版心 (GB/T 9704 7.5)
BOTTOM_MARGIN_MM = 35


def font_families() -> dict[str, list[str]]:
    """Font families per role from settings.LEDGER_REPORT_FONTS, first choice first."""
    return {
        role: [name.strip() for name in value.split(",") if name.strip()]
        for role, value in settings.LEDGER_REPORT_FONTS.items()
    }


def css_fonts() -> dict[str, str]:
    sans = "sans-serif"
    return {
        role: ", ".join(f'"{name}"' for name in names) + (f", {sans}" if role == "heading" else ", serif")
        for role, names in font_families().items()
    }


def _metrics() -> dict[str, str]:
    """Sizes the stylesheet uses, from one place (bureau.report.layout)."""
    return {
        "body": f"{layout.BODY_PT}",
        "title": f"{layout.TITLE_PT}",
        "table": f"{TABLE_PT}",
        "pitch": f"{layout.LINE_PITCH_PT}",
        "pitch_half": f"{layout.LINE_PITCH_PT / 2:.3f}",
        "spacing": f"{layout.BODY_LETTER_SPACING_PT:.2f}",
        "indent": f"{2 * (layout.BODY_PT + layout.BODY_LETTER_SPACING_PT):.2f}",
        "signature_inset": f"{layout.BODY_PT * SIGNATURE_INSET_CHARS}",
    }


SHORT_CELL_CHARS = 10  # a column whose cells are all this short is never wrapped (序号, 状态, 单位简称)


def appendix_tables(document: dict) -> list[dict]:
    """The document's appendix tables, numbered; a document stored before tables existed has none.

    Each column says whether it is short enough to keep on one line, so that the long ones (项目名称)
    take the width instead of "序号" breaking into two lines.
    """
    tables = []
    given = [table for table in document.get("appendix") or [] if table.get("columns")]
    for number, table in enumerate(given, start=1):
        table = {**table, "rows": table.get("rows") or []}
        columns = [
            {
                "title": title,
                "short": all(len(str(row[index])) <= SHORT_CELL_CHARS for row in table["rows"] if index < len(row))
                and len(title) <= SHORT_CELL_CHARS,
            }
            for index, title in enumerate(table["columns"])
        ]
        rows = [
            [{"text": str(cell), "short": columns[i]["short"]} for i, cell in enumerate(row)] for row in table["rows"]
        ]
        tables.append({"number": number, "title": table.get("title", ""), "columns": columns, "rows": rows})
    return tables


def _body(document: dict, lines: dict | None) -> list[dict]:
    """Chapters → parts → paragraphs with an id each, so a first layout's lines can be matched to them."""
    counter = 0
    chapters = []
    for chapter in document["chapters"]:
        parts = []
        for part in chapter["parts"]:
            paragraphs = []
            for text in part["paragraphs"]:
                counter += 1
                key = f"p{counter}"
                paragraphs.append({"id": key, "text": text, "lines": (lines or {}).get(key)})
            parts.append({"key": part["key"], "heading": part["heading"], "paragraphs": paragraphs})
        chapters.append({"heading": chapter["heading"], "parts": parts})
    return chapters


def body_context(document: dict, *, lines: dict | None = None, measuring: bool = False) -> dict:
    """What report/_document_body.html needs to print a composed (or issued) document."""
    return {
        "doc": document,
        "title_lines": layout.title_lines(document["title"]),
        "body": _body(document, lines),
        "appendix": appendix_tables(document),
        "measuring": measuring,
    }


def render_body(document: dict) -> str:
    """The document's body as the web page shows it (an issued version's page prints what its PDF says)."""
    return render_to_string("report/_document_body.html", body_context(document))


def render_html(document: dict, *, lines: dict | None = None, measuring: bool = False) -> str:
    """The standalone HTML that WeasyPrint prints; `lines` (from a `measuring` first layout) justifies it."""
    context = body_context(document, lines=lines, measuring=measuring)
    return render_to_string("report/document.html", {**context, "fonts": css_fonts(), "metrics": _metrics()})


def render_css() -> str:
    return render_to_string("report/document.css", {"fonts": css_fonts(), "metrics": _metrics()})


def render_pdf(document: dict) -> bytes:
    """The report as a PDF in 公文 layout, its paragraphs justified (two layouts: see bureau.report.layout)."""
    from weasyprint import HTML

    first = HTML(string=render_html(document, measuring=True)).render()
    return HTML(string=render_html(document, lines=layout.justified_lines(first))).write_pdf()


def _set_font(run_or_style, family: str, size: float, *, bold: bool = False) -> None:
    font = run_or_style.font
    font.name = family
    font.size = Pt(size)
    font.bold = bold
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def _page_number(paragraph) -> None:
    """— PAGE — as a field, so Word and WPS number the pages."""
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    paragraph.add_run(" —")


def _grid(section) -> None:
    """22 lines × 28 characters as Word's document grid, so Word and WPS lay out 28 characters a line, not 27.

    linePitch is in twips (579 = 28.95 pt); charSpace is what each character differs from the 16 pt of the
    Normal style, in 1/4096 pt, rounded down so that 28 characters fit in the 156 mm of the 版心.
    """
    pitch = layout.TEXT_WIDTH_MM * layout.PT_PER_MM / layout.CHARS_PER_LINE
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(layout.LINE_PITCH_PT * 20)))
    grid.set(qn("w:charSpace"), str(math.floor((pitch - layout.BODY_PT) * 4096)))


def _no_grid(paragraph) -> None:
    """A table cell's paragraph keeps its own smaller line spacing instead of snapping to the body's grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    successors = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc")
    paragraph._p.get_or_add_pPr().insert_element_before(snap, *successors)  # the schema's order


def _repeat_header(row) -> None:
    """The table's first row is printed again at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _column_widths(rows: list[tuple[list[str], str]]) -> list[Mm]:
    """Column widths over the 156 mm in proportion to their longest cell (capped), so 序号 stays narrow
    and 项目名称 gets the room, as the PDF's automatic table layout does."""
    count = max(len(values) for values, _ in rows)
    longest = [
        min(max((len(values[i]) for values, _ in rows if i < len(values)), default=1), 24) + 1 for i in range(count)
    ]
    return [Mm(layout.TEXT_WIDTH_MM * length / sum(longest)) for length in longest]


def render_docx(document: dict) -> bytes:
    """The report as a Word document with the same structure, fonts, sizes and grid as the PDF."""
    families = {role: names[0] for role, names in font_families().items()}
    docx = Document()
    section = docx.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(BOTTOM_MARGIN_MM)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _grid(section)
    # The footer grows upwards from footer_distance: its one line of 14 pt then starts 7 mm below the 版心.
    section.footer_distance = Mm(BOTTOM_MARGIN_MM - FOOTER_BELOW_TEXT_MM) - Pt(PAGE_NUMBER_PT)
    docx.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)  # 单页码居右空一字
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)  # 双页码居左空一字
    for paragraph in (odd, even):
        _page_number(paragraph)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(PAGE_NUMBER_PT)
        _no_grid(paragraph)
        for run in paragraph.runs:
            _set_font(run, families["page_number"], PAGE_NUMBER_PT)

    normal = docx.styles["Normal"]
    _set_font(normal, families["body"], layout.BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(layout.LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True

    def add(text, *, family: str, size: float = layout.BODY_PT, bold=False, indent=True, align=None, keep=False):
        paragraph = docx.add_paragraph()
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(size * 2)
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.keep_with_next = keep
        lines = [text] if isinstance(text, str) else text
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            if number:
                run._r.insert(0, OxmlElement("w:br"))  # a title line: broken only between words
            _set_font(run, family, size, bold=bold)
        return paragraph

    add(
        layout.title_lines(document["title"]),
        family=families["title"],
        size=layout.TITLE_PT,
        bold=True,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        keep=True,
    )
    add("", family=families["body"], indent=False, keep=True)  # one blank line between title and body
    last_body = None
    for chapter in document["chapters"]:
        if chapter["heading"]:
            add(chapter["heading"], family=families["heading"], keep=True)  # never alone at a page's foot
        for part in chapter["parts"]:
            if part["heading"]:
                add(part["heading"], family=families["subheading"], keep=True)
            for text in part["paragraphs"]:
                last_body = add(text, family=families["body"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if last_body is not None:
        last_body.paragraph_format.keep_with_next = True  # the signature never starts a page alone
    add("", family=families["body"], indent=False, keep=True)
    signature = (document["signature"]["name"], document["signature"]["date"])
    for number, line in enumerate(signature):
        keep = number < len(signature) - 1
        paragraph = add(line, family=families["body"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, keep=keep)
        paragraph.paragraph_format.right_indent = Pt(layout.BODY_PT * SIGNATURE_INSET_CHARS)

    for table in appendix_tables(document):
        title = add(
            f"附表{table['number']}　{table['title']}",
            family=families["heading"],
            indent=False,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            keep=True,
        )
        title.paragraph_format.page_break_before = True
        grid = docx.add_table(rows=1, cols=len(table["columns"]))
        grid.style = "Table Grid"
        cells = [([column["title"] for column in table["columns"]], families["heading"])]
        cells += [([cell["text"] for cell in row], families["body"]) for row in table["rows"]]
        for number, (values, family) in enumerate(cells):
            row = grid.rows[0] if number == 0 else grid.add_row()
            for cell, value in zip(row.cells, values, strict=False):
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.line_spacing = Pt(TABLE_PT * 1.5)
                _no_grid(paragraph)
                _set_font(paragraph.add_run(value), family, TABLE_PT)
        _repeat_header(grid.rows[0])
        grid.autofit = False
        for column, width in zip(grid.columns, _column_widths(cells), strict=True):
            column.width = width  # the table grid (LibreOffice reads it) and every cell (Word reads these)
            for cell in column.cells:
                cell.width = width
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
