"""`manage.py prune_history --before YYYY-MM-DD | --older-than-days N [--dry-run]`: delete old log rows on request."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bureau.system.retention import MINIMUM_DAYS, RetentionError, history_prune


class Command(BaseCommand):
    help = (
        f"删除指定日期以前的修改历史（操作日志），每条记录保留其创建记录和最新一条；"
        f"日志至少保留六个月，早于今天 {MINIMUM_DAYS} 天以内的日期会被拒绝。--dry-run 只显示将删除的条数。"
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--before", help="删除此日期（YYYY-MM-DD）以前的历史")
        when.add_argument("--older-than-days", type=int, help=f"删除早于这么多天的历史（至少 {MINIMUM_DAYS}）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, before=None, older_than_days=None, dry_run=False, **options):
        if before:
            try:
                cutoff = datetime.date.fromisoformat(before)
            except ValueError as error:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{before}") from error
        else:
            cutoff = timezone.localdate() - datetime.timedelta(days=older_than_days)
        try:
            counts = history_prune(before=cutoff, dry_run=dry_run)
        except RetentionError as error:
            raise CommandError(str(error)) from error
        verb = "将删除" if dry_run else "已删除"
        for count in counts:
            if count.rows:
                self.stdout.write(f"{count.name}：{verb} {count.rows} 条")
        total = sum(count.rows for count in counts)
        done = f"{cutoff:%Y年%m月%d日}以前的历史：共{verb} {total} 条" + (
            "（未删除，去掉 --dry-run 执行）" if dry_run else ""
        )
        self.stdout.write(self.style.SUCCESS(done))
