import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from touyan.core.actors import Actor
from touyan.core.spreadsheets import SpreadsheetRefused
from touyan.programmes.models import Programme
from touyan.records.importing.plan import REJECTED, UPDATE
from touyan.records.importing.planning import plan_import
from touyan.records.importing.writing import RecordsRejected, apply_plan

STATUS_LABELS = {"create": "新增", "update": "更新", "unchanged": "无变化", "rejected": "未通过"}
SHEET_LABELS = {"activities": "活动", "attendance": "考勤", "deliverables": "成果"}


class Command(BaseCommand):
    help = (
        "预检并（加 --commit 时）把 .xlsx 工作簿中的活动、考勤和成果导入一个项目。"
        "有未通过的行时以退出码 1 结束；默认“全部或不导入”，加 --skip-invalid 则跳过未通过的行、"
        "导入其余各行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="工作簿（.xlsx），含“活动”“考勤”“成果”工作表")
        parser.add_argument("--programme", required=True, help="项目标识（slug）")
        parser.add_argument("--commit", action="store_true", help="写入数据（默认只预检）")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="跳过未通过的行，导入其余各行"
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="以该用户的身份和权限导入（默认：可为所有工作室和培训班记录）",
        )
        parser.add_argument(
            "--all-rows",
            action="store_true",
            help="报告中列出每一行（默认只列出未通过和将更新的行）",
        )

    def handle(self, *args, file, programme, commit, skip_invalid, username, all_rows, **options):
        target = Programme.objects.select_related("policy_version").filter(slug=programme).first()
        if target is None:
            raise CommandError(f"没有标识为“{programme}”的项目")
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”")
            if not user.has_perm("records.import_records", target):
                raise CommandError(f"用户“{username}”无权为项目“{target.name}”记录活动或成果")
        try:
            with open(file, "rb") as handle, transaction.atomic():
                if commit:
                    # Imports into one programme wait for each other, as in the web flow.
                    Programme.objects.select_for_update().filter(pk=target.pk).first()
                plan = plan_import(handle, programme=target, user=user)
                self._report(plan, all_rows=all_rows)
                result = None
                if commit:
                    result = apply_plan(
                        plan, actor=Actor.command_line(user), skip_invalid=skip_invalid
                    )
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{file}") from exc
        except OSError as exc:
            raise CommandError(f"无法打开文件：{file}（{exc.strerror or exc}）") from exc
        except SpreadsheetRefused as exc:
            raise CommandError(str(exc)) from exc
        except RecordsRejected as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        if result is not None:
            self.stdout.write(
                "已导入：新增活动 {activities_created}，更新活动 {activities_updated}；"
                "新增考勤 {attendance_created}，更新考勤 {attendance_updated}；"
                "新增成果 {deliverables_created}，更新成果 {deliverables_updated}；"
                "跳过 {rows_rejected} 行。".format(**result)
            )
        else:
            self.stdout.write("这是预检，没有写入任何数据；确认无误后加 --commit 导入。")
        if plan.rejected:
            sys.exit(1)

    def _report(self, plan, *, all_rows: bool) -> None:
        for outcome in plan.outcomes:
            if not (all_rows or outcome.status in (REJECTED, UPDATE)):
                continue
            where = f"［{SHEET_LABELS[outcome.sheet]}］第 {outcome.row} 行："
            about = " · ".join(part for part in (outcome.label, outcome.detail) if part)
            detail = "；".join(outcome.messages)
            if outcome.status == REJECTED:
                self.stdout.write(f"{where}{detail}（{about}）")
            else:
                status = STATUS_LABELS[outcome.status]
                self.stdout.write(f"{where}{status} {about}" + (f"：{detail}" if detail else ""))
        for kind, counts in plan.counts_by_sheet.items():
            self.stdout.write(
                f"{SHEET_LABELS[kind]}（工作表“{plan.sheets[kind]}”）：新增 {counts['create']}，"
                f"更新 {counts['update']}，无变化 {counts['unchanged']}，"
                f"未通过 {counts['rejected']}。"
            )
