"""`manage.py import_ledger FILE [--dry-run]`: import a whole-ledger workbook, all sheets or none."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bureau.importexport import services


class Command(BaseCommand):
    help = "导入整本台账工作簿（按依赖顺序，全部成功或全部不写入）；--dry-run 只显示预览报告。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账工作簿（.xlsx），通常由 export_ledger 导出后修改")
        parser.add_argument("--dry-run", action="store_true", help="只检查并显示报告，不写入")
        parser.add_argument("--user", help="记入修改历史的用户名（默认不记用户）")

    def handle(self, *args, file: str, dry_run: bool = False, user: str | None = None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        history_user = None
        if user:
            history_user = get_user_model().objects.filter(username=user).first()
            if history_user is None:
                raise CommandError(f"找不到用户：{user}")
        report = services.import_ledger(path=path, user=history_user, commit=not dry_run, file_name=path.name)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("导入失败：文件中有错误，没有写入任何数据。")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"检查通过（未写入，用时 {report.seconds:.1f} 秒）。"))
        else:
            self.stdout.write(self.style.SUCCESS(f"导入完成（用时 {report.seconds:.1f} 秒）。"))
