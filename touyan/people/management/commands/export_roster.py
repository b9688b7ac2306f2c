from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from touyan.core import personal_data
from touyan.core.actors import Actor
from touyan.people.models import Principal
from touyan.people.roster.exporting import export_roster
from touyan.people.selectors import principals_visible_to, search_principals


class Command(BaseCommand):
    help = "把校长名册导出为 .xlsx（与导入相同的列，可再次导入）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="输出文件（.xlsx）")
        parser.add_argument("--region", default="", help="只导出该区划代码之内的学校，如 330106")
        parser.add_argument("--as", dest="username", help="以该用户的管辖范围与权限导出")
        parser.add_argument(
            "--full-numbers",
            action="store_true",
            help="写入完整身份证号与手机号（仅限有权查看者；记入操作日志）；默认掩码",
        )

    def handle(self, *args, output, region, username, full_numbers, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”")
            principals = principals_visible_to(user)
        else:
            principals = Principal.objects.all()
        if region:
            principals = search_principals(principals, region_code=region)
        disclosure = personal_data.for_export(viewer=user, full=full_numbers)
        with open(output, "wb") as stream:
            count = export_roster(
                actor=Actor.command_line(user),
                principals=principals,
                disclosure=disclosure,
                stream=stream,
            )
        self.stdout.write(f"已导出 {count} 行到 {output}")
