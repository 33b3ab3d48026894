"""`manage.py backup --output DIR`: a consistent copy of the database and the attachments, with checksums."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bureau.restore.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库和附件到一个新目录（含校验和清单）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="备份目录（不存在或为空）")

    def handle(self, *args, output: Path, **options):
        try:
            manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        records = sum(count for label, count in manifest["counts"].items() if "#" not in label)
        self.stdout.write(f"已备份到 {output}：{len(manifest['files'])} 个文件，{records} 条记录。")
