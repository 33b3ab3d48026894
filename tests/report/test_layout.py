"""The PDF's 公文 layout: A4, fonts embedded, 22 lines of 28 characters, no missing glyphs."""

import io
import subprocess
import tempfile

import pytest
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader

from bureau.models import Report
from bureau.report.document import compose, plain_text
from bureau.report.render import font_families, render_pdf
from bureau.report.services import report_draft, report_section_save

from .helpers import PAGE_NUMBER, pdf_text

LONG_INTRO = "一年来，我县科技工作在县委、县政府的正确领导和市科技局的精心指导下，取得了显著成效。" * 40


@pytest.fixture
def pdf(demo_ledger):
    report = report_draft(year=2023)
    # A long opening makes page 2 a full page of body text.
    report_section_save(report=report, key="intro", text=LONG_INTRO, omit_when_empty=False, user=None)
    document = compose(report)
    return document, render_pdf(document)


def page_lines(data: bytes, page: int) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), handle.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [line for line in PAGE_NUMBER.sub("", text).splitlines() if line.strip()]


def test_a4_and_fonts_embedded(pdf):
    _, data = pdf
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        fonts = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, "no fonts in the PDF"
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
    assert any("Serif-CJK-SC" in row for row in rows) and any("Sans-CJK-SC" in row for row in rows)


def test_full_page_has_22_lines_of_28_characters(pdf):
    _, data = pdf
    lines = page_lines(data, 2)
    assert len(lines) == 22, lines
    lengths = [len(line.strip()) for line in lines]
    assert max(lengths) == 28
    # Line-breaking rules (no 、。 at a line start) may move one character down; never more.
    assert all(length >= 27 for length in lengths[:-1]), lengths


def test_page_numbers_alternate_sides(pdf):
    _, data = pdf
    reader = PdfReader(io.BytesIO(data))
    positions = {}

    for number in (1, 2):
        found = []

        def visit(text, cm, tm, font_dict, font_size, found=found):
            if "—" in text:
                found.append(tm[4] * cm[0] + cm[4])

        reader.pages[number - 1].extract_text(visitor_text=visit)
        positions[number] = min(found)
    assert positions[1] > 595 / 2 > positions[2]  # odd pages right, even pages left


def _font_cmaps() -> dict[str, set[int]]:
    """Per role, the characters of the first installed font of its list."""
    cmaps = {}
    for role, names in font_families().items():
        for name in names:
            result = subprocess.run(
                ["fc-match", "-f", "%{family}|%{file}|%{index}", name], capture_output=True, text=True
            )
            family, path, index = result.stdout.split("|")
            if name.lower() not in family.lower():
                continue  # not installed: the next family in the list is used
            font = TTCollection(path).fonts[int(index)] if path.endswith(".ttc") else TTFont(path)
            cmaps[role] = set(font.getBestCmap())
            break
    return cmaps


def test_no_character_missing_from_the_fonts(pdf):
    document, data = pdf
    cmaps = _font_cmaps()
    assert set(cmaps) == set(font_families())  # every role has an installed font
    chapter_headings = [chapter["heading"] or "" for chapter in document["chapters"]]
    part_headings = [part["heading"] or "" for chapter in document["chapters"] for part in chapter["parts"]]
    text = plain_text(document)
    printed_by = {
        "title": document["title"],
        "heading": "".join(chapter_headings),
        "subheading": "".join(part_headings),
        "page_number": "— 0123456789",
        "body": text,
    }
    for role, cmap in cmaps.items():
        missing = {ch for ch in printed_by[role] if not ch.isspace() and ord(ch) not in cmap}
        assert not missing, role
    # Every character also came back out of the PDF (a .notdef glyph has no text).
    out = "".join(pdf_text(data).split())
    assert {ch for ch in text if not ch.isspace()} <= set(out)


def test_pdf_language_is_chinese(pdf):
    _, data = pdf
    reader = PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"].get("/Lang") == "zh-CN"
    assert Report.objects.get(year=2023).sections.get(key="intro").is_edited
