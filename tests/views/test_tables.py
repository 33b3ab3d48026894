"""LedgerTable renders its header and rows in Python: the same HTML as django-tables2's template, every record type."""

import re

import pytest
from django.db import models
from django.template import Context, Template
from django.test import RequestFactory
from django_tables2 import RequestConfig

from bureau.registry import registry

LIBRARY = Template("{% load django_tables2 %}{% render_table table 'django_tables2/bootstrap5.html' %}")
OURS = Template("{% load django_tables2 %}{% render_table table %}")
HOSTILE = "<b>\"&'</b>"


def table_html(html: str) -> str:
    """The <table> element, whitespace next to tags left out (a browser shows none of it in a cell)."""
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", re.sub(r"\s+", " ", table))


def rendered(template: Template, table_class, data, request, **options) -> str:
    table = table_class(data, **options)  # a table per rendering: its row counter (even/odd) must start afresh
    if request is not None:
        RequestConfig(request, paginate={"per_page": 5}).configure(table)
    return table_html(template.render(Context({"table": table, "request": request})))


def make_hostile(model) -> None:
    """One record's first free-text column holds markup, so that escaping is compared too."""
    field = next(
        (
            f
            for f in model._meta.fields
            if isinstance(f, models.CharField) and not f.choices and not f.unique and f.name != "credit_code"
        ),
        None,
    )
    first = model._default_manager.order_by("pk").first()
    if field is not None and first is not None:
        model._default_manager.filter(pk=first.pk).update(**{field.name: HOSTILE})


@pytest.mark.django_db
def test_rows_render_as_django_tables2_renders_them(demo_ledger):
    """List pages (a queryset: first, second and past-the-end page) and detail pages' related lists (a list)."""
    differ = []
    for record_type in registry:
        make_hostile(record_type.model)
        queryset = record_type.model._default_manager.all()
        for page in (1, 2, 999):
            request = RequestFactory().get("/", {"page": page, "q": "a&b"})  # the sort links keep the query
            ours = rendered(OURS, record_type.table, queryset, request)
            if ours != rendered(LIBRARY, record_type.table, queryset, request):
                differ.append(f"{record_type.model_name} page {page}")
            assert ("<tr " in ours) == queryset.exists(), record_type.model_name
        rows = list(queryset[:7])
        ours = rendered(OURS, record_type.table, rows, None, orderable=False)
        if ours != rendered(LIBRARY, record_type.table, rows, None, orderable=False):
            differ.append(f"{record_type.model_name} related rows")
    assert not differ, differ
