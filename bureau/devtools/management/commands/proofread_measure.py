"""Development tool: recall and precision of the proofreader on the seed and on the generated report with errors."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from bureau.devtools import demo
from bureau.devtools import proofread_measure as measure
from bureau.models import Report
from bureau.report.document import compose, plain_text


class Command(BaseCommand):
    help = "测量校对的召回率和准确率：--seed 种子文稿（DOMAIN.md 的替换表为准），并在生成的报告中注入同样的错误"

    def add_arguments(self, parser):
        parser.add_argument("--seed", help="种子文稿 .txt（../shared/seed/000_….txt）")
        parser.add_argument("--year", type=int, default=2023)
        parser.add_argument("--verbose-findings", action="store_true", help="列出漏报和误报")

    def handle(self, *args, seed, year, verbose_findings, **options):
        # The demo ledger gives the names and the correct text; everything is rolled back.
        with transaction.atomic():
            demo.demo_ledger_load()
            if seed:
                raw = Path(seed).read_text(encoding="utf-8")
                text, result = measure.measure_seed(raw, year=year)
                self.report("seed", text, result, verbose_findings)
            correct = plain_text(compose(Report(year=year)), appendix=False)
            text, result, before = measure.measure_injected(correct, year=year)
            self.stdout.write(f"generated {year} report before injection: {len(before)} findings")
            self.report(f"generated {year} report with the table injected", text, result, verbose_findings)
            transaction.set_rollback(True)

    def report(self, label: str, text: str, result: measure.Score, verbose: bool) -> None:
        self.stdout.write(
            f"{label}: {result.characters} characters, {result.truth} substitutions, found {result.found} "
            f"(recall {result.recall:.1%}); {result.findings} findings, {result.other_errors} other reviewed errors, "
            f"{len(result.false)} false (precision {result.precision:.1%}, "
            f"{result.false_per_1000:.2f} per 1,000 characters)"
        )
        if verbose:
            for start, end in result.missed:
                self.stdout.write(f"  missed: {text[max(0, start - 8) : end + 8]!r} ({text[start:end]})")
            for finding in result.false:
                context = text[max(0, finding.start - 8) : finding.end + 8]
                self.stdout.write(f"  false: {finding.key} {context!r} → {finding.suggestion}")
