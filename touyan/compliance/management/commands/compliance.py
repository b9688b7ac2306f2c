import datetime as dt
import json
import sys
import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from touyan.compliance.engine import evaluate
from touyan.compliance.selectors import MAX_ID, evaluation_for
from touyan.compliance.serialise import evaluation_data
from touyan.compliance.services import export_evaluation, take_snapshot
from touyan.compliance.verdicts import Pace, State
from touyan.core.actors import Actor
from touyan.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "检查一个培养项目的每条规则：每个工作室或培养人选、每个时段的结论（已达成、未到期、有风险、"
        "未达成）及其依据。--format json 输出到标准输出（或 --output 文件），--format xlsx 写入 --output。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="项目标识（slug）")
        parser.add_argument("--as-of", dest="as_of", help="截至日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", "-o", help="输出文件（xlsx 必填）")
        parser.add_argument(
            "--subject", type=int, action="append", help="只检查该工作室或培养人选（可重复）"
        )
        parser.add_argument(
            "--summary", action="store_true", help="JSON 只含每格的当前结论，不含各时段明细"
        )
        parser.add_argument("--as", dest="username", help="以该用户能看到的范围检查")
        parser.add_argument(
            "--save", action="store_true", help="同时把结论存档（保留所依据的政策版本）"
        )

    def handle(
        self, *args, programme, as_of, format, output, subject, summary, username, save, **options
    ):
        found = (
            Programme.objects.select_related("policy_version__policy")
            .filter(slug=programme)
            .first()
        )
        if found is None:
            known = "、".join(Programme.objects.values_list("slug", flat=True)) or "（无）"
            raise CommandError(f"没有标识为“{programme}”的项目。现有项目：{known}")
        day = _date(as_of) if as_of else timezone.localdate()
        if subject and any(not 0 < pk < MAX_ID for pk in subject):
            raise CommandError("--subject 应为工作室或培养人选的编号（正整数）")
        if format == "xlsx" and not output:
            raise CommandError("--format xlsx 须用 --output 指定文件")
        started = time.perf_counter()
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”")
            evaluation = evaluation_for(user, found, as_of=day, subject_ids=subject)
        else:
            evaluation = evaluate(found, as_of=day, subject_ids=subject)
        seconds = time.perf_counter() - started
        try:
            if format == "xlsx":
                with open(output, "wb") as stream:
                    export_evaluation(
                        actor=Actor.command_line(user),
                        programme=found,
                        evaluation=evaluation,
                        stream=stream,
                    )
            else:
                text = json.dumps(
                    evaluation_data(evaluation, programme=found, detail=not summary),
                    ensure_ascii=False,
                    indent=1,
                )
                if output:
                    with open(output, "w", encoding="utf-8") as stream:
                        stream.write(text)
                else:
                    self.stdout.write(text)
        except OSError as error:
            raise CommandError(f"无法写入“{output}”：{error.strerror or error}") from None
        totals = evaluation.counts()
        paces = Counter(c.pace for c in evaluation.cells.values() if c.state is State.AT_RISK)
        sys.stderr.write(
            f"{found.name}：{len(evaluation.subjects)} 个检查对象 × {len(evaluation.rules)} 条规则，"
            f"已达成 {totals['met']}、有风险 {totals['at_risk']}"
            f"（进度正常 {paces[Pace.ON_TRACK]}、进度落后 {paces[Pace.BEHIND]}、"
            f"已无法达成 {paces[Pace.CANNOT_BE_MET]}）、未达成 {totals['missed']}、"
            f"未到期 {totals['not_due']}（{evaluation.queries} 次查询，{seconds:.2f} 秒）\n"
        )
        if save:
            snapshot = take_snapshot(
                actor=Actor.command_line(user),
                programme=found,
                as_of=day,
                label="命令行存档",
            )
            sys.stderr.write(
                f"已存档（编号 {snapshot.pk}，政策第 {evaluation.policy_version_number} 版）\n"
            )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD，如 2026-11-21") from None
