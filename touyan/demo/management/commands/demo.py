import time

from django.core.management.base import BaseCommand

from touyan.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from touyan.demo.build import build_demo


class Command(BaseCommand):
    help = "创建演示数据：海南省约150所中学、杭州市约300所中小学和幼儿园及其校长，以及演示账号。可重复执行。"

    def handle(self, *args, **options):
        started = time.perf_counter()
        summary = build_demo()
        elapsed = time.perf_counter() - started
        if options["verbosity"] == 0:
            return
        for label, written in (("海南省", summary.hainan), ("杭州市", summary.hangzhou)):
            self.stdout.write(
                f"{label}：学校 {written.schools} 所（本次新建 {written.schools_created}），"
                f"校长与书记 {written.principals} 人（本次新建 {written.principals_created}）"
            )
        self.stdout.write(
            f"演示账号 {summary.accounts.accounts} 个（本次新建 {summary.accounts.created}），"
            f"密码均为 {DEMO_PASSWORD}："
        )
        width = max(len(account.username) for account in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.username:<{width}}  {account.role_label} · {account.scope}"
            )
        self.stdout.write(f"用时 {elapsed:.1f} 秒。")
