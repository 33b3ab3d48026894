"""Control characters pasted into any text field of any record type are dropped on save, by every entry path."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from bureau import services
from bureau.registry import registry
from bureau.text import clean_text
from tests.reliability.builders import form_data, new_record

pytestmark = pytest.mark.django_db

CONTROLS = "\x07\x1f\x1b\x08"


def text_fields(model) -> list[models.Field]:
    """Every plain text field a clerk can type into (choices are picked, not typed)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and field.editable and not field.choices
    ]


def filled_record(model, user):
    """A saved record with every text field its rules allow holding text (an empty note gets “甲乙”)."""
    record = new_record(model, user=user)
    for field in text_fields(model):
        if getattr(record, field.attname):
            continue
        setattr(record, field.attname, "甲乙")
        try:
            record.full_clean()
        except ValidationError as error:
            if field.name in error.error_dict:  # this field must stay empty here (a grade only for a winner)
                setattr(record, field.attname, "")
    return services.record_save(instance=record, user=user)


def pasted(value: str) -> str:
    """The value as it arrives from a paste: control characters inside and at the end."""
    return value[:1] + CONTROLS + value[1:] + "\x0e"


def test_every_record_type_has_text_fields():
    assert all(text_fields(record_type.model) for record_type in registry)


@pytest.mark.parametrize("record_type", list(registry), ids=lambda rt: rt.model._meta.label_lower)
def test_the_save_service_cleans_every_text_field(record_type, staff_user):
    record = filled_record(record_type.model, staff_user)
    fields = text_fields(record_type.model)
    expected = {field.attname: getattr(record, field.attname) for field in fields if getattr(record, field.attname)}
    assert expected
    for name, value in expected.items():
        setattr(record, name, pasted(value) + "\x00")
    services.record_save(instance=record, user=staff_user)
    record.refresh_from_db()
    assert {name: getattr(record, name) for name in expected} == expected


@pytest.mark.parametrize(
    "record_type", [rt for rt in registry if not rt.is_list], ids=lambda rt: rt.model._meta.label_lower
)
def test_the_edit_form_cleans_every_text_field(record_type, staff_client, staff_user):
    record = filled_record(record_type.model, staff_user)
    data = form_data(record_type, record)
    typed = {field.name: data[field.name] for field in text_fields(record_type.model) if data.get(field.name)}
    assert typed, f"{record_type.model.__name__}'s form has no text field"
    response = staff_client.post(
        reverse(record_type.url_name("edit"), args=[record.pk]),
        {**data, **{name: pasted(value) + "\x00" for name, value in typed.items()}},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record.refresh_from_db()
    assert {name: getattr(record, name) for name in typed} == typed


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        ("手动换行\x0b分页\x0c结束", "手动换行\n分页\n结束"),
        ("制表\t保留", "制表\t保留"),
        ("铃声\x07单元\x1f空\x00", "铃声单元空"),
        ("孤立代理\ud800字符\ufffe", "孤立代理字符"),
        ("《科技日报》“创新”", "《科技日报》“创新”"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_an_import_cleans_text_the_reader_hands_over(staff_user, tmp_path, monkeypatch):
    """Excel stores a pasted control character as _x0007_; whatever the reader decodes, the model cleans."""
    from bureau.importexport import services as import_services
    from bureau.importexport.reader import Sheet
    from patents.models import Patent
    from tests.importexport.helpers import PATENT_HEADERS, enterprises, patent_row

    enterprises(1)
    row = patent_row(1, title="一种\x07测试\x1f装置")
    monkeypatch.setattr(import_services, "read_first_sheet", lambda path: Sheet("专利", PATENT_HEADERS, [(2, row)]))
    path = tmp_path / "upload.xlsx"
    path.write_bytes(b"")
    report = import_services.import_records(record_type=registry.get(Patent), path=path, user=staff_user, commit=True)
    assert report.committed, "\n".join(report.lines())
    assert Patent.objects.get().title == "一种测试装置"
