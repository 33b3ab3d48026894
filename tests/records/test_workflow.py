"""Status workflows of projects and award nominations: legal next states, stamped dates, the path in the history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardNomination
from bureau import services
from bureau.registry import registry
from projects.models import ProjectApplication
from tests.factories import AwardNominationFactory, ProjectApplicationFactory

pytestmark = pytest.mark.django_db


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


def test_reaching_a_state_stamps_its_date(staff_client):
    project = ProjectApplicationFactory(status="applied")
    response = staff_client.post(edit_url(project), form_data(project, status="approved", funding_approved="30"))
    assert response.status_code == 302, response.content.decode()
    project.refresh_from_db()
    assert project.status == "approved"
    assert project.decided_on == timezone.localdate()
    assert project.funding_approved == Decimal("30.00")


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
