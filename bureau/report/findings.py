"""The proofreader over the report's sections: the text a section is checked as, and where a fix lands.

A section is checked as it prints (placeholders filled with the year's figures), while 采纳 writes the
stored text: staff's text with its {名称} kept, or, for a generated section, the generated paragraphs.
So the checked text is built piece by piece, each literal piece remembering its offset in the stored text.
"""

from dataclasses import dataclass

from bureau.proofread import Finding

from .document import PLACEHOLDER, SectionState


@dataclass(frozen=True)
class Piece:
    """A stretch [start, end) of the checked text; `source` is its offset in the stored text (None: a figure)."""

    start: int
    end: int
    source: int | None


@dataclass
class CheckedText:
    """A section's text as the proofreader reads it, and the stored text a fix is applied to."""

    text: str
    source: str
    pieces: list[Piece]

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the stored text behind [start, end), or None when it touches a filled figure or a line break."""
        for piece in self.pieces:
            if piece.source is not None and piece.start <= start and end <= piece.end:
                return piece.source + start - piece.start, piece.source + end - piece.start
        return None

    def touches_figure(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a figure filled in from the records?"""
        return any(piece.source is None and piece.start < end and start < piece.end for piece in self.pieces)

    def replaced(self, start: int, end: int, replacement: str) -> str | None:
        """The stored text with [start, end) of the checked text replaced, or None when that span has no source."""
        span = self.source_span(start, end)
        if span is None:
            return None
        return self.source[: span[0]] + replacement + self.source[span[1] :]


def checked_text(state: SectionState, facts: dict[str, str]) -> CheckedText:
    """What the proofreader reads for a section: its printed paragraphs, one a line.

    Staff's text is read with its placeholders filled (the figures are the ledger's, so a fix never lands
    inside one); a generated section, and the "暂无记录" sentence of an empty one, as printed.
    """
    source = state.source if state.is_edited else "\n".join(state.printed)
    parts: list[str] = []
    pieces: list[Piece] = []
    position = 0
    line_start = 0
    for line in source.split("\n"):
        body = line.strip()
        body_start = line_start + len(line) - len(line.lstrip())
        line_start += len(line) + 1
        if not body:
            continue
        if parts:
            parts.append("\n")
            position += 1
        cursor = 0
        matches = list(PLACEHOLDER.finditer(body)) if state.is_edited else []
        for match in [*matches, None]:
            literal = body[cursor : match.start() if match else len(body)]
            if literal:
                pieces.append(Piece(position, position + len(literal), body_start + cursor))
                parts.append(literal)
                position += len(literal)
            if match is None:
                break
            value = facts.get(match.group(1).strip(), match.group(0))
            pieces.append(Piece(position, position + len(value), None))
            parts.append(value)
            position += len(value)
            cursor = match.end()
    return CheckedText(text="".join(parts), source=source, pieces=pieces)


def unapplicable(checked: CheckedText, finding: Finding) -> str:
    """Why 采纳 cannot write a finding's fix into the stored text ("" when it can)."""
    if checked.source_span(finding.start, finding.end) is not None:
        return ""
    if checked.touches_figure(finding.start, finding.end):
        return "涉及由台账自动计算的数据，请修改台账记录或在“编辑本部分”中修改。"
    return "跨越段落，请在“编辑本部分”中修改。"
