from django.core.management.base import BaseCommand, CommandError

from touyan.core import key_rotation
from touyan.core.actors import Actor


class Command(BaseCommand):
    help = (
        "把所有加密存储的个人信息（身份证号、手机号等）改用 PERSONAL_DATA_KEYS 中的第一个（最新）"
        "密钥重新加密，并重算身份证号的查询摘要。分批进行，中断后重新运行即可继续；"
        "已在新密钥下的数据直接跳过。--check 只统计仍在旧密钥下的数据，不作修改。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="每批处理的记录数（默认 1000）"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="只检查：报告仍在旧密钥下的数据数量；有剩余时以非零状态退出",
        )

    def handle(self, *args, batch_size, check, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 须为正整数。")
        if check:
            report = key_rotation.check(batch_size=batch_size)
        else:
            try:
                report = key_rotation.rotate(
                    actor=Actor.command_line(), batch_size=batch_size, progress=self._progress
                )
            except key_rotation.DuplicatePerson as exc:
                raise CommandError(str(exc)) from exc
        self._summary(report, check=check)

    def _progress(self, label: str, done: int, total: int) -> None:
        self.stdout.write(f"{label}：{done}/{total} 条记录")

    def _summary(self, report: key_rotation.Report, *, check: bool) -> None:
        for label, count in report.fields.items():
            self.stdout.write(
                f"{label}：加密值 {count.values} 个，"
                f"{'仍在旧密钥下' if check else '已重新加密'} {count.stale} 个，"
                f"{'摘要待重算' if check else '摘要已重算'} {count.stale_digests} 个，"
                f"无法解密 {count.unreadable} 个"
            )
        total = report.total
        if total.unreadable:
            raise CommandError(
                f"有 {total.unreadable} 个值任何已配置的密钥都无法解密：请把加密它们的密钥加回 "
                "PERSONAL_DATA_KEYS（放在最新密钥之后）再运行。"
            )
        if check and total.left:
            self.stdout.write(
                f"仍有 {total.stale} 个值在旧密钥下、{total.stale_digests} 个摘要待重算："
                "请运行 touyan rotate-personal-data-key，暂不要移除旧密钥。"
            )
            raise SystemExit(1)
        if check:
            self.stdout.write(self.style.SUCCESS("全部数据已在最新密钥下，可以移除旧密钥。"))
        else:
            self.stdout.write(self.style.SUCCESS("轮换完成。请用 --check 确认后再移除旧密钥。"))
