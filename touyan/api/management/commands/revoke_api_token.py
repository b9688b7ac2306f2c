from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from touyan.api.services import revoke_api_token
from touyan.core.actors import Actor


class Command(BaseCommand):
    help = "按前缀吊销一个接口令牌（例如 ty_AbCd1234）；吊销后立即失效。"

    def add_arguments(self, parser):
        parser.add_argument("prefix", help="令牌前缀，见 touyan list-api-tokens")

    def handle(self, *args, prefix, **options):
        try:
            token = revoke_api_token(actor=Actor.command_line(), prefix=prefix)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stdout.write(f"已吊销 {token.prefix}…（{token.user.get_username()}，{token.name}）")
