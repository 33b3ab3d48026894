"""`manage.py make_synthetic`: fill an empty database with a synthetic ledger (only parses options)."""

import time

from django.core.management.base import BaseCommand, CommandError

from bureau.devtools import synthetic


class Command(BaseCommand):
    help = (
        "生成合成台账（用于性能测试）：每年每类记录为演示台账数量的 --scale 倍，另加 --patents 件专利。"
        "同一 --seed 生成相同数据。使用批量插入，不产生修改历史记录（合成数据无需审计）。请在空数据库上运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="年度数（默认10）")
        parser.add_argument("--scale", type=int, default=10, help="每年数量为演示台账的倍数（默认10）")
        parser.add_argument("--patents", type=int, default=synthetic.DEFAULT_PATENTS, help="专利总数（默认200000）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认1）")
        parser.add_argument(
            "--last-year", type=int, default=synthetic.DEFAULT_LAST_YEAR, help="最后一个年度（默认2023）"
        )
        parser.add_argument("--batch-size", type=int, default=synthetic.BATCH_SIZE, help="每批插入行数")

    def handle(self, *args, years, scale, patents, seed, last_year, batch_size, **options):
        started = time.perf_counter()
        try:
            result = synthetic.synthetic_ledger_create(
                years=years, scale=scale, patents=patents, seed=seed, last_year=last_year, batch_size=batch_size
            )
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<40} {count:>10,}")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"已生成 {result.total:,} 行，用时 {elapsed:.1f} 秒。"))
