import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from touyan.accounts.scopes import UNLIMITED, scope_of
from touyan.core.actors import Actor
from touyan.core.spreadsheets import SpreadsheetRefused
from touyan.people.roster.importer import REJECTED, RosterRejected, apply_plan, plan_import

STATUS_LABELS = {"create": "新增", "update": "更新", "unchanged": "无变化", "rejected": "未通过"}


class Command(BaseCommand):
    help = (
        "预检并（加 --commit 时）导入 .xlsx 校长名册。有未通过的行时以退出码 1 结束；"
        "默认“全部或不导入”，加 --skip-invalid 则跳过未通过的行、导入其余各行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="名册文件（.xlsx）")
        parser.add_argument("--commit", action="store_true", help="写入数据（默认只预检）")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="跳过未通过的行，导入其余各行"
        )
        parser.add_argument(
            "--as", dest="username", help="以该用户的身份和管辖范围导入（默认：不限范围）"
        )
        parser.add_argument(
            "--all-rows",
            action="store_true",
            help="报告中列出每一行（默认只列出未通过和将更新的行）",
        )

    def handle(self, *args, file, commit, skip_invalid, username, all_rows, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”")
        scope = scope_of(user) if user else UNLIMITED
        try:
            with open(file, "rb") as handle:
                plan = plan_import(handle, scope=scope)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{file}") from exc
        except SpreadsheetRefused as exc:
            raise CommandError(str(exc)) from exc

        for outcome in plan.outcomes:
            if all_rows or outcome.status in (REJECTED, "update"):
                detail = "；".join(outcome.messages)
                self.stdout.write(
                    f"第{outcome.row}行\t{STATUS_LABELS[outcome.status]}\t{outcome.name}\t{outcome.id_masked}\t{detail}"
                )
        counts = plan.counts
        self.stdout.write(
            f"合计：新增 {counts['create']}，更新 {counts['update']}，无变化 {counts['unchanged']}，"
            f"未通过 {counts['rejected']}；新学校 {len(plan.new_schools)} 所。"
        )
        if commit:
            try:
                result = apply_plan(
                    plan, actor=Actor.command_line(user), skip_invalid=skip_invalid, note=str(file)
                )
            except RosterRejected as exc:
                self.stderr.write(str(exc))
                sys.exit(1)
            self.stdout.write(
                "已导入：新增校长 {principals_created}，更新 {principals_updated}，"
                "新增学校 {schools_created}，更新学校 {schools_updated}，跳过 {rows_rejected} 行。".format(
                    **result
                )
            )
        else:
            self.stdout.write("这是预检，没有写入任何数据；确认无误后加 --commit 导入。")
        if plan.rejected:
            sys.exit(1)
