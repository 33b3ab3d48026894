"""The finding: one thing the proofreader flags, where it is and what to write instead."""

from bisect import bisect_right
from dataclasses import dataclass

CHECKS = ("confusable", "punctuation", "number", "repetition", "name", "formulation")
CHECK_LABELS = {
    "confusable": "易混词",
    "punctuation": "标点",
    "number": "数字",
    "repetition": "重复",
    "name": "名称",
    "formulation": "提法",
}


@dataclass(frozen=True)
class Finding:
    """A flagged span of the text given to `proofread`.

    `suggestion` replaces `text[start:end]` when the fix is unambiguous (an empty string deletes the span);
    None when a person must decide. `key` has no offsets, so a finding ignored once stays ignored after edits.
    """

    check: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None
    line: int
    column: int
    key: str


class Document:
    """The text being proofread, with its line starts and the spans of exact ledger names (never flagged)."""

    def __init__(self, text: str, *, year: int | None = None, masks: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.year = year
        self.masks = sorted(masks or [])
        self._mask_starts = [start for start, _ in self.masks]
        self._line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def masked(self, start: int, end: int) -> bool:
        """Does the span reach into an exact ledger name? (A span holding a whole name, a title around it, does not.)"""
        i = bisect_right(self._mask_starts, start)
        # The mask starting at or before `start`, and the next one (it may begin inside the span).
        nearby = self.masks[max(i - 1, 0) : i + 1]
        return any(
            mask_start < end and start < mask_end and not (start <= mask_start and mask_end <= end)
            for mask_start, mask_end in nearby
        )

    def finding(self, check: str, rule: str, start: int, end: int, message: str, suggestion: str | None) -> Finding:
        line, column = self.position(start)
        span = self.text[start:end]
        return Finding(
            check=check,
            start=start,
            end=end,
            text=span,
            message=message,
            suggestion=suggestion,
            line=line,
            column=column,
            key=f"{check}:{rule}:{span}",
        )
