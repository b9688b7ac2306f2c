from django.core.management.base import BaseCommand

from touyan.certificates import keys


class Command(BaseCommand):
    help = (
        "证书签名密钥：不带参数时显示当前密钥（没有则创建）及全部已公布的公钥；"
        "--rotate 生成新密钥，此后的数字证书用新密钥签名，旧公钥继续公布以供验证。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="生成新的签名密钥")

    def handle(self, *args, rotate, **options):
        current = keys.rotate() if rotate else keys.current_key()
        self.stdout.write(f"密钥目录：{keys.folder()}")
        self.stdout.write(f"当前密钥：{current.kid}\n指纹（SHA-256）：{current.fingerprint}")
        for entry in keys.public_keys():
            state = f"已停用 {entry['retired']}" if entry.get("retired") else "当前"
            self.stdout.write(f"  {entry['kid']}  {state}")
