from pathlib import Path

from django.core.management.base import CommandError


def add_passphrase_argument(parser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        help="口令文件（第一行是口令）：有它则归档用口令加密（AES-256-GCM，scrypt 派生密钥）",
    )


def read_passphrase(path: Path | None) -> str | None:
    if path is None:
        return None
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CommandError(f"无法读取口令文件 {path}：{exc}") from exc
    if not lines or not lines[0].strip():
        raise CommandError(f"口令文件 {path} 的第一行是空的")
    return lines[0]
