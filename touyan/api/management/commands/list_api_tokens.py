from django.core.management.base import BaseCommand
from django.utils import timezone

from touyan.api.models import ApiToken


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


class Command(BaseCommand):
    help = "列出接口令牌（前缀、用户、用途、创建与最近使用时间、是否已吊销）；不显示令牌本身。"

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="只列出这个用户的令牌")

    def handle(self, *args, username=None, **options):
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            state = f"已吊销 {_when(token.revoked_at)}" if token.revoked_at else "有效"
            self.stdout.write(
                f"{token.prefix}\t{token.user.get_username()}\t{token.name}\t"
                f"创建 {_when(token.created_at)}\t最近使用 {_when(token.last_used_at)}\t{state}"
            )
