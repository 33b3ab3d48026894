"""Messages shown where a redirect's anchor puts the user's eyes (#attachments, #part-…), not at the page's top.

A redirect to `page#place` scrolls the browser to the element `id=place`; a message
base.html shows at the top is then out of sight. `add_at` tags the message with its
place; the page renders it inside that element (`{% placed_messages "place" %}`) and
names the places it renders in its context as `message_places`. A message whose place
the page does not render (the report was finalised meanwhile) is still shown at the top.
"""

from django.contrib import messages

PREFIX = "place:"


def add_at(request, level: int, text: str, *, place: str) -> None:
    """Queue `text` to be shown inside the element `id=place` of the next page."""
    messages.add_message(request, level, text, extra_tags=PREFIX + place)


def message_place(message) -> str:
    """The place a message was queued for, or "" for the top of the page."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith(PREFIX):
            return tag.removeprefix(PREFIX)
    return ""
