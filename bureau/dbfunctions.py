"""Date parts computed by the database itself.

Django's ExtractYear/ExtractMonth run a Python callback per row on SQLite; over
hundreds of thousands of patents that costs seconds. strftime is SQLite's own C.
"""

from django.db.models import Func, IntegerField, Value
from django.db.models.functions import Cast


class DatePart(Func):
    """EXTRACT(<part> FROM date), as an integer on every database."""

    part = ""
    sqlite_format = ""
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        extra.setdefault("template", f"CAST(EXTRACT({self.part} FROM %(expressions)s) AS INTEGER)")
        return super().as_sql(compiler, connection, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # The format goes in as a parameter: a literal % would clash with the driver's placeholders.
        strftime = Func(Value(self.sqlite_format), *self.get_source_expressions(), function="strftime")
        return Cast(strftime, IntegerField()).as_sql(compiler, connection)


class YearOf(DatePart):
    part = "YEAR"
    sqlite_format = "%Y"


class MonthOf(DatePart):
    part = "MONTH"
    sqlite_format = "%m"
