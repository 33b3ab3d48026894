"""`cited`: a report paragraph with each figure it cites linked to the records behind it (the page only)."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def cited(paragraph: str, evidence) -> str:
    """`paragraph` escaped, each evidence item's `text` (where it follows its `lead`) a link titled with its 口径.

    An item whose text is not in the paragraph (staff rewrote it) is left out: only what is printed is linked.
    """
    spans = []
    for item in evidence or ():
        phrase = item["lead"] + item["text"]
        start = paragraph.find(phrase)
        while start >= 0:
            begin, end = start + len(item["lead"]), start + len(phrase)
            if not any(begin < other_end and other_begin < end for other_begin, other_end, _ in spans):
                spans.append((begin, end, item))
                break
            start = paragraph.find(phrase, start + 1)
    out, position = [], 0
    for begin, end, item in sorted(spans, key=lambda span: span[0]):
        out.append(escape(paragraph[position:begin]))
        out.append(
            format_html(
                '<a href="{}" class="figure-evidence" title="{}">{}</a>',
                item["url"],
                item["title"],
                paragraph[begin:end],
            )
        )
        position = end
    out.append(escape(paragraph[position:]))
    return mark_safe("".join(out))
