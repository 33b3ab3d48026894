"""Status workflows of projects and award nominations: legal next states, each step's date (required,
suggested in the record's year, named in the save message, never stamped), the path in the history."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import AwardNomination
from bureau import services
from bureau.importexport import services as import_services
from bureau.importexport.template import import_template
from bureau.registry import registry
from projects.models import ProjectApplication
from tests.factories import AwardNominationFactory, ProjectApplicationFactory
from tests.reliability import builders
from tests.views import record_data

pytestmark = pytest.mark.django_db

PAST_YEAR = 2023


def offered(instance_or_model) -> list[str]:
    """The status labels the edit form offers."""
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    instance = None if isinstance(instance_or_model, type) else instance_or_model
    form = registry.get(model).form(instance=instance)
    return [label for value, label in form.fields["status"].choices if value]


def form_data(instance, **changes) -> dict:
    """What the browser posts for the record's edit form, with some fields changed."""
    form = registry.get(instance).form(instance=instance)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    data.update({key: str(value) for key, value in changes.items()})
    return data


def shown_messages(response) -> list[str]:
    """The messages the page after a save shows."""
    return [str(message) for message in response.context["messages"]]


def edit_url(instance) -> str:
    return reverse(registry.get(instance).url_name("edit"), args=[instance.pk])


def test_project_form_offers_only_the_current_and_next_legal_states():
    assert offered(ProjectApplication) == [label for _, label in ProjectApplication.Status.choices]
    assert offered(ProjectApplicationFactory(status="planned", applied_on=None)) == ["拟申报", "已申报"]
    assert offered(ProjectApplicationFactory(status="applied")) == ["已申报", "已推荐", "已立项", "未立项"]
    approved = ProjectApplicationFactory(status="approved", decided_on=datetime.date(2023, 6, 1))
    assert offered(approved) == ["已立项", "在研", "已终止"]
    rejected = ProjectApplicationFactory(status="rejected", decided_on=datetime.date(2023, 6, 1))
    assert offered(rejected) == ["未立项"]


def test_award_form_offers_only_the_current_and_next_legal_states():
    assert offered(AwardNominationFactory(status="submitted")) == ["申报", "推荐", "获奖", "未获奖"]
    recommended = AwardNominationFactory(status="recommended", recommended_on=datetime.date(2023, 5, 1))
    assert offered(recommended) == ["推荐", "获奖", "未获奖"]
    won = AwardNominationFactory(status="won", decided_on=datetime.date(2023, 9, 1), grade="三等奖")
    assert offered(won) == ["获奖"]


# Every step of every workflow in the registry that records a date, with a state it is reached from.
STEPS = [
    pytest.param(rt.model, previous, status, id=f"{rt.model_name}-{previous}-{status}")
    for rt in registry
    if getattr(rt.model, "WORKFLOW", None)
    for previous, targets in rt.model.WORKFLOW.transitions.items()
    for status in targets
    if status in rt.model.WORKFLOW.dates
]


def test_every_workflow_is_covered():
    assert {param.values[0] for param in STEPS} == {ProjectApplication, AwardNomination}


@pytest.mark.parametrize(("model", "previous", "status"), STEPS)
def test_a_step_without_its_date_is_refused_with_a_suggestion_in_the_records_year(
    staff_client, model, previous, status
):
    workflow = model.WORKFLOW
    record = builders.new_record(model, status=previous, year=PAST_YEAR)
    date_field = workflow.dates[status]
    response = staff_client.post(edit_url(record), form_data(record, status=status))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(workflow.missing_date_message(model, status)) == 1  # said once, not by form and model
    assert "已填入建议日期" in page
    record.refresh_from_db()
    assert record.status == previous  # nothing written, nothing stamped
    # The form comes back with the suggested date filled in: the last day of the record's year.
    suggested = response.context["form"][date_field].value()
    assert suggested == f"{PAST_YEAR}-12-31"

    data = form_data(record, status=status, **{date_field: suggested})
    response = staff_client.post(edit_url(record), data, follow=True)
    record.refresh_from_db()
    assert record.status == status
    assert getattr(record, date_field) == datetime.date(PAST_YEAR, 12, 31)
    label = workflow.date_label(model, status)
    assert shown_messages(response) == [f"已保存：{record}；{label}：{PAST_YEAR}年12月31日"]


def test_the_date_of_the_chosen_status_is_required_on_a_new_record(staff_client):
    data = record_data.RECORD_DATA["awards.awardnomination"].form_data()
    data.pop("submitted_on")
    response = staff_client.post(reverse("awards:awardnomination_add"), data)
    assert response.status_code == 200
    assert "状态为“申报”时必须填写申报日期。" in response.content.decode()
    assert not AwardNomination.objects.exists()


def test_the_save_message_names_a_corrected_date_and_only_then(staff_client):
    project = ProjectApplicationFactory(status="approved", decided_on=datetime.date(2023, 12, 31))
    response = staff_client.post(edit_url(project), form_data(project, decided_on="2023-06-01"), follow=True)
    assert shown_messages(response) == [f"已保存：{project}；立项日期：2023年6月1日"]
    project.refresh_from_db()
    response = staff_client.post(edit_url(project), form_data(project, note="补充材料"), follow=True)
    assert shown_messages(response) == [f"已保存：{project}"]


def test_a_mistyped_date_is_left_as_typed(staff_client):
    project = ProjectApplicationFactory(status="applied")
    response = staff_client.post(edit_url(project), form_data(project, status="approved", decided_on="2023-13-40"))
    assert response.status_code == 200
    assert response.context["form"]["decided_on"].value() == "2023-13-40"
    assert "已填入建议日期" not in response.content.decode()


@pytest.mark.parametrize(
    ("year", "earlier", "expected"),
    [
        (2026, None, datetime.date(2026, 12, 2)),  # the current year: today
        (2023, None, datetime.date(2023, 12, 31)),  # a past year: its last day, never today
        (2023, datetime.date(2024, 3, 5), datetime.date(2024, 3, 5)),  # never before an earlier step
        (2023, datetime.date(2023, 4, 1), datetime.date(2023, 12, 31)),
        (2027, None, None),  # a future year: no good guess
    ],
)
def test_default_date(year, earlier, expected):
    today = datetime.date(2026, 12, 2)
    project = ProjectApplication(year=year, status="approved", applied_on=None, decided_on=earlier)
    assert ProjectApplication.WORKFLOW.default_date(project, "ongoing", today=today) == expected
    nomination = AwardNomination(year=year, submitted_on=earlier)
    assert AwardNomination.WORKFLOW.default_date(nomination, "won", today=today) == expected


def test_the_form_suggests_today_for_the_current_year(staff_client):
    year = timezone.localdate().year
    nomination = AwardNominationFactory(year=year, submitted_on=datetime.date(year, 1, 1))
    response = staff_client.post(edit_url(nomination), form_data(nomination, status="recommended"))
    assert response.context["form"]["recommended_on"].value() == timezone.localdate().isoformat()


@pytest.mark.parametrize(("model", "previous", "status"), STEPS)
def test_the_save_service_never_stamps_a_date(staff_user, model, previous, status):
    record = builders.new_record(model, status=previous)
    record.status = status
    with pytest.raises(ValidationError) as raised:
        services.record_save(instance=record, user=staff_user, expected_version=record.version)
    assert model.WORKFLOW.missing_date_message(model, status) in str(raised.value)


@pytest.mark.parametrize(("model", "previous", "status"), STEPS)
def test_an_import_setting_a_status_without_its_date_is_refused_by_row(tmp_path, staff_user, model, previous, status):
    record = builders.new_record(model, status=previous)
    record_type = registry.get(model)
    path = tmp_path / "import.xlsx"
    with path.open("wb") as output:
        import_services.export_xlsx(record_type=record_type, queryset=model.objects.all(), output=output)
    workbook = load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("状态") + 1, value=model.WORKFLOW.status_label(model, status))
    workbook.save(path)

    report = import_services.import_records(record_type=record_type, path=path, user=staff_user, commit=True)
    assert not report.ok
    messages = [message for sheet in report.sheets for row in sheet.error_rows for _, message in row.errors]
    assert any(model.WORKFLOW.missing_date_message(model, status) in message for message in messages), messages
    record.refresh_from_db()
    assert record.status == previous


def test_a_date_the_clerk_gives_is_kept(staff_client):
    nomination = AwardNominationFactory(status="submitted")
    data = form_data(nomination, status="recommended", recommended_on="2023-05-20")
    assert staff_client.post(edit_url(nomination), data).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == "recommended"
    assert nomination.recommended_on == datetime.date(2023, 5, 20)


@pytest.mark.parametrize(
    ("factory", "values", "jump"),
    [
        (ProjectApplicationFactory, {"status": "applied"}, "accepted"),
        (ProjectApplicationFactory, {"status": "rejected", "decided_on": datetime.date(2023, 6, 1)}, "approved"),
        (AwardNominationFactory, {"status": "not_won", "decided_on": datetime.date(2023, 9, 1)}, "won"),
    ],
)
def test_a_jump_past_the_workflow_is_refused(staff_client, factory, values, jump):
    record = factory(**values)
    response = staff_client.post(edit_url(record), form_data(record, status=jump))
    assert response.status_code == 200
    current = record.get_status_display()
    assert f"不能从“{current}”直接变更为该状态，可选：{current}" in response.content.decode()
    record.refresh_from_db()
    assert record.status == values["status"]


def test_history_shows_the_path_of_statuses(staff_user, staff_client):
    project = ProjectApplicationFactory(status="planned", applied_on=None)
    steps = [
        {"status": "applied", "applied_on": datetime.date(2023, 3, 1)},
        {"note": "补充材料"},  # an edit that keeps the status adds no step
        {"status": "approved", "decided_on": datetime.date(2023, 6, 20), "funding_approved": Decimal("30")},
    ]
    for values in steps:
        for name, value in values.items():
            setattr(project, name, value)
        services.record_save(instance=project, user=staff_user, expected_version=project.version)

    page = staff_client.get(reverse("projects:projectapplication_history", args=[project.pk])).content.decode()
    section = page.split('id="status-path"', 1)[1].split("</section>", 1)[0]
    labels = re.findall(r"<strong>(.*?)</strong>", section)
    assert labels == ["拟申报", "已申报", "已立项"]
    assert "已申报</strong>（2023年3月1日）" in section
    assert "已立项</strong>（2023年6月20日）" in section
    assert "staff" in section


def test_history_of_a_record_without_workflow_has_no_path(staff_client):
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    page = staff_client.get(reverse("bureau:enterprise_history", args=[enterprise.pk])).content.decode()
    assert 'id="status-path"' not in page


def test_award_nomination_path_from_its_history(staff_user):
    nomination = AwardNominationFactory(status="submitted")
    nomination.status = "won"
    nomination.decided_on = datetime.date(2023, 9, 1)
    nomination.grade = "二等奖"
    services.record_save(instance=nomination, user=staff_user)
    entries = AwardNomination.history.filter(id=nomination.pk).order_by("history_date", "history_id")
    path = AwardNomination.WORKFLOW.path(entries)
    assert [(step["label"], step["date"]) for step in path] == [
        ("申报", datetime.date(2023, 4, 1)),
        ("获奖", datetime.date(2023, 9, 1)),
    ]


def test_the_path_follows_a_corrected_date(staff_user, staff_client):
    project = ProjectApplicationFactory(status="applied")
    steps = [
        {"status": "approved", "decided_on": datetime.date(2023, 12, 31)},
        {"decided_on": datetime.date(2023, 6, 20)},  # the clerk finds the real date later
    ]
    for values in steps:
        for name, value in values.items():
            setattr(project, name, value)
        services.record_save(instance=project, user=staff_user, expected_version=project.version)

    page = staff_client.get(reverse("projects:projectapplication_history", args=[project.pk])).content.decode()
    section = page.split('id="status-path"', 1)[1].split("</section>", 1)[0]
    assert "已立项</strong>（2023年6月20日）" in section
    assert "2023年12月31日" not in section


def test_forms_and_import_templates_say_which_statuses_need_a_date(admin_user):
    form = registry.get(ProjectApplication).form()  # a new record: every status is offered
    assert form.fields["decided_on"].help_text == "状态为“已立项”或“未立项”时必填"
    assert form.fields["closed_on"].help_text == "状态为“已验收”或“已终止”时必填"
    buffer = io.BytesIO()
    import_template(record_type=registry.get(AwardNomination), output=buffer)
    notes = load_workbook(io.BytesIO(buffer.getvalue()))["填写说明"]
    explained = {row[0]: row[3] for row in notes.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert explained["评审结果日期"].endswith("；状态为“获奖”或“未获奖”时必填")
    assert explained["申报日期"].endswith("；状态为“申报”时必填")
