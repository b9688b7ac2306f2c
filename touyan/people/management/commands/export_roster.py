from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from touyan.accounts.scopes import UNLIMITED, scope_of
from touyan.people.models import Principal
from touyan.people.roster.exporting import write_roster
from touyan.people.selectors import principals_visible_to, search_principals


class Command(BaseCommand):
    help = "把校长名册导出为 .xlsx（与导入相同的列，可再次导入）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="输出文件（.xlsx）")
        parser.add_argument("--region", default="", help="只导出该区划代码之内的学校，如 330106")
        parser.add_argument("--as", dest="username", help="以该用户的管辖范围导出（身份证号按其权限掩码）")

    def handle(self, *args, output, region, username, **options):
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”")
            principals, scope = principals_visible_to(user), scope_of(user)
        else:
            principals, scope = Principal.objects.all(), UNLIMITED
        if region:
            principals = search_principals(principals, region_code=region)
        with open(output, "wb") as stream:
            count = write_roster(principals, scope=scope, stream=stream)
        self.stdout.write(f"已导出 {count} 行到 {output}")
