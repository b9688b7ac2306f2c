import datetime as dt

from django.core.management.base import BaseCommand

from touyan.core import retention
from touyan.core.imports.pipeline import purge_abandoned


class Command(BaseCommand):
    help = "放弃超过指定小时数仍未确认的各类导入上传并删除其文件（文件含身份证号或人员姓名），再删除无记录对应的遗留文件。宜每日定时执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=float, help="未确认多少小时后放弃（默认按保存期限设置，24 小时）"
        )

    def handle(self, *args, hours, **options):
        older_than = retention.kept_for("uploads") if hours is None else dt.timedelta(hours=hours)
        purged = purge_abandoned(older_than=older_than)
        for kind, count in purged["discarded"].items():
            self.stdout.write(f"{kind}：已放弃 {count} 个未确认的上传。")
        self.stdout.write(f"已删除 {purged['orphans']} 个无记录对应的文件。")
