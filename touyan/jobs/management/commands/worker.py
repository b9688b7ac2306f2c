from django.core.management.base import BaseCommand

from touyan.jobs.runner import heartbeat
from touyan.jobs.schedule import ensure_schedule


class Command(BaseCommand):
    help = "启动后台任务的工作进程（django-q2 集群）并写入定时计划（每日清理上传、每日合规存档、心跳）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers", type=int, help="工作进程数（默认取 QUEUE_WORKERS 或 CPU 数）"
        )

    def handle(self, *args, workers=None, **options):
        from django_q.conf import Conf

        if workers:
            Conf.WORKERS = workers
        ensure_schedule()
        heartbeat()
        from django_q.cluster import Cluster

        cluster = Cluster()
        cluster.start()
