"""Templates that teach: every example row imports as it stands; columns carry drop-downs and date formats."""

import io

import pytest
from django.db import models
from openpyxl import load_workbook

from bureau.importexport import selectors, services
from bureau.importexport.template import import_template
from bureau.models import Enterprise

pytestmark = pytest.mark.django_db(transaction=False)


def template_bytes(record_type) -> bytes:
    buffer = io.BytesIO()
    import_template(record_type=record_type, output=buffer)
    return buffer.getvalue()


def test_every_template_example_row_imports_from_an_empty_database(tmp_path, admin_user):
    """Types in dependency order, each template made after the records it may name exist (as a clerk would)."""
    # A county's ledger names its universities: 产学研合作 needs one as a partner.
    Enterprise.objects.create(name="海南大学", kind="university")
    failures = {}
    for record_type in selectors.importable_types():
        path = tmp_path / f"{record_type.model_name}.xlsx"
        path.write_bytes(template_bytes(record_type))
        report = services.import_records(record_type=record_type, path=path, user=admin_user, commit=True)
        # An editable list seeded by a migration may already hold the example: then the row is unchanged.
        if not report.committed or sum(sheet.counts["error"] for sheet in report.sheets):
            failures[record_type.verbose_name] = report.lines()
        elif not record_type.model._default_manager.exists():
            failures[record_type.verbose_name] = ["no record written"]
        # Optional text is left empty in the example: no placeholder words reach the ledger.
        for field in record_type.model._meta.fields:
            if isinstance(field, models.CharField | models.TextField) and field.blank:
                placeholder = f"（{field.verbose_name}）"
                if record_type.model._default_manager.filter(**{field.name: placeholder}).exists():
                    failures.setdefault(record_type.verbose_name, []).append(f"{field.name} = {placeholder}")
    assert not failures, "\n".join(f"{name}: {lines}" for name, lines in failures.items())


def test_template_marks_required_headers_offers_drop_downs_and_formats_dates(admin_user):
    from bureau.registry import registry
    from patents.models import Patent

    Enterprise.objects.bulk_create([Enterprise(name=f"测试企业{n:03d}有限公司") for n in range(60)])
    workbook = load_workbook(io.BytesIO(template_bytes(registry.get(Patent))))
    assert workbook.sheetnames == ["专利", "填写说明", "可选值"]
    assert workbook["可选值"].sheet_state == "hidden"
    sheet = workbook["专利"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["申请号（必填）", "专利名称（必填）", "专利类型（必填）"]
    assert "备注" in headers and "申请单位" in headers
    column = {header.removesuffix("（必填）"): index for index, header in enumerate(headers)}
    checks = {}
    for check in sheet.data_validations.dataValidation:
        for cell_range in check.sqref.ranges:
            checks[headers[cell_range.min_col - 1].removesuffix("（必填）")] = check
    # A short choice list inline, the 60 units on the hidden sheet, dates checked as dates.
    assert checks["专利类型"].type == "list" and checks["专利类型"].formula1 == '"发明,实用新型,外观设计"'
    assert checks["申请单位"].formula1 == "'可选值'!$A$2:$A$61"
    names = [cell.value for cell in workbook["可选值"]["A"][1:]]
    assert len(names) == 60 and names[0] == "测试企业000有限公司"
    assert checks["申请日期"].type == "date" and checks["授权日期"].type == "date"
    example = sheet[2]
    assert example[column["申请日期"]].number_format == "yyyy-mm-dd"
    assert example[column["授权日期"]].value is None  # the example is 审查中: no grant date beside it
    assert sheet.column_dimensions["F"].number_format == "yyyy-mm-dd"


def test_the_notes_sheet_shows_date_forms_the_import_accepts(admin_user):
    from bureau.registry import registry
    from bureau.resources_base import DateWidget
    from patents.models import Patent

    notes = load_workbook(io.BytesIO(template_bytes(registry.get(Patent))))["填写说明"]
    explained = {row[0]: row for row in notes.iter_rows(min_row=2, values_only=True) if row and row[0]}
    help_text = explained["申请日期"][3]
    forms = help_text.removeprefix("如 ").replace("，也可写 ", "、").replace(" 或 ", "、").split("、")
    assert len(forms) == 3
    assert {DateWidget().clean(form).isoformat() for form in forms} == {"2023-05-11"}
