"""`manage.py export_ledger --year 2023 --output ledger.xlsx`: a year's whole ledger as one workbook."""

from django.core.management.base import BaseCommand, CommandError

from bureau.importexport import services


class Command(BaseCommand):
    help = "导出某年度的整本台账：每种记录一个工作表，附带所需的基础数据（单位、计划类别等）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2023")
        parser.add_argument("--output", required=True, help="输出文件，如 ledger.xlsx")

    def handle(self, *args, year: int, output: str, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("年度应在2000至2100之间。")
        counts = services.export_ledger(year=year, output=output)
        for title, count in counts.items():
            self.stdout.write(f"{title}：{count} 条")
        self.stdout.write(self.style.SUCCESS(f"已导出 {year} 年度台账到 {output}，共 {sum(counts.values())} 条记录。"))
