"""The report's three outputs from one composed document: HTML (preview), PDF (WeasyPrint), DOCX (python-docx)."""

import io

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

LINE_HEIGHT_MM = 10.2  # 225 mm of text height / 22 lines


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


def render_html(document: dict) -> str:
    """The standalone HTML that WeasyPrint prints; the web preview uses the same body and CSS."""
    return render_to_string("report/document.html", {"doc": document, "fonts": css_fonts()})


def render_css() -> str:
    return render_to_string("report/document.css", {"fonts": css_fonts()})


def render_pdf(document: dict) -> bytes:
    """The report as a PDF in 公文 layout."""
    from weasyprint import HTML

    return HTML(string=render_html(document)).write_pdf()


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


def render_docx(document: dict) -> bytes:
    """The report as a Word document with the same structure, fonts and sizes."""
    families = {role: names[0] for role, names in font_families().items()}
    docx = Document()
    section = docx.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    docx.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _page_number(even)
    for paragraph in (odd, even):
        for run in paragraph.runs:
            _set_font(run, families["body"], 14)

    normal = docx.styles["Normal"]
    _set_font(normal, families["body"], 16)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Mm(LINE_HEIGHT_MM)
    fmt.space_before = fmt.space_after = Pt(0)

    def add(text: str, *, family: str, size: float = 16, bold: bool = False, indent: bool = True, align=None):
        paragraph = docx.add_paragraph()
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(size * 2)
        if align is not None:
            paragraph.alignment = align
        _set_font(paragraph.add_run(text), family, size, bold=bold)
        return paragraph

    title = add(
        document["title"], family=families["title"], size=22, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    title.paragraph_format.line_spacing = Mm(LINE_HEIGHT_MM * 2)
    for chapter in document["chapters"]:
        if chapter["heading"]:
            add(chapter["heading"], family=families["heading"]).paragraph_format.keep_with_next = True
        for part in chapter["parts"]:
            if part["heading"]:
                add(part["heading"], family=families["subheading"]).paragraph_format.keep_with_next = True
            for text in part["paragraphs"]:
                add(text, family=families["body"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    add("", family=families["body"], indent=False)
    for line in (document["signature"]["name"], document["signature"]["date"]):
        signature = add(line, family=families["body"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        signature.paragraph_format.right_indent = Pt(16 * 4)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
