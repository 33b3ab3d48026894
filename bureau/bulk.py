"""Bulk inserts for large imports: one `executemany` per table, the history rows included.

`simple_history.utils.bulk_create_with_history` builds each row through Django's
SQL compiler (and, on SQLite, in batches of a few dozen rows to stay under the
parameter limit) and then builds a historical model instance per row: for 20,000
patents that is most of an import's time. Here each value is prepared once with
the field's own `pre_save` and `get_db_prep_save`, and the rows go to the
database in one `executemany` (SQLite) or one COPY (PostgreSQL) per table. The history rows hold the same
columns `bulk_history_create` would write (same user, reason, type and date).

Primary keys are taken before the insert, so the records and their history can
be written in one pass: on PostgreSQL from the table's own sequence, on SQLite
after the largest id ever used (the table is AUTOINCREMENT and the import's
transaction holds SQLite's write lock from BEGIN IMMEDIATE). Any other case
(another database, a model whose history tracks many-to-many fields, a primary
key that is not an auto field) takes simple-history's helper instead.
"""

import time
from collections.abc import Callable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history, get_history_manager_for_model

# Fields whose database value is the Python value itself when it already has this type.
_PASS_THROUGH = {models.CharField.get_prep_value: str, models.TextField.get_prep_value: str}
_HISTORY_COLUMNS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def _parameter(field: models.Field, db) -> Callable:
    """What Django would send to the driver for a clean value of `field`, without the compiler's overhead.

    Text passes through as it is; other values are prepared by the field itself,
    once per distinct value (dates, related ids, statuses repeat across thousands of rows).
    """
    kind = type(field)
    if (
        _PASS_THROUGH.get(kind.get_prep_value) is str
        and kind.get_db_prep_save is models.Field.get_db_prep_save
        and kind.get_db_prep_value is models.Field.get_db_prep_value
    ):
        return lambda value: value if value is None or type(value) is str else field.get_db_prep_save(value, db)
    prepared: dict = {}

    def prepare(value):
        try:
            return prepared[value]
        except KeyError:
            result = prepared[value] = field.get_db_prep_save(value, db)
            return result
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, db)

    return prepare


def _execute_insert(model: type[models.Model], fields: Sequence[models.Field], rows: list[list]) -> None:
    db = connections[DEFAULT_DB_ALIAS]  # the object itself: `connection` is a proxy, slow in a loop of 10⁶ values
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    parameters = [_parameter(field, db) for field in fields]
    prepared = [[prepare(value) for prepare, value in zip(parameters, row, strict=True)] for row in rows]
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            _copy(db, cursor, f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", prepared)
        else:
            # SQLite runs executemany's statements inside the process: no round trip per row.
            cursor.executemany(sql + placeholders, prepared)


def _copy(db, cursor, sql: str, rows: list[list]) -> None:
    """PostgreSQL's COPY: the rows stream in one command, with no SQL text to build or parse per row.

    The command goes round Django's cursor wrapper, so it is added to the query log by hand
    (query-count tests and the benchmark count it as the one write it is).
    """
    started = time.monotonic()
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if db.queries_logged:
        db.queries_log.append({"sql": f"{len(rows)} rows: {sql}", "time": f"{time.monotonic() - started:.3f}"})


def _new_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys nobody has used, reserved for this transaction."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
        largest = cursor.fetchone()[0] or 0
        # AUTOINCREMENT never reuses the id of a deleted record (its history may still name it).
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(largest, row[0] if row else 0) + 1
        return list(range(start, start + count))


def fast_insert_supported(model: type[models.Model]) -> bool:
    history = get_history_manager_for_model(model).model
    own_fields = {field.name for field in history.tracked_fields}
    extra = {field.name for field in history._meta.concrete_fields} - own_fields - _HISTORY_COLUMNS
    return (
        connection.vendor in {"sqlite", "postgresql"}
        and connection.in_atomic_block
        and isinstance(model._meta.pk, AutoFieldMixin)
        and not model._meta.parents
        and not extra
        and not getattr(history, "_history_m2m_fields", None)
    )


def _insert_history(
    instances: list[models.Model], model: type[models.Model], *, kind: str, user, reason: str, now
) -> None:
    """The rows `bulk_history_create` would write for `instances` ("+" created, "~" changed)."""
    history = get_history_manager_for_model(model).model
    tracked = list(history.tracked_fields)
    fields = [
        *(history._meta.get_field(field.name) for field in tracked),
        *(history._meta.get_field(name) for name in ("history_date", "history_change_reason", "history_type")),
        history._meta.get_field("history_user"),
    ]
    user_id = user.pk if user is not None else None
    rows = [
        [*(getattr(instance, field.attname) for field in tracked), now, reason, kind, user_id] for instance in instances
    ]
    _execute_insert(history, fields, rows)


def _saved_values(instance: models.Model, fields: list[models.Field], *, now) -> list:
    """The values `save()` would write: each field's `pre_save`, one timestamp for the whole import."""
    values = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            setattr(instance, field.attname, now)
            values.append(now)
        else:
            values.append(field.pre_save(instance, True))
    return values


def bulk_create_with_history_fast(
    instances: list[models.Model], model: type[models.Model], *, user, change_reason: str
) -> list[models.Model]:
    """Insert new `instances` and their "+" history rows; the instances get their primary keys."""
    if not instances:
        return instances
    if not fast_insert_supported(model):
        return bulk_create_with_history(
            instances, model, default_user=user, default_change_reason=change_reason, batch_size=500
        )
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        for instance, pk in zip(instances, _new_ids(model, len(instances)), strict=True):
            instance.pk = pk
            # As QuerySet.bulk_create does: a related record added earlier in the same import now has its id.
            instance._prepare_related_fields_for_save(operation_name="bulk_create")
        _execute_insert(model, fields, [_saved_values(instance, fields, now=now) for instance in instances])
        for instance in instances:
            instance._state.adding = False
            instance._state.db = connection.alias
        _insert_history(instances, model, kind="+", user=user, reason=change_reason, now=now)
    return instances


def bulk_update_with_history_fast(
    instances: list[models.Model],
    model: type[models.Model],
    fields: list[str],
    *,
    user,
    change_reason: str,
    batch_size: int,
) -> None:
    """`bulk_update` of `fields`, then the "~" history rows of the changed records."""
    if not instances:
        return
    if not fast_insert_supported(model):
        bulk_update_with_history(
            instances, model, fields, batch_size=batch_size, default_user=user, default_change_reason=change_reason
        )
        return
    with transaction.atomic(savepoint=False):
        model._default_manager.bulk_update(instances, fields, batch_size=batch_size)
        _insert_history(instances, model, kind="~", user=user, reason=change_reason, now=timezone.now())
