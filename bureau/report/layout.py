"""Line layout the renderers cannot do alone: justified CJK lines in the PDF and the title's line breaks.

WeasyPrint justifies a line only by widening its spaces, and Chinese has none, so its right edge stays
ragged. `justified_lines` reads the lines WeasyPrint chose in a first layout and returns, per paragraph,
each line's text with the letter spacing that makes it end on the right edge of the 版心; the second
layout prints those lines as they are. The text itself is unchanged, so extraction and search still work.
It reads WeasyPrint's box tree (`page._page_box`, line and text boxes), which is not public API: the
version is pinned in requirements.lock and tests/report/test_layout_gongwen.py measures the result.
"""

import itertools
import re

PT_PER_MM = 72 / 25.4
TEXT_WIDTH_MM = 156  # 版心 width, GB/T 9704 5.2.2
LINE_PITCH_PT = 28.95  # 225 mm of 版心 height / 22 lines, as Word's grid (579 twips)
BODY_PT = 16  # 3号
CHARS_PER_LINE = 28
# 28 characters of 16 pt must fit in 156 mm (442.2 pt): each is narrowed by this much.
BODY_LETTER_SPACING_PT = round(TEXT_WIDTH_MM * PT_PER_MM / CHARS_PER_LINE - BODY_PT, 2) - 0.01
TITLE_PT = 22  # 2号

# Break opportunities in a title, between whole words: before a year ("2024年") and after a conjunction.
TITLE_BREAK = re.compile(r"(?<=[和及与暨])|(?<=[^\d])(?=\d{4}年)")


def _em_width(text: str) -> float:
    """Width in em of the title font: CJK and full-width forms are 1 em, ASCII about 0.6 em (a safe guess)."""
    return sum(0.6 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def title_lines(title: str, *, width_pt: float = TEXT_WIDTH_MM * PT_PER_MM, size_pt: float = TITLE_PT) -> list[str]:
    """The title split only between whole words into the fewest lines that fit, as balanced as possible.

    A word longer than a line (a very long county name) is the one place where a line breaks inside a word.
    """
    capacity = width_pt / size_pt
    if _em_width(title) <= capacity:
        return [title]
    cuts = sorted({m.start() for m in TITLE_BREAK.finditer(title)} - {0, len(title)})
    candidates = []
    for count in range(1, len(cuts) + 1):
        for chosen in itertools.combinations(cuts, count):
            bounds = (0, *chosen, len(title))
            lines = [title[a:b] for a, b in itertools.pairwise(bounds)]
            candidates.append((max(_em_width(line) for line in lines), count, lines))
    fitting = [candidate for candidate in candidates if candidate[0] <= capacity]
    if fitting:
        return min(fitting, key=lambda candidate: (candidate[1], candidate[0]))[2]
    lines = min(candidates, key=lambda candidate: candidate[0])[2] if candidates else [title]
    return [piece for line in lines for piece in _hard_wrap(line, capacity)]


def _hard_wrap(line: str, capacity: float) -> list[str]:
    pieces = []
    while _em_width(line) > capacity:
        end = max(n for n in range(1, len(line) + 1) if _em_width(line[:n]) <= capacity)
        pieces.append(line[:end])
        line = line[end:]
    return [*pieces, line] if line else pieces


def _text_boxes(box):
    """The text boxes of a line, in order, whatever inline boxes hold them."""
    for child in getattr(box, "children", ()):
        if hasattr(child, "text") and hasattr(child, "pango_layout"):
            yield child
        else:
            yield from _text_boxes(child)


def _paragraph_boxes(box):
    """Every block box of a justified paragraph (a paragraph split by a page break gives two)."""
    element = getattr(box, "element", None)
    if getattr(box, "element_tag", None) == "p" and element is not None and element.get("data-justify"):
        yield element.get("id"), box
        return
    for child in getattr(box, "children", ()):
        yield from _paragraph_boxes(child)


def justified_lines(rendered) -> dict[str, list[tuple[str, float]]]:
    """Per paragraph id: (line text, letter spacing in pt) for every line of a first WeasyPrint layout.

    Every line but a paragraph's last gets the spacing that makes its last character end on the right
    edge; the last line keeps the normal spacing (left-aligned, as 公文 paragraphs end).
    """
    px_to_pt = 0.75  # WeasyPrint lays out in CSS px
    result: dict[str, list[tuple[str, float]]] = {}
    for page in rendered.pages:
        for key, block in _paragraph_boxes(page._page_box):
            right = block.content_box_x() + block.width
            for line in block.children:
                texts = list(_text_boxes(line))
                text = "".join(box.text for box in texts)
                if not text:
                    continue
                end = max(box.position_x + box.width for box in texts)
                result.setdefault(key, []).append((text, (right - end) * px_to_pt))
    spaced = {}
    for key, lines in result.items():
        spaced[key] = [
            (text, BODY_LETTER_SPACING_PT + (max(gap, 0) / (len(text) - 1) if len(text) > 1 else 0))
            for text, gap in lines[:-1]
        ] + [(lines[-1][0], BODY_LETTER_SPACING_PT)]
    return spaced
