"""`manage.py bench`: the benchmark (the work is in bureau.devtools.bench; this only parses options)."""

from django.core.management.base import BaseCommand

from bureau.devtools import bench


class Command(BaseCommand):
    help = (
        "性能基准：在合成数据的临时数据库（默认临时 SQLite 文件：建库、迁移、生成合成数据）或 --database-url 指定的"
        "数据库上，测量首页、各列表页、详情页、表单、报告、导入导出，输出中位数、95分位、SQL 查询数和内存峰值。"
        "--quick 用较小数据（约2分钟内）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="小数据、少重复，约2分钟内完成（提交前运行）")
        parser.add_argument(
            "--database-url",
            help="使用这个数据库（如 postgres://postgres@127.0.0.1:5432/ledger_bench）；为空时先迁移并生成合成数据",
        )

    def handle(self, *args, quick: bool = False, database_url: str | None = None, **options):
        bench.bench_run(quick=quick, database_url=database_url, log=self.stdout.write)
