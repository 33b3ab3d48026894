"""`manage.py restore DIR`: verify a backup's checksums and restore it into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from bureau.restore.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库和附件（目标数据库必须为空）。"

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="backup 命令生成的备份目录")

    def handle(self, *args, source: Path, **options):
        try:
            counts = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        records = sum(count for label, count in counts.items() if "#" not in label)
        self.stdout.write(f"已从 {source} 恢复 {records} 条记录，校验和与记录数均一致。")
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("该备份来自较早的版本：请运行 manage.py migrate 升级数据库结构。")
