"""操作日志: one list across the history of every registered record type, attachments, imports and 用户管理.

The sources are read as one UNION ALL of their (source, row id, time, user, type, reason, record id,
content type) columns, each part cut to the rows the page can reach through its indexed `history_date`
(as the dashboard's recent changes do), so a page costs the same however long the history grows. Only
the page's rows are then read in full: per record type on the page its rows, the rows before them (for
the old → new of each change), which records still exist and the records their foreign keys name; then
attachments, import batches, user actions and the people, each once. No query is made per row.
Benchmark row: “operation log: …” in `bureau/bench.py`.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bureau import history, operations
from bureau.accounts.selectors import people, person_label
from bureau.attachments.selectors import attachment_change, attachment_operation
from bureau.deletion import record_label
from bureau.models import Attachment, ImportBatch, UserAction
from bureau.registry import RecordType, registry

ATTACHMENTS, IMPORTS, USERS = "attachment", "import", "user"
ATTACHMENT_OPERATION, USER_OPERATION = "附件", "用户管理"
# The operations the filter offers: the history's five, then attachments and 用户管理.
OPERATION_FILTERS = (*operations.OPERATIONS, ATTACHMENT_OPERATION, USER_OPERATION)
USER_TYPE = "auth.user"  # the record-type filter's value for 用户管理
PER_PAGE = 50
# Lines counted at most: counting every history row reads every row (the import filter is on an unindexed column);
# beyond this the page says “10000 条以上” and pages on while there are lines.
COUNT_CAP = 10_000


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Operation:
    """One line of 操作日志."""

    when: datetime.datetime
    user: str
    operation: str
    record_type: str
    record: str
    url: str | None = None
    deleted: bool = False
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    batch: ImportBatch | None = None


@dataclass
class OperationPage:
    rows: list[Operation]
    count: int  # at most COUNT_CAP
    number: int
    per_page: int
    more: bool = False  # more lines than COUNT_CAP

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages or (self.more and len(self.rows) == self.per_page)


@dataclass(frozen=True)
class Filters:
    user_id: int | None = None
    record_type: str = ""  # app_label.model_name, or USER_TYPE
    operation: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def type_label(record_type: RecordType) -> str:
    return f"{record_type.app_label}.{record_type.model_name}"


def history_model(model: type[models.Model]) -> type[models.Model]:
    # From the class: `Model.history` builds a new manager class on every access.
    return vars(model)[model._meta.simple_history_manager_attribute].model


def _columns(queryset, *, source: str, hid: str, at: str, uid: str, kind, reason, oid, ctype):
    """The union's columns, in one order for every source."""
    return queryset.annotate(
        o_source=Value(source),
        o_hid=F(hid),
        o_at=F(at),
        o_uid=F(uid),
        o_kind=kind,
        o_reason=reason,
        o_oid=oid,
        o_ctype=ctype,
    ).values_list("o_source", "o_hid", "o_at", "o_uid", "o_kind", "o_reason", "o_oid", "o_ctype")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _window(queryset, *, at: str, user: str, filters: Filters):
    # Dates as moments of the local day (not `__date`, which no index serves).
    if filters.user_id:
        queryset = queryset.filter(**{user: filters.user_id})
    if filters.date_from:
        queryset = queryset.filter(**{f"{at}__gte": _day_start(filters.date_from)})
    if filters.date_to:
        queryset = queryset.filter(**{f"{at}__lt": _day_start(filters.date_to + datetime.timedelta(days=1))})
    return queryset


def _record_part(record_type: RecordType, filters: Filters):
    """A record type's history rows, less those of an import batch (the batch is their one entry)."""
    model = history_model(record_type.model)
    rows = model._default_manager.exclude(history_change_reason__startswith=f"{operations.IMPORT_REASON} #")
    operation = filters.operation
    restore = Q(history_change_reason__contains=operations.RESTORE_REASON) & ~Q(history_type="-")
    legacy_import = Q(history_change_reason=operations.IMPORT_REASON)
    if operation == operations.ADD:
        rows = rows.filter(history_type="+").exclude(restore).exclude(legacy_import)
    elif operation == operations.CHANGE:
        rows = rows.filter(history_type="~").exclude(restore).exclude(legacy_import)
    elif operation == operations.DELETE:
        rows = rows.filter(history_type="-").exclude(legacy_import)
    elif operation == operations.RESTORE:
        rows = rows.filter(restore)
    elif operation == operations.IMPORT:
        rows = rows.filter(legacy_import)
    return _window(rows, at="history_date", user="history_user_id", filters=filters)


def _parts(filters: Filters) -> list:
    """The union's parts as (queryset, time field, id field, columns) for the filters."""
    operation, wanted = filters.operation, filters.record_type
    parts = []
    record_operations = {"", *operations.OPERATIONS}
    types = [rt for rt in registry if not wanted or type_label(rt) == wanted]
    if operation in record_operations and wanted != USER_TYPE:
        for record_type in types:
            rows = _record_part(record_type, filters)
            parts.append(
                (
                    rows,
                    "history_date",
                    "history_id",
                    dict(
                        source=type_label(record_type),
                        hid="history_id",
                        at="history_date",
                        uid="history_user_id",
                        kind=F("history_type"),
                        reason=Coalesce("history_change_reason", Value("")),
                        oid=F("id"),
                        ctype=Value(0, output_field=IntegerField()),
                    ),
                )
            )
    if operation in ("", ATTACHMENT_OPERATION) and wanted != USER_TYPE:
        rows = history_model(Attachment)._default_manager.all()
        if wanted:
            cts = ContentType.objects.get_for_models(*(rt.model for rt in types)).values()
            rows = rows.filter(content_type__in=list(cts))
        parts.append(
            (
                _window(rows, at="history_date", user="history_user_id", filters=filters),
                "history_date",
                "history_id",
                dict(
                    source=ATTACHMENTS,
                    hid="history_id",
                    at="history_date",
                    uid="history_user_id",
                    kind=F("history_type"),
                    reason=Coalesce("history_change_reason", Value("")),
                    oid=F("object_id"),
                    ctype=F("content_type_id"),
                ),
            )
        )
    if operation in ("", operations.IMPORT) and wanted != USER_TYPE:
        rows = ImportBatch.objects.all()
        if wanted:
            rows = rows.filter(labels__contains=f",{wanted},")
        parts.append(
            (
                _window(rows, at="created_at", user="user_id", filters=filters),
                "created_at",
                "id",
                dict(
                    source=IMPORTS,
                    hid="id",
                    at="created_at",
                    uid="user_id",
                    kind=Value("+"),
                    reason=Value(""),
                    oid=Value(0, output_field=IntegerField()),
                    ctype=Value(0, output_field=IntegerField()),
                ),
            )
        )
    if operation in ("", USER_OPERATION) and wanted in ("", USER_TYPE):
        parts.append(
            (
                _window(UserAction.objects.all(), at="created_at", user="user_id", filters=filters),
                "created_at",
                "id",
                dict(
                    source=USERS,
                    hid="id",
                    at="created_at",
                    uid="user_id",
                    kind=F("action"),
                    reason=Value(""),
                    oid=F("target_id"),
                    ctype=Value(0, output_field=IntegerField()),
                ),
            )
        )
    return parts


def operation_log_page(*, filters: Filters, page: int = 1, per_page: int = PER_PAGE, viewer=None) -> OperationPage:
    """One page of 操作日志, newest first, in a constant number of queries (see the module's docstring)."""
    parts = _parts(filters)
    if not parts:
        return OperationPage(rows=[], count=0, number=1, per_page=per_page)
    counted = [queryset.order_by().values("pk") for queryset, *_ in parts]
    union_all = counted[0].union(*counted[1:], all=True) if len(counted) > 1 else counted[0]
    count = union_all[: COUNT_CAP + 1].count()
    more = count > COUNT_CAP
    count = min(count, COUNT_CAP)
    pages = max(1, math.ceil(count / per_page))
    number = max(1, page) if more else min(max(1, page), pages)
    reach = number * per_page
    union = []
    for queryset, at, pk, columns in parts:
        # Each part's newest `reach` rows, by its indexed time: the union sorts at most parts × reach rows.
        newest = queryset.order_by(f"-{at}", f"-{pk}").values(pk)[:reach]
        union.append(_columns(queryset.model._default_manager.filter(**{f"{pk}__in": newest}), **columns).order_by())
    combined = union[0].union(*union[1:], all=True) if len(union) > 1 else union[0]
    keys = list(combined.order_by("-o_at", "-o_hid")[(number - 1) * per_page : reach])
    return OperationPage(rows=_rows(keys, viewer=viewer), count=count, number=number, per_page=per_page, more=more)


def _rows(keys: list[tuple], *, viewer) -> list[Operation]:
    """The page's lines from its union keys, reading each source once."""
    by_source: dict[str, list[int]] = {}
    for source, hid, *_ in keys:
        by_source.setdefault(source, []).append(hid)
    names = people(user_ids={key[3] for key in keys})
    built: dict[tuple[str, int], Operation] = {}
    for source, hids in by_source.items():
        if source == ATTACHMENTS:
            built.update(_attachment_rows(hids, names=names, viewer=viewer))
        elif source == IMPORTS:
            built.update(_import_rows(hids, names=names))
        elif source == USERS:
            built.update(_user_rows(hids, names=names))
        else:
            built.update(_record_rows(registry.by_label(source), hids, names=names, viewer=viewer))
    return [built[source, hid] for source, hid, *_ in keys if (source, hid) in built]


def _may_restore(viewer) -> bool:
    return viewer is not None and viewer.has_perm("bureau.restore_record")


def _record_link(record_type: RecordType, pk: int, *, exists: bool, viewer) -> str | None:
    try:
        if exists:
            return reverse(record_type.url_name("detail"), args=[pk])
        if _may_restore(viewer):
            return reverse("restore:deleted_list")
        return reverse(record_type.url_name("history"), args=[pk])
    except NoReverseMatch:
        return None


def _record_rows(record_type: RecordType, hids: list[int], *, names: dict, viewer) -> dict:
    model = history_model(record_type.model)
    manager = model._default_manager
    earlier = manager.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    rows = list(
        manager.filter(history_id__in=hids).annotate(
            previous_id=Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])
        )
    )
    previous = manager.in_bulk({row.previous_id for row in rows} - {None})
    instances = history.history_instances([*rows, *previous.values()])
    changes = history.pairs_changes([(previous.get(row.previous_id), row) for row in rows], instances=instances)
    existing = set(
        record_type.model._default_manager.filter(pk__in={row.id for row in rows}).values_list("pk", flat=True)
    )
    label = type_label(record_type)
    result = {}
    for row, row_changes in zip(rows, changes, strict=True):
        exists = row.id in existing
        operation = operations.operation_label(row.history_type, row.history_change_reason)
        shown = [Change(c.label, c.old, c.new) for c in row_changes]
        if not shown and row.history_type == "+":
            shown = [Change("", "", operations.without_changes(row.history_type, row.history_change_reason))]
        result[label, row.history_id] = Operation(
            when=row.history_date,
            user=names.get(row.history_user_id, "系统"),
            operation=operation,
            record_type=record_type.verbose_name,
            record=record_label(instances[row.history_id]),  # named as it was then
            url=_record_link(record_type, row.id, exists=exists, viewer=viewer),
            deleted=not exists,
            changes=shown,
            note=operations.operation_note(row.history_change_reason),
        )
    return result


def _attachment_rows(hids: list[int], *, names: dict, viewer) -> dict:
    rows = list(history_model(Attachment)._default_manager.filter(history_id__in=hids))
    by_type: dict[int, set] = {}
    for row in rows:
        by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    labels: dict[tuple[int, int], tuple[str, bool]] = {}
    for ct_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or registry.get(model) is None:
            continue
        found = model._default_manager.in_bulk(pks)
        for pk, obj in found.items():
            labels[ct_id, pk] = (record_label(obj), True)
        gone = pks - set(found)
        if gone:
            for row in (
                history_model(model)._default_manager.filter(id__in=gone).order_by("-history_date", "-history_id")
            ):
                labels.setdefault((ct_id, row.id), (record_label(row.instance), False))
    result = {}
    for row in rows:
        model = ContentType.objects.get_for_id(row.content_type_id).model_class()
        record_type = registry.get(model) if model is not None else None
        label, exists = labels.get((row.content_type_id, row.object_id), (f"编号{row.object_id}", False))
        operation = attachment_operation(row.history_type, row.is_deleted)
        change = attachment_change(operation, row.original_name)
        result[ATTACHMENTS, row.history_id] = Operation(
            when=row.history_date,
            user=names.get(row.history_user_id, "系统"),
            operation=operation,
            record_type=record_type.verbose_name if record_type else str(model._meta.verbose_name if model else "—"),
            record=label,
            url=_record_link(record_type, row.object_id, exists=exists, viewer=viewer) if record_type else None,
            deleted=not exists,
            changes=[Change(change.label, change.old, change.new)],
        )
    return result


def _import_rows(hids: list[int], *, names: dict) -> dict:
    result = {}
    for batch in ImportBatch.objects.filter(pk__in=hids):
        totals = batch.totals()
        result[IMPORTS, batch.pk] = Operation(
            when=batch.created_at,
            user=names.get(batch.user_id, "系统"),
            operation=operations.IMPORT,
            record_type=batch.scope,
            record=batch.file_name or str(batch),
            url=reverse("system:import_batch", args=[batch.pk]),
            changes=[Change("", "", import_counts(totals))],
            batch=batch,
        )
    return result


def import_counts(totals: dict[str, int]) -> str:
    return f"新增 {totals['new']} 条，修改 {totals['changed']} 条，无变化 {totals['unchanged']} 条"


def _user_rows(hids: list[int], *, names: dict) -> dict:
    actions = list(UserAction.objects.filter(pk__in=hids).select_related("target").prefetch_related("target__groups"))
    result = {}
    for action in actions:
        result[USERS, action.pk] = Operation(
            when=action.created_at,
            user=names.get(action.user_id, "系统"),
            operation=action.get_action_display(),
            record_type="用户",
            record=f"{person_label(action.target)} {action.target.username}",
            url=reverse("system:user_edit", args=[action.target_id]),
            changes=[Change(label, old, new) for label, old, new in action.changes],
        )
    return result


def record_type_choices() -> list[tuple[str, str]]:
    """The record-type filter's options: every registered type, then 用户."""
    return [(type_label(rt), rt.verbose_name) for rt in registry] + [(USER_TYPE, "用户")]


def user_choices() -> list[tuple[int, str]]:
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    return [(user.pk, f"{person_label(user)} {user.username}") for user in users]


def operation_log_rows(*, filters: Filters, limit: int, viewer=None, chunk: int = 1000) -> list[Operation]:
    """The newest `limit` lines matching the filters (the export), read a page of `chunk` lines at a time."""
    rows: list[Operation] = []
    number = 1
    while len(rows) < limit:
        page = operation_log_page(filters=filters, page=number, per_page=chunk, viewer=viewer)
        rows += page.rows
        if not page.has_next:
            break
        number += 1
    return rows[:limit]


@dataclass
class ImportedSheet:
    """The records one sheet of an import batch wrote: counts as the import reported them, then the records."""

    title: str
    counts: dict
    records: list[Operation]
    written: int  # history rows the batch wrote for this sheet (new and changed records)


IMPORT_RECORDS_SHOWN = 500


def import_batch_records(*, batch: ImportBatch, viewer=None, most: int = IMPORT_RECORDS_SHOWN) -> list[ImportedSheet]:
    """Per sheet of the batch, the records it added or changed (at most `most` shown), linked to their pages."""
    reason = operations.import_reason(batch.pk)
    sheets = []
    for sheet in batch.sheets:
        try:
            record_type = registry.by_label(sheet["label"])
        except LookupError:
            record_type = None
        records: list[Operation] = []
        written = 0
        if record_type is not None:
            manager = history_model(record_type.model)._default_manager
            written_rows = manager.filter(history_change_reason=reason)
            written = written_rows.count()
            rows = list(written_rows.order_by("history_id")[:most])
            instances = history.history_instances(rows)
            existing = set(
                record_type.model._default_manager.filter(pk__in={row.id for row in rows}).values_list("pk", flat=True)
            )
            records = [
                Operation(
                    when=row.history_date,
                    user="",
                    operation=operations.ADD if row.history_type == "+" else operations.CHANGE,
                    record_type=record_type.verbose_name,
                    record=record_label(instances[row.history_id]),
                    url=_record_link(record_type, row.id, exists=row.id in existing, viewer=viewer),
                    deleted=row.id not in existing,
                )
                for row in rows
            ]
        sheets.append(
            ImportedSheet(title=sheet.get("title", sheet["label"]), counts=sheet, records=records, written=written)
        )
    return sheets
