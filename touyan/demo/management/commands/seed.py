import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from touyan.demo.national import BATCH_SIZE, DEFAULT_PRINCIPALS, BatchResult, seed_national


class Command(BaseCommand):
    help = (
        "生成基准测试用的数据。--scale national：在31个省级行政区下生成虚构的市、县，"
        "并按名册导入的方式写入（默认10万名）校长；--scale demo：等同于 touyan demo。可重复执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=["national", "demo"], default="national", help="数据规模"
        )
        parser.add_argument(
            "--principals",
            type=int,
            default=DEFAULT_PRINCIPALS,
            help="校长人数（仅 national，默认 100000）",
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="每批写入的行数（默认 20000）"
        )

    def handle(self, *args, scale, principals, batch_size, **options):
        if scale == "demo":
            call_command("demo", stdout=self.stdout, verbosity=options["verbosity"])
            return
        if principals < 1 or batch_size < 1:
            raise CommandError("--principals 与 --batch-size 须为正整数")
        started = time.perf_counter()

        quiet = options["verbosity"] == 0

        def report(batch: BatchResult) -> None:
            if quiet:
                return
            self.stdout.write(
                f"第{batch.number}批：{batch.rows} 行，新增校长 {batch.principals_created}，"
                f"新学校 {batch.schools_created}（{batch.seconds:.1f} 秒）"
            )

        result = seed_national(principals=principals, batch_size=batch_size, progress=report)
        elapsed = time.perf_counter() - started
        if quiet:
            return
        self.stdout.write(
            f"完成：虚构县 {result.counties} 个（本次新增区划 {result.regions_created} 条），"
            f"校长 {result.rows} 人（本次新增 {result.principals_created}），"
            f"本次新学校 {result.schools_created} 所；用时 {elapsed:.1f} 秒。"
        )
