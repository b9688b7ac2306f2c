import datetime as dt
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from touyan.demo.national import BATCH_SIZE, DEFAULT_PRINCIPALS, BatchResult, seed_national
from touyan.demo.national_people import NotEnoughPrincipals
from touyan.demo.national_programmes import Batch, Scale, seed_national_programmes

DEFAULTS = Scale()
LABELS = {
    "studios": "工作室",
    "members": "成员",
    "cohorts": "培训班",
    "trainees": "培养人选",
    "activities": "活动",
    "attendance": "考勤",
    "deliverables": "成果",
    "projects": "课题",
}


class Command(BaseCommand):
    help = (
        "生成基准测试用的数据。--scale national：在31个省级行政区下生成虚构的市、县，"
        "并按名册导入的方式写入（默认10万名）校长；加 --programmes 再在这份名册上生成两个"
        "全国基准项目：national-studios（5000个工作室，截至 --as-of 的约60万项活动、约700万条"
        "考勤，以及计划、汇报和课题）和 national-training（30个城市各三期、每期50名培养人选，"
        "全部270学时的课程安排及已开课程的考勤、成果和课题）；--scale demo：等同于 touyan demo。"
        "可重复执行：已有的校长不重复写入，已存在的基准项目跳过。"
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
        programmes = parser.add_argument_group("基准项目（--programmes）")
        programmes.add_argument(
            "--programmes",
            action="store_true",
            help="在全国名册之上生成工作室项目和培训项目（批量写入；每个项目一条导入审计记录）",
        )
        programmes.add_argument(
            "--studios", type=int, default=DEFAULTS.studios, help="工作室个数（默认 5000）"
        )
        programmes.add_argument(
            "--cities", type=int, default=DEFAULTS.cities, help="开设培训班的城市数（默认 30）"
        )
        programmes.add_argument(
            "--cohorts-per-city",
            type=int,
            default=DEFAULTS.cohorts_per_city,
            help="每个城市的期数（默认 3）",
        )
        programmes.add_argument(
            "--cohort-size",
            type=int,
            default=DEFAULTS.cohort_size,
            help="每期培养人选人数（默认 50）",
        )
        programmes.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=DEFAULTS.as_of,
            help="数据截至日期（默认 2026-11-21；周期从此前14个月的9月1日算起）",
        )
        programmes.add_argument(
            "--studio-batch",
            type=int,
            default=DEFAULTS.studio_batch,
            help="每批写入的工作室个数（默认 250）",
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
        if not quiet:
            self.stdout.write(
                f"完成：虚构县 {result.counties} 个（本次新增区划 {result.regions_created} 条），"
                f"校长 {result.rows} 人（本次新增 {result.principals_created}），"
                f"本次新学校 {result.schools_created} 所；用时 {elapsed:.1f} 秒。"
            )
        if options["programmes"]:
            self._programmes(options, quiet)

    def _programmes(self, options, quiet: bool) -> None:
        numbers = ("studios", "cities", "cohorts_per_city", "cohort_size", "studio_batch")
        if any(options[name] < 0 for name in numbers) or options["studio_batch"] < 1:
            raise CommandError("基准项目的规模参数须为非负整数，每批工作室数须为正整数")
        scale = Scale(
            studios=options["studios"],
            cities=options["cities"],
            cohorts_per_city=options["cohorts_per_city"],
            cohort_size=options["cohort_size"],
            as_of=options["as_of"],
            studio_batch=options["studio_batch"],
        )

        def report(batch: Batch) -> None:
            if not quiet:
                self.stdout.write(
                    f"{batch.slug} 第{batch.number}/{batch.batches}批：对象 {batch.subjects} 个，"
                    f"活动 {batch.activities} 项，考勤 {batch.attendance} 条，"
                    f"成果 {batch.deliverables} 份（{batch.seconds:.1f} 秒）"
                )

        try:
            results = seed_national_programmes(scale=scale, progress=report)
        except NotEnoughPrincipals as error:
            raise CommandError(str(error)) from error
        if quiet:
            return
        for result in results:
            if not result.created:
                self.stdout.write(f"{result.slug}：项目已存在，跳过（未写入任何数据）。")
                continue
            counts = "，".join(f"{LABELS[name]} {value}" for name, value in result.counts.items())
            self.stdout.write(f"{result.slug}：已生成 {counts}；用时 {result.seconds:.1f} 秒。")
