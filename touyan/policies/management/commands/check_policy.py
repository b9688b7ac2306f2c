from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from touyan.policies.loading import PolicyError, load_policy


class Command(BaseCommand):
    help = "检查一个政策文件（TOML）：有问题时逐条列出行号与原因，退出码 2；无误时退出码 0。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="政策文件（.toml）")

    def handle(self, *args, file, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取 {file}：{error}", returncode=2) from None
        try:
            policy = load_policy(text)
        except PolicyError as error:
            for problem in error.problems:
                self.stderr.write(f"{file}:{problem}")
            raise CommandError(f"{file}：{len(error.problems)} 处问题", returncode=2) from None
        self.stdout.write(
            f"{file}：有效 —— {policy.policy.name}（{policy.policy.slug}），{len(policy.rules)} 条规则"
        )
