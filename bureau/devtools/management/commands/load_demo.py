"""`manage.py load_demo`: the 2023 demo ledger and the demo users."""

from django.core.management.base import BaseCommand

from bureau.devtools import demo
from bureau.models import Enterprise


class Command(BaseCommand):
    help = "载入演示数据：2023年度台账（取自种子文档）和 admin / staff / leader 三个演示用户。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="台账已有数据时只创建缺少的用户，不再载入记录")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Enterprise.objects.exists():
            self.stdout.write("台账已有数据，跳过演示台账。")
        else:
            counts = demo.demo_ledger_load()
            self.stdout.write(self.style.SUCCESS(f"已载入演示台账：{counts} 条记录。"))
        password = demo.demo_users_create()
        if password:
            self.stdout.write(
                self.style.WARNING(
                    f"已创建演示用户 admin / staff / leader，密码：{password}"
                    "（只显示这一次；可用 LEDGER_DEMO_PASSWORD 指定）"
                )
            )
