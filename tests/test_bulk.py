"""`bureau.bulk`: records and history rows written by executemany are the ones Django and simple-history would write."""

import datetime

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from simple_history.utils import bulk_create_with_history

from bureau import bulk
from bureau.models import Enterprise
from patents.models import Patent
from tests import factories

pytestmark = pytest.mark.django_db

SKIPPED = {"id", "created_at", "updated_at", "application_number", "history_id", "history_date"}


def new_patents(count: int, *, start: int, applicant) -> list[Patent]:
    return [
        Patent(
            application_number=factories.patent_number(2024, 1, start + n),
            title=f" 一种 装置(改进型){n}",  # spaces and ASCII brackets: the name field normalises them on save
            kind=Patent.Kind.INVENTION,
            applicant=applicant,
            filed_on=datetime.date(2024, 3, 1) + datetime.timedelta(days=n),
        )
        for n in range(count)
    ]


def comparable(instance) -> dict:
    return {name: value for name, value in model_to_dict(instance).items() if name not in SKIPPED}


def test_records_and_history_match_simple_history_helper(admin_user):
    applicant = factories.EnterpriseFactory()
    ours = new_patents(3, start=100, applicant=applicant)
    theirs = new_patents(3, start=200, applicant=applicant)
    with transaction.atomic():
        bulk.bulk_create_with_history_fast(ours, Patent, user=admin_user, change_reason="导入")
    bulk_create_with_history(theirs, Patent, default_user=admin_user, default_change_reason="导入")

    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.pk is not None and not mine._state.adding
        stored, expected = Patent.objects.get(pk=mine.pk), Patent.objects.get(pk=reference.pk)
        assert comparable(stored) == comparable(expected)
        assert stored.title.startswith("一种装置（改进型）")
        assert stored.created_at is not None and stored.updated_at is not None
        mine_history = Patent.history.get(id=mine.pk)
        reference_history = Patent.history.get(id=reference.pk)
        for name in ("history_type", "history_user_id", "history_change_reason", "title", "applicant_id", "filed_on"):
            assert getattr(mine_history, name) == getattr(reference_history, name), name


def test_ids_of_deleted_records_are_not_reused(admin_user):
    applicant = factories.EnterpriseFactory()
    patents = factories.PatentFactory.create_batch(3, applicant=applicant)
    deleted_id = patents[-1].pk
    patents[-1].delete()
    with transaction.atomic():
        [added] = bulk.bulk_create_with_history_fast(
            new_patents(1, start=300, applicant=applicant), Patent, user=admin_user, change_reason="导入"
        )
    assert added.pk > deleted_id
    # The history of the deleted record and of the new one stay apart.
    assert set(Patent.history.filter(id=deleted_id).values_list("history_type", flat=True)) == {"+", "-"}
    assert list(Patent.history.filter(id=added.pk).values_list("history_type", flat=True)) == ["+"]


def test_related_record_added_earlier_in_the_same_import_gets_linked(admin_user):
    with transaction.atomic():
        [unit] = bulk.bulk_create_with_history_fast(
            [Enterprise(name="新成立的公司")], Enterprise, user=admin_user, change_reason="导入"
        )
        bulk.bulk_create_with_history_fast(
            new_patents(2, start=400, applicant=unit), Patent, user=admin_user, change_reason="导入"
        )
    assert Patent.objects.filter(applicant__name="新成立的公司").count() == 2


def test_updates_write_changed_history_rows(admin_user):
    patents = factories.PatentFactory.create_batch(2)
    for patent in patents:
        patent.title = f"{patent.title}（修改）"
    with transaction.atomic():
        bulk.bulk_update_with_history_fast(
            patents, Patent, ["title"], user=admin_user, change_reason="导入", batch_size=100
        )
    for patent in patents:
        latest = Patent.history.filter(id=patent.pk).latest("history_id")
        assert latest.history_type == "~" and latest.title.endswith("（修改）")
        assert latest.history_user_id == admin_user.pk
