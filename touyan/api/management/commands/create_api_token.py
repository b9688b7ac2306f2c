from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from touyan.accounts.models import User
from touyan.api.services import create_api_token
from touyan.core.actors import Actor


class Command(BaseCommand):
    help = "为一个用户创建接口令牌，令牌只显示这一次；令牌的权限与该用户完全相同。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="令牌所属的用户名")
        parser.add_argument("name", help="用途，例如对接的平台名称")
        parser.add_argument(
            "--personal-data",
            action="store_true",
            help="个人信息权限：接口按用户权限返回完整身份证号与手机号（每次记入操作日志）；默认掩码",
        )

    def handle(self, *args, username, name, personal_data, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username}")
        try:
            token, key = create_api_token(
                actor=Actor.command_line(), user=user, name=name, personal_data=personal_data
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stderr.write(
            f"已为 {username} 创建令牌 {token.prefix}…（{token.name}）。"
            "下面的令牌只显示这一次，请立即妥善保存："
        )
        self.stdout.write(key)
