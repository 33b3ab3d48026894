"""Measuring the printed report: text lines with their boxes (pdftotext -bbox-layout) and the font of each line."""

import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pypdf import PdfReader

PT_PER_MM = 72 / 25.4
LEFT_PT = 28 * PT_PER_MM  # left margin of the 版心
RIGHT_PT = (28 + 156) * PT_PER_MM  # right edge of the 版心
HALF_MM_PT = 0.5 * PT_PER_MM
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@dataclass
class Line:
    page: int
    text: str  # without spaces
    x_min: float
    x_max: float
    y_min: float
    y_max: float

    @property
    def is_page_number(self) -> bool:
        return bool(PAGE_NUMBER.match(self.text.replace(" ", "")))


def pdf_lines(data: bytes) -> list[Line]:
    """Every text line of the PDF in reading order, with its box in pt from the page's top left."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        xml = subprocess.run(
            ["pdftotext", "-bbox-layout", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    lines = []
    for number, page in enumerate(root.iter("page"), start=1):
        found = []
        for line in page.iter("line"):
            words = [word.text or "" for word in line.iter("word")]
            box = [float(line.get(key)) for key in ("xMin", "xMax", "yMin", "yMax")]
            found.append(Line(number, "".join(words), *box))
        # Reading order by position: pdftotext's flow may put a page number or a heading elsewhere.
        found.sort(key=lambda line: (round(line.y_min), line.x_min))
        lines.extend(found)
    return lines


def body_lines(lines: list[Line]) -> list[Line]:
    return [line for line in lines if not line.is_page_number]


def match_blocks(lines: list[Line], blocks: list[tuple[str, str]]) -> list[tuple[str, str, list[Line]]]:
    """Assign the PDF's lines, in order, to the document's blocks (kind, text): a block takes the lines whose
    text put together is its own. Fails when the PDF's text is not the document's."""
    flat = [line for line in body_lines(lines)]
    result = []
    index = 0
    for kind, text in blocks:
        wanted = "".join(text.split())
        taken: list[Line] = []
        got = ""
        while len(got) < len(wanted):
            assert index < len(flat), f"the PDF ends before {text[:20]}"
            taken.append(flat[index])
            got += flat[index].text
            index += 1
        assert got == wanted, (got, wanted)
        result.append((kind, text, taken))
    return result


def document_blocks(document: dict) -> list[tuple[str, str]]:
    """The composed document as (kind, text) in print order: title, h1, h2, p, signature."""
    blocks = [("title", document["title"])]
    for chapter in document["chapters"]:
        if chapter["heading"]:
            blocks.append(("h1", chapter["heading"]))
        for part in chapter["parts"]:
            if part["heading"]:
                blocks.append(("h2", part["heading"]))
            blocks.extend(("p", text) for text in part["paragraphs"])
    blocks.append(("signature", document["signature"]["name"]))
    blocks.append(("date", document["signature"]["date"]))
    return blocks


def line_fonts(data: bytes) -> list[tuple[int, str, str]]:
    """(page, text, font name as pdffonts prints it) for every run of text WeasyPrint wrote."""
    reader = PdfReader(io.BytesIO(data))
    runs = []
    for number, page in enumerate(reader.pages, start=1):

        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text.strip() and font_dict:
                runs.append((number, "".join(text.split()), str(font_dict.get("/BaseFont", "")).split("+")[-1]))

        page.extract_text(visitor_text=visit)
    return runs


def pdffonts(data: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True, check=True).stdout
    return [row.split()[0].split("+")[-1] for row in out.splitlines()[2:]]
