"""`{% page_messages %}` (top of every page, base.html) and `{% placed_messages "attachments" %}` (inside a section)."""

from django import template

from bureau.page_messages import message_place

register = template.Library()


@register.inclusion_tag("_messages.html", takes_context=True)
def page_messages(context):
    """The messages for the top of the page: all but those placed in a section this page renders."""
    rendered = set(context.get("message_places") or ())
    return {"messages": [m for m in context.get("messages", ()) if message_place(m) not in rendered]}


@register.inclusion_tag("_messages.html", takes_context=True)
def placed_messages(context, place: str):
    """The messages queued for the element `id=place` (bureau.page_messages.add_at)."""
    if place not in (context.get("message_places") or ()):
        return {"messages": []}  # shown at the top instead
    return {"messages": [m for m in context.get("messages", ()) if message_place(m) == place]}
