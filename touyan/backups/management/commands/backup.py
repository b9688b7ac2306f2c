from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from touyan.backups.backup import make_backup

from ._passphrase import add_passphrase_argument, read_passphrase


class Command(BaseCommand):
    help = (
        "把整个数据库（与数据库种类无关的格式）和全部上传文件写进一个备份归档，附清单（版本、"
        "迁移、校验和、个人信息密钥的校验值）。个人信息在归档中仍是密文；可再用口令加密整个"
        "归档。在一个只读事务里读取，系统不必停机。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="归档文件（不得已存在）")
        add_passphrase_argument(parser)
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, output, passphrase_file, database, **options):
        output = Path(output)
        if output.exists():
            raise CommandError(f"{output} 已存在：请另给一个文件名")
        if not output.parent.is_dir():
            raise CommandError(f"目录 {output.parent} 不存在")
        summary = make_backup(
            output=output, passphrase=read_passphrase(passphrase_file), database=database
        )
        self.stdout.write(
            f"已备份 {summary.tables} 张表共 {summary.rows} 行、{summary.files} 个上传文件到 "
            f"{output}（{summary.size / 1e6:.1f} MB，{summary.seconds:.1f} 秒）。"
        )
