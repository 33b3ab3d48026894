"""Proofread a .txt or .docx file: every finding with its line and column; exit status 1 when there is one."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bureau.proofread import proofread
from bureau.proofread.files import UnreadableDocument, document_text
from bureau.proofread.findings import CHECK_LABELS


class Command(BaseCommand):
    help = "校对 .txt 或 .docx 文件：FILE [--year 2023]；列出每处问题的行号和列号，有问题时退出码为 1"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, help="文稿所属年度（检查过时提法）")

    def handle(self, *args, file, year, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            text = document_text(path.name, path.read_bytes())
        except UnreadableDocument as error:
            raise CommandError(str(error)) from error
        findings = proofread(text, year=year)
        for finding in findings:
            advice = f"（建议：{finding.suggestion or '删除'}）" if finding.suggestion is not None else ""
            label = CHECK_LABELS[finding.check]
            self.stdout.write(f"{file}:{finding.line}:{finding.column}: [{label}] {finding.message}{advice}")
        if findings:
            self.stdout.write(f"共 {len(findings)} 处问题。")
            sys.exit(1)
        self.stdout.write("未发现问题。")
