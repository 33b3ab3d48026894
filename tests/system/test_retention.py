"""prune_history: old log rows go only when asked, never under six months, never a record's first or latest row."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bureau.models import Enterprise, ImportBatch, UserAction
from bureau.operations import import_reason
from bureau.services import record_delete, record_save
from bureau.system import services as system_services
from bureau.system.retention import MINIMUM_DAYS
from patents.models import Patent
from tests import factories

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=400)


def backdate(model, pk, *, count: int) -> None:
    """The record's first `count` history rows a year and more ago."""
    rows = list(model.history.filter(id=pk).order_by("history_date", "history_id"))[:count]
    for offset, row in enumerate(rows):
        model.history.filter(history_id=row.history_id).update(history_date=LONG_AGO + datetime.timedelta(hours=offset))


@pytest.fixture
def built_history(admin_user):
    """A unit changed five times long ago and once lately; a patent changed and deleted long ago; old admin actions."""
    unit = factories.EnterpriseFactory(name="版本0")
    for n in range(1, 6):
        unit.name = f"版本{n}"
        record_save(instance=unit, user=admin_user, expected_version=unit.version)
    backdate(Enterprise, unit.pk, count=6)
    unit.name = "版本6"
    record_save(instance=unit, user=admin_user, expected_version=unit.version)
    patent = factories.PatentFactory(title="旧专利")
    patent_pk = patent.pk
    patent.title = "旧专利（改）"
    record_save(instance=patent, user=admin_user, expected_version=patent.version)
    record_delete(instance=patent, user=admin_user)
    backdate(Patent, patent_pk, count=3)
    clerk, _ = system_services.user_create(username="old", full_name="老用户", role="录入员", by=admin_user)
    UserAction.objects.update(created_at=LONG_AGO)
    system_services.user_unlock(user=clerk, by=admin_user)
    return unit, patent_pk


def names(model, pk) -> list[str]:
    return [
        row.instance.name if model is Enterprise else row.instance.title
        for row in model.history.filter(id=pk).order_by("history_date", "history_id")
    ]


def test_dry_run_counts_and_deletes_nothing(built_history, capsys):
    before = Enterprise.history.count(), Patent.history.count(), UserAction.objects.count()
    call_command("prune_history", "--older-than-days", "200", "--dry-run")
    out = capsys.readouterr().out
    assert "单位：将删除 5 条" in out and "专利：将删除 1 条" in out and "用户管理操作：将删除 1 条" in out
    assert (Enterprise.history.count(), Patent.history.count(), UserAction.objects.count()) == before


def test_prune_keeps_each_records_first_and_latest_rows(built_history, capsys):
    unit, patent_pk = built_history
    call_command("prune_history", "--older-than-days", "200")
    assert "共已删除 7 条" in capsys.readouterr().out
    # 版本0 is the creation, 版本5 the newest of the old rows is gone too: 版本6 (recent) is the latest.
    assert names(Enterprise, unit.pk) == ["版本0", "版本6"]
    # The deleted patent keeps its creation and its deletion (the restore reads it).
    assert [row.history_type for row in Patent.history.filter(id=patent_pk).order_by("history_date")] == ["+", "-"]
    assert list(UserAction.objects.values_list("action", flat=True)) == ["unlock"]


def test_recent_history_is_kept_whole(admin_user):
    unit = factories.EnterpriseFactory(name="新0")
    for n in range(1, 4):
        unit.name = f"新{n}"
        record_save(instance=unit, user=admin_user, expected_version=unit.version)
    call_command("prune_history", "--before", str(timezone.localdate() - datetime.timedelta(days=MINIMUM_DAYS)))
    assert names(Enterprise, unit.pk) == ["新0", "新1", "新2", "新3"]


@pytest.mark.parametrize("args", [["--older-than-days", "182"], ["--before", str(datetime.date.today())]])
def test_less_than_six_months_is_refused(args, built_history):
    count = Enterprise.history.count()
    with pytest.raises(CommandError, match="至少保留六个月"):
        call_command("prune_history", *args)
    assert Enterprise.history.count() == count


def test_an_import_batch_goes_once_no_history_row_names_it(admin_user):
    kept = ImportBatch.objects.create(scope="单位", sheets=[], labels=",bureau.enterprise,")
    gone = ImportBatch.objects.create(scope="单位", sheets=[], labels=",bureau.enterprise,")
    unit = factories.EnterpriseFactory(name="导入的单位")
    Enterprise.history.filter(id=unit.pk).update(history_change_reason=import_reason(kept.pk))
    ImportBatch.objects.update(created_at=LONG_AGO)
    call_command("prune_history", "--older-than-days", "365")
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [kept.pk]
    assert gone.pk not in ImportBatch.objects.values_list("pk", flat=True)
