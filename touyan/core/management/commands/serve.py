"""`touyan serve`: the app under gunicorn, as production runs it (`make demo` too).

Workers: 2 × the CPUs this process may use + 1, at most `MAX_WORKERS` (each worker holds the
whole app in memory and its own database connection). Signals to the master process: HUP
starts fresh workers and lets the old ones finish their requests (a changed environment file
is read by a restart, not by HUP); USR2 starts a new master beside the old one (new code),
after which QUIT to the old master ends it once its requests are answered; TERM stops
gracefully (`--graceful-timeout`), INT at once.

The access log gives the method, the path without its query string (searches carry names and
ID numbers), the status, the size and the duration — no cookies, no referrer, no user agent —
and the personal-number mask of `touyan.core.logging` applies to both logs.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from touyan.core.logging import MaskPersonalData

MAX_WORKERS = 12
# The request id (``core/request_ids.py``) ties a line to the application's log lines.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'


def default_workers() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cpus or 1) + 1, MAX_WORKERS)


class MaskedLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, MaskPersonalData) for f in log.filters):
                log.addFilter(MaskPersonalData())


class Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return get_wsgi_application()


class Command(BaseCommand):
    help = "以生产方式运行头雁（gunicorn，多个工作进程，静态文件由应用自身提供）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="HOST:PORT（默认 127.0.0.1:8000）"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"工作进程数（默认：CPU 数 × 2 + 1，至多 {MAX_WORKERS}）",
        )
        parser.add_argument("--threads", type=int, default=1, help="每个工作进程的线程数（默认 1）")
        parser.add_argument(
            "--timeout",
            type=int,
            default=120,
            help="一个请求最长处理秒数，超时重启该进程（默认 120）",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=30,
            help="停止或重启时等待进行中请求的秒数（默认 30）",
        )
        parser.add_argument(
            "--access-log", default="-", help="访问日志文件（默认 - 即标准输出；空字符串为不记录）"
        )
        parser.add_argument("--reload", action="store_true", help="代码改动时重启（仅供开发）")

    def handle(self, *args, **options):
        workers = options["workers"] or default_workers()
        if workers < 1 or options["threads"] < 1:
            raise CommandError("--workers 与 --threads 须为正整数。")
        # Workers open their own connections after the fork; none is shared with the master.
        connections.close_all()
        Server(
            {
                "bind": options["bind"],
                "workers": workers,
                "threads": options["threads"],
                "timeout": options["timeout"],
                "graceful_timeout": options["graceful_timeout"],
                # Bound the memory a long-lived worker may gather; staggered so all do not
                # restart together.
                "max_requests": 2000,
                "max_requests_jitter": 200,
                "reload": options["reload"],
                "accesslog": options["access_log"] or None,
                "access_log_format": ACCESS_LOG_FORMAT,
                "errorlog": "-",
                "logger_class": MaskedLogger,
                "proc_name": "touyan",
                # Signals steer the master; no control socket in the user's home folder.
                "control_socket_disable": True,
            }
        ).run()
