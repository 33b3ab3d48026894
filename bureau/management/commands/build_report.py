"""Build a year's report draft as PDF, DOCX or HTML without the web."""

from pathlib import Path

from django.core.management.base import BaseCommand

from bureau.models import Report
from bureau.report.document import compose
from bureau.report.render import render_docx, render_html, render_pdf


class Command(BaseCommand):
    help = "生成某年度工作总结和计划（当前草稿）：--year 2023 --format pdf|docx|html --output 路径"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["pdf", "docx", "html"], default="pdf")
        parser.add_argument("--output", required=True)

    def handle(self, *args, year, format, output, **options):
        # An unsaved draft for a year nobody has opened yet: nothing is written to the database.
        report = Report.objects.filter(year=year).first() or Report(year=year)
        document = compose(report)
        if format == "pdf":
            data = render_pdf(document)
        elif format == "docx":
            data = render_docx(document)
        else:
            data = render_html(document).encode()
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}（{len(data)} 字节）")
