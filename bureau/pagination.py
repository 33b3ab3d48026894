"""Paging a record list: cheap at either end of a large table, and an estimated count where an exact one is dear.

- The back half of a list is read from the other end: the last page of 200,000
  patents is `ORDER BY … DESC LIMIT 50`, not `OFFSET 199950`, so it costs what the
  first page costs. Both directions must agree on where each row falls, so the order
  is made total first (`total_order`).
- On PostgreSQL, an unfiltered list of a large table counts with the planner's
  estimate (`pg_class`), not `COUNT(*)`, which reads the whole table (about 40 ms for
  200,000 patents): `estimated` is then True and the page shows “约 N 条”. A filtered
  or searched list, and every list on SQLite, counts exactly (the dashboard links to
  filtered lists, and its figures must match them).
- With an estimated count, pages are numbered from the start in the front half and
  from the end in the back half: the last page link (from the estimate) shows the
  true last rows, page 1 the true first, each without a count. Only where the two
  halves meet can a row show twice or not at all, by as many rows as the estimate is
  off; a page that comes back short shows the estimate was too high, and the
  paginator counts exactly and pages again.
- A page of a list over TWO_STEPS_ABOVE rows is read in two steps, its keys and then
  its rows (`LedgerPaginator.read`), so that a sort of many matching rows sorts keys.
- A filtered or searched list is counted by a query that reads up to FEW_ROWS + 1 of its
  keys, in no order, and counts every row only if there are more (`LedgerPaginator.probe`).
  A list of few rows then sorts its pages from those keys alone. Without this, a search
  for a rare term (a person's name, an application number) read a large table twice:
  COUNT(*) scanned it, then the page query walked the sort index through every row to
  find the few that match.
"""

from functools import cached_property

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet

# Above this many rows (by the estimate) an unfiltered list shows an estimated count.
ESTIMATE_ABOVE = 100_000
MAX_PER_PAGE = 200
# Above this many rows a page is read in two steps (LedgerPaginator.read).
TWO_STEPS_ABOVE = 10_000
# A filtered list of at most this many rows is counted and sorted from its keys (LedgerPaginator.probe);
# below SQLite's oldest limit of 999 parameters in one query.
FEW_ROWS = 500


def total_order(queryset: QuerySet) -> QuerySet:
    """The queryset ordered without ties: its ordering, then the primary key unless a unique field already decides."""
    query = queryset.query
    ordering = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    meta = queryset.model._meta
    for item in ordering:
        if not isinstance(item, str):
            continue
        name = item.lstrip("-+")
        if name == "pk":
            return queryset
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:  # a related path or an annotation: not a unique column of this table
            continue
        if (field.unique or field.primary_key) and not field.null:
            return queryset
    return queryset.order_by(*ordering, "pk")


def queryset_of(object_list) -> QuerySet | None:
    """The queryset behind a page's object list: a QuerySet, or django-tables2's rows over one."""
    if isinstance(object_list, QuerySet):
        return object_list
    data = getattr(getattr(object_list, "data", None), "data", None)  # BoundRows → TableQuerysetData → QuerySet
    return data if isinstance(data, QuerySet) else None


def reads_rows_of_one_table(queryset: QuerySet) -> bool:
    """True when each row of the queryset is one row of its table: no grouping, union, distinct or limit."""
    query = queryset.query
    return not (query.distinct or query.combinator or query.group_by or query.is_sliced)


def is_whole_table(queryset: QuerySet) -> bool:
    """True when counting the queryset is counting its table: no filter, grouping or limit changes the number."""
    return reads_rows_of_one_table(queryset) and not (queryset.query.where or queryset.query.annotations)


def can_estimate(queryset: QuerySet) -> bool:
    """An estimate is read only on PostgreSQL, and only for a list of the whole table."""
    return connections[queryset.db].vendor == "postgresql" and is_whole_table(queryset)


def estimate_or_count(queryset: QuerySet) -> tuple[int, int | None]:
    """(estimate, exact count) of a whole table on PostgreSQL, in one query.

    The estimate is the planner's: rows per page at the last ANALYZE times the pages the
    table has now. The exact count is computed only when the estimate is at most
    ESTIMATE_ABOVE or unknown (-1: a table not analysed since it was filled).
    """
    connection = connections[queryset.db]
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    sql = f"""
        SELECT estimate, CASE WHEN estimate <= %s THEN (SELECT COUNT(*) FROM {table}) END
        FROM (
            SELECT (CASE WHEN c.relpages > 0 AND c.reltuples >= 0
                         THEN c.reltuples / c.relpages
                              * (pg_relation_size(c.oid) / current_setting('block_size')::int)
                         ELSE -1 END)::bigint AS estimate
            FROM pg_class c WHERE c.oid = %s::regclass
        ) AS planner
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [ESTIMATE_ABOVE, table])
        return cursor.fetchone()


def rounded(count: int) -> int:
    """An estimate to three significant figures: 199,873 → 200,000."""
    digits = len(str(count))
    return round(count, 3 - digits) if digits > 3 else count


class LedgerPaginator(Paginator):
    """Pages of a record list: the back half read backwards, large counts estimated (see the module).

    Keeps ?per_page= within 1…200: django-tables2 fails with a 500 on 0 or a negative number.
    """

    def __init__(self, object_list, per_page, *args, **kwargs):
        if isinstance(object_list, QuerySet):
            object_list = total_order(object_list)  # django-tables2's rows: LedgerTable.paginate orders them
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)
        self.estimated = False

    @cached_property
    def count(self) -> int:
        queryset = queryset_of(self.object_list)
        if queryset is not None and can_estimate(queryset):
            estimate, exact = estimate_or_count(queryset)
            if exact is None:
                self.estimated = True
                return estimate
            return exact
        keys, count = self.probe
        if keys is not None:
            return len(keys)
        return count if count is not None else super().count

    @cached_property
    def probe(self) -> tuple[list | None, int | None]:
        """(its keys, None) for a filtered list of at most FEW_ROWS rows, (None, its count) for a longer one.

        One query whatever the answer. Its keys are read in no order, so the database
        scans the table once and stops as soon as FEW_ROWS + 1 rows match; only then is
        every matching row counted (a scalar subquery, evaluated once and only if needed).
        (None, None) for a list that is not filtered, or not a plain filter of one table.
        """
        queryset = queryset_of(self.object_list)
        if queryset is None or not queryset.ordered:
            return None, None
        if not queryset.query.where or not reads_rows_of_one_table(queryset):
            return None, None
        keys = queryset.order_by().values_list("pk")
        try:
            limited_sql, limited_params = keys[: FEW_ROWS + 1].query.get_compiler(queryset.db).as_sql()
            every_sql, every_params = keys.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:  # a filter that nothing can match, such as an empty choice of keys
            return [], None
        sql = (
            "SELECT probe.*, CASE WHEN probe.probed > %s "
            f"THEN (SELECT COUNT(*) FROM ({every_sql}) every_row) END "
            f"FROM (SELECT limited.*, COUNT(*) OVER () AS probed FROM ({limited_sql}) limited) probe"
        )
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, [FEW_ROWS, *every_params, *limited_params])
            rows = cursor.fetchall()
        if len(rows) <= FEW_ROWS:
            return [row[0] for row in rows], None
        return None, rows[0][-1]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.rows(number, bottom, top)
        if self.estimated and len(rows) < top - bottom:
            # The estimate was too high (rows deleted since the last ANALYZE): count, and page again.
            self.__dict__["count"] = queryset_of(self.object_list).count()
            self.__dict__.pop("num_pages", None)
            self.estimated = False
            return self.page(min(number, self.num_pages))
        return self._get_page(rows, number, self)

    def rows(self, number: int, bottom: int, top: int):
        queryset = queryset_of(self.object_list)
        if queryset is None or not queryset.ordered:
            return self.object_list[bottom:top]
        few_keys, _count = self.probe
        if few_keys is not None:
            # Sorting these few rows, fetched by key, instead of walking the sort index of the whole table.
            return self.boxed(list(queryset.filter(pk__in=few_keys)[bottom:top]))
        if 2 * bottom < self.count:
            if not self.estimated and self.count <= TWO_STEPS_ABOVE:
                return self.object_list[bottom:top]
            # Evaluated here: a short page shows a wrong estimate.
            return self.boxed(self.read(queryset, bottom, top))
        if self.estimated:
            # Numbered from the end: the last page is the last rows, whatever the true count.
            start = (self.num_pages - number) * self.per_page
            stop = start + top - bottom
        else:
            start, stop = self.count - top, self.count - bottom
        # The back half, read from the end: LIMIT/OFFSET from the other side of the index, then put back in order.
        return self.boxed(self.read(queryset.reverse(), start, stop)[::-1])

    def read(self, queryset: QuerySet, start: int, stop: int) -> list:
        """Rows start…stop of the queryset; of a large one in two steps, the page's keys first.

        Sorting a filtered page of a large table (patents granted in a year, filed over
        many years) sorts every matching row with all its columns and joins; sorting
        their keys alone can be read from an index (patent_granted_order), and then only
        the page's rows are fetched: 40–90 ms become a few on SQLite.
        """
        if self.count <= TWO_STEPS_ABOVE:
            return list(queryset[start:stop])
        keys = list(queryset.values_list("pk", flat=True)[start:stop])
        rows = queryset.order_by().in_bulk(keys)
        return [rows[key] for key in keys if key in rows]  # a row deleted in between is left out

    def boxed(self, records: list):
        """Records in the object list's own kind: django-tables2's rows, or a plain list."""
        if isinstance(self.object_list, QuerySet):
            return records
        rows = self.object_list  # django-tables2's BoundRows
        return type(rows)(records, table=rows.table, pinned_data=rows.pinned_data)
