"""The benchmark: time the hot paths against a database of synthetic data and print one table.

Each operation runs a number of times (median and 95th percentile of wall time),
once more inside `CaptureQueriesContext` for its SQL query count (transaction
control not counted), and, where memory matters, once more under `tracemalloc`
for its peak of Python allocations. Writes run inside a transaction that is
rolled back, so every repeat sees the same data.
"""

import io
import math
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bureau.devtools import synthetic
from bureau.registry import registry

NOT_AVAILABLE = "not available"
NO_MATCH_TERM = "查无此项记录"  # in no synthetic record: a search that must read every row


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and repeats of one run; `quick` is what a developer runs before committing a hot-path change."""

    quick: bool
    years: int
    scale: int
    patents: int
    repeats: int
    heavy_repeats: int
    export_rows: int
    import_rows: int
    seed: int = 1
    last_year: int = synthetic.DEFAULT_LAST_YEAR

    @classmethod
    def for_mode(cls, *, quick: bool) -> "BenchConfig":
        if quick:
            return cls(
                quick=True,
                years=10,
                scale=2,
                patents=20_000,
                repeats=2,
                heavy_repeats=1,
                export_rows=10_000,
                import_rows=1_000,
            )
        return cls(
            quick=False,
            years=10,
            scale=10,
            patents=200_000,
            repeats=10,
            heavy_repeats=3,
            export_rows=100_000,
            import_rows=20_000,
        )


@dataclass
class Measurement:
    """One row of the table."""

    operation: str
    times: list[float] = field(default_factory=list)
    queries: int | None = None
    peak_bytes: int | None = None
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def p95(self) -> float | None:
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def is_transaction_control(sql: str) -> bool:
    return sql.split(None, 1)[0].upper() in {"SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK"}


@contextmanager
def rolled_back():
    """Run a write and undo it, so the next repeat sees the same database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def database_config(url: str) -> dict:
    from bureau.settings.base import sqlite_options

    # Persistent connections, as the app's own settings have them: no new connection per request.
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    config.setdefault("OPTIONS", {})  # never inherit the other engine's options
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"].update(sqlite_options())
    return config


def use_database(url: str) -> None:
    """Point the default connection at `url`; a new connection object, since the engine may differ."""
    connections.close_all()
    connections.settings["default"] = {**connections.settings["default"], **database_config(url)}
    if hasattr(connections._connections, "default"):
        delattr(connections._connections, "default")


class Bench:
    """Runs every operation against the database in use and collects the measurements."""

    def __init__(self, config: BenchConfig, *, database_url: str, log: Callable[[str], None] = print):
        self.config = config
        self.database_url = database_url
        self.log = log
        self.results: list[Measurement] = []

    @cached_property
    def workdir(self) -> Path:
        """Scratch files of the export/import operations, removed at the end of `run()`."""
        return Path(tempfile.mkdtemp(prefix="ledger-bench-work-"))

    # --- measuring ---------------------------------------------------------------------------

    def measure(
        self,
        operation: str,
        action: Callable[[], object],
        *,
        repeats: int | None = None,
        warmup: bool = True,
        queries: bool = True,
        memory: bool = False,
    ) -> Measurement:
        result = Measurement(operation)
        try:
            if warmup:
                action()
            for _ in range(repeats or self.config.repeats):
                started = time.perf_counter()
                action()
                result.times.append(time.perf_counter() - started)
            if queries:
                # The query log keeps 9,000 entries: once full, the context would see no new ones.
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as captured:
                    action()
                result.queries = sum(1 for q in captured.captured_queries if not is_transaction_control(q["sql"]))
            if memory:
                tracemalloc.start()
                try:
                    action()
                    result.peak_bytes = tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()
        except Exception as error:  # a broken operation is reported in its row; the run goes on
            result.note = f"error: {type(error).__name__}: {str(error)[:120]}"
        self.results.append(result)
        self.log(format_row(result))
        return result

    def unavailable(self, operation: str, reason: str = NOT_AVAILABLE) -> None:
        result = Measurement(operation, note=reason)
        self.results.append(result)
        self.log(format_row(result))

    # --- setup -------------------------------------------------------------------------------

    def prepare(self) -> None:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        from patents.models import Patent

        if not Patent.objects.exists():
            result = synthetic.synthetic_ledger_create(
                years=self.config.years,
                scale=self.config.scale,
                patents=self.config.patents,
                seed=self.config.seed,
                last_year=self.config.last_year,
            )
            self.log(f"synthetic ledger: {result.total:,} rows")
        self.log(f"database ready in {time.perf_counter() - started:.1f} s ({connection.vendor})")
        User = get_user_model()
        self.user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
            "bench-admin", "", secrets.token_urlsafe(16)
        )
        # The test client calls itself "testserver"; the settings in use may not allow that host.
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self.client = Client()
        self.client.force_login(self.user)

    def get(self, url: str) -> Callable[[], None]:
        def action():
            response = self.client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} → {response.status_code}")

        return action

    # --- operations --------------------------------------------------------------------------

    def dashboard(self) -> None:
        try:
            url = f"{reverse('home')}?year={self.config.last_year}"
        except NoReverseMatch:
            return self.unavailable("dashboard")
        self.measure(f"dashboard {self.config.last_year}", self.get(url))
        from bureau.dashboard.selectors import default_year, ledger_years

        # What a first visit to 首页 adds before any year is chosen (then the session keeps the year).
        today = timezone.localdate()
        self.measure("dashboard default year (no year chosen)", lambda: default_year(years=ledger_years(), today=today))

    def list_pages(self) -> None:
        for rt in registry:
            base = reverse(rt.url_name("list"))
            first = rt.model._default_manager.order_by("pk").first()
            self.measure(f"list {rt.model_name}: first page", self.get(base))
            filterset = rt.filterset
            filters = filterset.base_filters if filterset else {}
            if "year" in filters:
                self.measure(f"list {rt.model_name}: filtered", self.get(f"{base}?year={self.config.last_year}"))
            elif first is not None:
                for name in ("kind", "level", "status", "is_active", "measure"):
                    if name in filters and hasattr(first, name):
                        value = getattr(first, name)
                        value = str(value).lower() if isinstance(value, bool) else getattr(value, "pk", value)
                        self.measure(f"list {rt.model_name}: filtered", self.get(f"{base}?{name}={value}"))
                        break
            term = self.search_term(rt, first)
            self.measure(f"list {rt.model_name}: searched", self.get(f"{base}?q={term}"))
            if rt.search_fields:
                # The worst case of a substring search: every row read, every search field compared.
                self.measure(f"list {rt.model_name}: searched, no match", self.get(f"{base}?q={NO_MATCH_TERM}"))
            pages = max(1, math.ceil(rt.model._default_manager.count() / 50))
            self.measure(f"list {rt.model_name}: last page ({pages})", self.get(f"{base}?page={pages}"))

    @staticmethod
    def search_term(rt, first) -> str:
        if first is not None and rt.search_fields:
            try:
                value = attrgetter(rt.search_fields[0].replace("__", "."))(first)
            except AttributeError:
                value = None
            if value:
                return str(value)[:2]
        return "科技"

    def detail_pages(self) -> None:
        for rt in registry:
            first = rt.model._default_manager.order_by("pk").first()
            if first is not None:
                self.measure(f"detail {rt.model_name}", self.get(first.get_absolute_url()))

    PICKER_UNITS = 10_000

    def pickers(self) -> None:
        """The unit picker's endpoint (bureau/pickers) at 10,000 units: units added for it, then rolled back."""
        from bureau.models import Enterprise

        try:
            url = reverse("bureau:enterprise_choices")
        except NoReverseMatch:
            return self.unavailable(f"picker choices: {self.PICKER_UNITS:,} units")
        with rolled_back():
            missing = self.PICKER_UNITS - Enterprise.objects.count()
            if missing > 0:
                Enterprise.objects.bulk_create(
                    (Enterprise(name=f"基准测试{n:05d}科技有限公司") for n in range(missing)), batch_size=500
                )
            units = Enterprise.objects.count()
            self.measure(f"picker choices: {units:,} units, first page", self.get(url))
            self.measure(f"picker choices: {units:,} units, by pinyin initials", self.get(f"{url}?q=kjyxgs"))

    def forms(self) -> None:
        from patents.models import Patent

        rt = registry.get(Patent)
        generator = synthetic.Generator(
            years=1, scale=1, patents=1, seed=self.config.seed + 1, last_year=self.config.last_year + 1, batch_size=1
        )
        generator.companies = self.companies(10)
        new = next(generator.patent_rows())
        fields = rt.form._meta.fields

        def form_data(instance) -> dict:
            data = {}
            for name in fields:
                value = getattr(instance, rt.model._meta.get_field(name).attname)
                data[name] = "" if value is None else value
            return data

        add_url = reverse(rt.url_name("add"))
        self.measure("form add patent: GET", self.get(add_url))
        self.measure("form add patent: POST", self.post(add_url, form_data(new)))
        existing = Patent.objects.order_by("pk").first()
        edit_url = reverse(rt.url_name("edit"), args=[existing.pk])
        changed = {**form_data(existing), "title": existing.title + "（改）", "version": existing.version}
        self.measure("form edit patent: GET", self.get(edit_url))
        self.measure("form edit patent: POST", self.post(edit_url, changed))

    def post(self, url: str, data: dict) -> Callable[[], None]:
        def action():
            with rolled_back():
                response = self.client.post(url, data)
            if response.status_code != 302:
                raise RuntimeError(f"POST {url} → {response.status_code} (form not accepted)")

        return action

    def companies(self, count: int) -> list:
        from bureau.models import Enterprise

        return list(Enterprise.objects.filter(kind=Enterprise.Kind.ENTERPRISE).order_by("pk")[:count])

    def report(self) -> None:
        try:
            from bureau.models import Report
            from bureau.report.document import compose
            from bureau.report.render import render_docx, render_html, render_pdf
        except ImportError:
            for name in ("HTML", "PDF cold", "PDF warm", "DOCX"):
                self.unavailable(f"report {name}")
            return
        year = self.config.last_year

        def document():
            return compose(Report.objects.filter(year=year).first() or Report(year=year))

        heavy = self.config.heavy_repeats
        self.measure(f"report {year} HTML", lambda: render_html(document()))
        # The editor's page proofreads every section on load (one proofread per section, one dismissals query).
        self.measure(f"report {year} editor page (校对 every section)", self.get(reverse("report:detail", args=[year])))
        self.measure_cold_pdf(year)
        self.measure(f"report {year} PDF warm", lambda: render_pdf(document()), repeats=max(heavy, 3))
        self.measure(f"report {year} DOCX", lambda: render_docx(document()), repeats=max(heavy, 3))

    def proofreader(self) -> None:
        """A 10,000-character document: the last year's report with DOMAIN.md's substitutions, repeated; the
        ledger's names come from the providers, as in the report editor. Target: under 200 ms."""
        from bureau.devtools import proofread_measure as measure
        from bureau.models import Report
        from bureau.proofread import proofread
        from bureau.report.document import compose, plain_text

        year = self.config.last_year
        text, _ = measure.inject(plain_text(compose(Report(year=year)), appendix=False))
        document = (text * (PROOFREAD_CHARACTERS // max(len(text), 1) + 1))[:PROOFREAD_CHARACTERS]
        self.measure(f"proofread {PROOFREAD_CHARACTERS:,} characters", lambda: proofread(document, year=year))

    def measure_cold_pdf(self, year: int) -> None:
        """A new Python process: imports, Django setup, fonts and the first render, timed from outside."""
        code = (
            "import django; django.setup()\n"
            "from bureau.models import Report\n"
            "from bureau.report.document import compose\n"
            "from bureau.report.render import render_pdf\n"
            f"render_pdf(compose(Report.objects.filter(year={year}).first() or Report(year={year})))\n"
        )
        env = {**os.environ, "DATABASE_URL": self.database_url}
        env.setdefault("DJANGO_SETTINGS_MODULE", os.environ.get("DJANGO_SETTINGS_MODULE", "bureau.settings.dev"))

        def action():
            done = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True)
            if done.returncode:
                raise RuntimeError(done.stderr.decode(errors="replace").strip().splitlines()[-1])

        self.measure(f"report {year} PDF cold (new process)", action, repeats=2, warmup=False, queries=False)

    def import_export(self) -> None:
        try:
            from bureau.importexport import services as io_services
        except ImportError:
            io_services = None
        needed = ("export_xlsx", "import_records", "export_ledger", "import_ledger")
        if io_services is None or not all(hasattr(io_services, name) for name in needed):
            for name in ("export patents xlsx", "import patents (ours)", "import patents (baseline)"):
                self.unavailable(name)
            self.unavailable("ledger export/import")
            return
        from patents.models import Patent

        rt = registry.get(Patent)
        heavy = self.config.heavy_repeats
        rows = self.config.export_rows
        last_pk = Patent.objects.order_by("pk").values_list("pk", flat=True)[rows - 1 : rows].first()
        export_qs = Patent.objects.filter(pk__lte=last_pk) if last_pk else Patent.objects.all()
        exported = self.workdir / "export.xlsx"
        self.measure(
            f"export {rows:,} patents xlsx",
            lambda: io_services.export_xlsx(record_type=rt, queryset=export_qs, output=exported),
            repeats=heavy,
            warmup=False,
            memory=True,
        )
        ours_file, baseline_file = self.import_files(io_services, rt)
        n = self.config.import_rows

        def ours():
            with rolled_back():
                preview = io_services.import_records(record_type=rt, path=ours_file, user=self.user, commit=False)
                confirm = io_services.import_records(record_type=rt, path=ours_file, user=self.user, commit=True)
                written = Patent.history.filter(history_type="+").count()
            if preview.errors or not confirm.committed:
                raise RuntimeError(f"import not committed: {(preview.errors or ['row errors'])[0]}")
            if written < n:
                raise RuntimeError(f"history rows {written} < {n}")

        ours_result = self.measure(
            f"import {n:,} patents (ours: preview+confirm, history)", ours, repeats=heavy, warmup=False, memory=True
        )
        baseline_result = self.measure(
            f"import {n:,} patents (plain ModelResource baseline)",
            lambda: self.baseline_import(baseline_file),
            repeats=1,
            warmup=False,
            queries=False,
        )
        if ours_result.median and baseline_result.median:
            ratio = baseline_result.median / ours_result.median
            self.unavailable("import speed-up over baseline", f"{ratio:.1f}x")
        self.ledger(io_services)

    def import_files(self, io_services, rt) -> tuple[Path, Path]:
        """Workbooks of `import_rows` new patents: one in our export format, one in the plain resource's."""
        import tablib  # noqa: F401  (django-import-export's dependency)
        from import_export.resources import modelresource_factory

        from patents.models import Patent

        year = self.config.last_year + 1
        generator = synthetic.Generator(
            years=1,
            scale=1,
            patents=self.config.import_rows,
            seed=self.config.seed + 2,
            last_year=year,
            batch_size=synthetic.BATCH_SIZE,
        )
        generator.companies = self.companies(500)
        ours_file = self.workdir / "import-ours.xlsx"
        baseline_file = self.workdir / "import-baseline.xlsx"
        with rolled_back():
            Patent.objects.bulk_create(generator.patent_rows(), batch_size=synthetic.BATCH_SIZE)
            new = Patent.objects.filter(filed_on__year=year)
            io_services.export_xlsx(record_type=rt, queryset=new, output=ours_file)
            dataset = modelresource_factory(Patent)().export(queryset=new)
            del dataset["id"]  # new rows: the plain resource creates them
            dataset.insert_col(0, [""] * len(dataset), header="id")
            # With default options an empty cell becomes None, which a NOT NULL text column refuses:
            # leave those columns out so that the model's default ("") applies.
            for name in ("note", "applicant_person"):
                del dataset[name]
            baseline_file.write_bytes(dataset.export("xlsx"))
        return ours_file, baseline_file

    @staticmethod
    def baseline_import(path: Path) -> None:
        """django-import-export's own flow with default options: load, dry run, then the real import."""
        import tablib
        from import_export.resources import modelresource_factory

        from patents.models import Patent

        with rolled_back():
            dataset = tablib.Dataset().load(io.BytesIO(path.read_bytes()), format="xlsx")
            resource = modelresource_factory(Patent)()
            result = resource.import_data(dataset, dry_run=True)
            if result.has_errors() or result.has_validation_errors():
                raise RuntimeError("baseline dry run has errors")
            resource.import_data(dataset, dry_run=False)

    def ledger(self, io_services) -> None:
        year = self.config.last_year
        path = self.workdir / "ledger.xlsx"
        heavy = self.config.heavy_repeats
        self.measure(
            f"ledger {year} export xlsx",
            lambda: io_services.export_ledger(year=year, output=path),
            repeats=heavy,
            warmup=False,
            memory=True,
        )

        if not path.exists():
            return self.unavailable(f"ledger {year} import (preview+confirm)", "skipped: the export failed")

        def round_trip():
            with rolled_back():
                preview = io_services.import_ledger(path=path, user=self.user, commit=False)
                confirm = io_services.import_ledger(path=path, user=self.user, commit=True)
            if preview.errors or not confirm.committed:
                raise RuntimeError(f"ledger import not committed: {(preview.errors or ['row errors'])[0]}")

        self.measure(f"ledger {year} import (preview+confirm)", round_trip, repeats=heavy, warmup=False)

    def operation_log(self) -> None:
        """操作日志 with a history row per patent (synthetic data is written without history), rolled back after."""
        try:
            url = reverse("system:operation_log")
        except NoReverseMatch:
            return self.unavailable("operation log")
        from patents.models import Patent

        history = Patent.history.model
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in history.tracked_fields)
        with rolled_back():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_type)"
                    f" SELECT {columns}, {quote('updated_at')}, '+' FROM {quote(Patent._meta.db_table)}"
                    f" WHERE {quote('id')} NOT IN (SELECT {quote('id')} FROM {quote(history._meta.db_table)})"
                )
            rows = history.objects.count()
            self.measure(f"operation log: first page ({rows:,} patent history rows)", self.get(url))
            self.measure("operation log: patents, changes only", self.get(f"{url}?type=patents.patent&operation=修改"))
            self.measure("operation log: page 50", self.get(f"{url}?page=50"))

    def run(self) -> list[Measurement]:
        self.prepare()
        self.log(HEADER)
        try:
            self.dashboard()
            self.list_pages()
            self.detail_pages()
            self.pickers()
            self.forms()
            self.report()
            self.proofreader()
            self.import_export()
            self.operation_log()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return self.results


PROOFREAD_CHARACTERS = 10_000
HEADER = f"{'operation':<58} {'runs':>4} {'median ms':>10} {'p95 ms':>10} {'queries':>7} {'peak MB':>8}  note"


def format_row(m: Measurement) -> str:
    def ms(value):
        return f"{value * 1000:10.1f}" if value is not None else f"{'—':>10}"

    queries = f"{m.queries:>7}" if m.queries is not None else f"{'—':>7}"
    peak = f"{m.peak_bytes / 1048576:8.1f}" if m.peak_bytes is not None else f"{'—':>8}"
    return f"{m.operation:<58} {len(m.times):>4} {ms(m.median)} {ms(m.p95)} {queries} {peak}  {m.note}"


def format_table(results: list[Measurement]) -> str:
    return "\n".join([HEADER, *(format_row(m) for m in results)])


def bench_run(*, quick: bool, database_url: str | None = None, log: Callable[[str], None] = print) -> list[Measurement]:
    """Run the benchmark against `database_url`, or a temporary SQLite file made for the run and removed after."""
    config = BenchConfig.for_mode(quick=quick)
    tempdir = None
    if database_url is None:
        tempdir = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
        database_url = f"sqlite:///{tempdir / 'bench.sqlite3'}"
    use_database(database_url)
    started = time.perf_counter()
    try:
        results = Bench(config, database_url=database_url, log=log).run()
    finally:
        connections.close_all()
        if tempdir is not None:
            shutil.rmtree(tempdir, ignore_errors=True)
    log(f"total {time.perf_counter() - started:.0f} s")
    return results
