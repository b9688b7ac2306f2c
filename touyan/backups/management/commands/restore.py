from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from touyan.backups.restore import RestoreRefused, restore

from ._passphrase import add_passphrase_argument, read_passphrase


class Command(BaseCommand):
    help = (
        "把 touyan backup 生成的归档恢复到一个空数据库（SQLite 或 PostgreSQL）和上传文件存储："
        "先迁移到归档的状态，载入全部数据，再迁移到当前版本。归档损坏、来自更新的版本、密钥"
        "不符或数据库不空时拒绝，并且什么都不写。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份归档文件")
        add_passphrase_argument(parser)
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, archive, passphrase_file, database, **options):
        archive = Path(archive)
        if not archive.is_file():
            raise CommandError(f"找不到文件：{archive}")
        try:
            summary = restore(
                path=archive, passphrase=read_passphrase(passphrase_file), database=database
            )
        except RestoreRefused as exc:
            raise CommandError(f"未恢复：{exc}") from exc
        phases = "，".join(f"{name} {seconds:.1f} 秒" for name, seconds in summary.phases.items())
        self.stdout.write(
            f"已恢复 {summary.tables} 张表共 {summary.rows} 行、{summary.files} 个上传文件"
            f"（{summary.seconds:.1f} 秒：{phases}）。"
        )
