"""Retention of the 操作日志: history older than a date is deleted only when an admin asks (`prune_history`).

Network logs are kept at least six months (网络安全法 第二十一条), so nothing younger than
`MINIMUM_DAYS` can go. Each record keeps its creation row (who entered it, and when) and its latest
row (what a deleted record is restored from, and what the next change is compared with); the rows
in between that are older than the date are deleted, with the links they kept. 用户管理 actions
older than the date go too, and an import batch once no history row names it any more.
"""

import datetime
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from bureau import operations
from bureau.models import Attachment, ImportBatch, UserAction
from bureau.registry import registry

MINIMUM_DAYS = 183
CHUNK = 5000  # ids per DELETE, well under SQLite's limit of parameters


class RetentionError(ValueError):
    """The date would delete logs younger than six months; the message says so in Chinese."""


@dataclass
class PruneCount:
    name: str
    rows: int


def earliest_cutoff(*, today: datetime.date | None = None) -> datetime.date:
    """The latest date `prune_history` accepts: everything from it on is kept."""
    return (today or timezone.localdate()) - datetime.timedelta(days=MINIMUM_DAYS)


def _history_models() -> list[tuple[str, type[models.Model]]]:
    sources = [(rt.verbose_name, rt.model) for rt in registry] + [("附件", Attachment)]
    return [(name, vars(model)[model._meta.simple_history_manager_attribute].model) for name, model in sources]


def prunable_rows(history: type[models.Model], *, before: datetime.datetime):
    """A history table's rows older than `before` that are neither their record's first nor its latest row."""
    rows = history._default_manager
    same = rows.filter(id=OuterRef("id"))
    older = same.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    newer = same.filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return rows.filter(history_date__lt=before).filter(Exists(older), Exists(newer))


@transaction.atomic
def history_prune(
    *, before: datetime.date, dry_run: bool = False, today: datetime.date | None = None
) -> list[PruneCount]:
    """Delete (or with `dry_run` only count) the log rows older than `before`; refuses a date under six months ago."""
    if before > earliest_cutoff(today=today):
        raise RetentionError(
            f"日志至少保留六个月（{MINIMUM_DAYS}天）：只能删除 {earliest_cutoff(today=today):%Y年%m月%d日} 以前的记录。"
        )
    moment = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    counts = []
    for name, history in _history_models():
        rows = prunable_rows(history, before=moment)
        count = rows.count()
        if count and not dry_run:
            ids = list(rows.values_list("history_id", flat=True))
            for start in range(0, len(ids), CHUNK):  # the links these rows kept go with them (CASCADE)
                history._default_manager.filter(history_id__in=ids[start : start + CHUNK]).delete()
        counts.append(PruneCount(name, count))
    actions = UserAction.objects.filter(created_at__lt=moment)
    counts.append(PruneCount("用户管理操作", actions.count()))
    named = set()
    for _name, history in _history_models():
        reasons = history._default_manager.filter(history_change_reason__startswith=f"{operations.IMPORT_REASON} #")
        if dry_run:
            reasons = reasons.exclude(history_id__in=prunable_rows(history, before=moment).values("history_id"))
        named.update(
            operations.import_batch_id(r) for r in reasons.values_list("history_change_reason", flat=True).distinct()
        )
    batches = ImportBatch.objects.filter(created_at__lt=moment).exclude(pk__in=named)
    counts.append(PruneCount("导入批次", batches.count()))
    if not dry_run:
        actions.delete()
        batches.delete()
    return counts
