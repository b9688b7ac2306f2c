from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.regions import codes
from touyan.regions.models import Region
from touyan.selection.models import Call
from touyan.selection.services.exports import export_district_summary


class Command(BaseCommand):
    help = "导出一个区县某次遴选的推荐人选汇总表（.xlsx），按区县推荐排序。"

    def add_arguments(self, parser):
        parser.add_argument("--call", type=int, required=True, help="遴选通知编号")
        parser.add_argument("--district", required=True, help="区县区划代码，如 330106")
        parser.add_argument(
            "--output", "-o", help="输出文件（默认 汇总表-<通知编号>-<区县代码>.xlsx）"
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="以该用户的身份导出（须为该区县或本次遴选的管理者）",
        )
        parser.add_argument(
            "--full-numbers",
            action="store_true",
            help="写入完整手机号（仅限有权查看者；记入操作日志）；默认掩码",
        )

    def handle(self, *args, call, district, output, username, full_numbers, **options):
        found = Call.objects.select_related("programme").filter(pk=call).first()
        if found is None:
            raise CommandError(f"没有编号为 {call} 的遴选通知")
        if not found.district_review:
            raise CommandError(f"遴选通知 {call}（{found.title}）没有区县审核环节，无汇总表")
        region = (
            Region.objects.filter(code=district, level=codes.COUNTY).first()
            if codes.is_valid_code(district)
            else None
        )
        if region is None:
            raise CommandError(f"没有区划代码为“{district}”的区县")
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”")
        output = output or f"汇总表-{found.pk}-{region.code}.xlsx"
        disclosure = personal_data.for_export(viewer=user, full=full_numbers)
        try:
            with open(output, "wb") as stream:
                count = export_district_summary(
                    actor=Actor.command_line(user),
                    call=found,
                    district=region,
                    disclosure=disclosure,
                    out=stream,
                )
        except PermissionDenied:
            Path(output).unlink(missing_ok=True)
            raise CommandError(f"用户“{username}”无权导出{region.name}的汇总表") from None
        except OSError as error:
            raise CommandError(f"无法写入“{output}”：{error.strerror or error}") from None
        self.stdout.write(f"已导出 {count} 人到 {output}")
