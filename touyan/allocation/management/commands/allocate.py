import gc
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from touyan.allocation.problem import ProblemError, parse_problem
from touyan.allocation.result import result_document
from touyan.allocation.solver import Allocation, SolverError, solve
from touyan.allocation.wording import explanations

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "把申请人分配到工作室：求目标函数的精确最优解，并逐人说明理由（输入输出均为 JSON）。"
    requires_system_checks: list[str] = []  # reads and writes files only; no database

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="问题文件（JSON）：studios、applicants、weights")
        parser.add_argument("--output", required=True, help="结果文件（JSON），仅在成功时写入")

    def handle(self, *args, input: str, output: str, **options):
        try:
            text = Path(input).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取输入文件 {input}：{error}", returncode=INVALID_INPUT) from None
        with _collection_paused():
            allocation = _allocate(text)
            document = result_document(allocation=allocation, explanations=explanations(allocation=allocation))
            result = json.dumps(document, ensure_ascii=False) + "\n"
        try:
            _write_atomically(Path(output), result)
        except OSError as error:
            raise CommandError(f"无法写入结果文件 {output}：{error}") from None
        placed = sum(studio is not None for studio in allocation.studio_of)
        self.stdout.write(
            f"已分配 {placed}/{len(allocation.studio_of)} 人到 {len(allocation.sizes)} 个工作室，"
            f"目标值 {allocation.objective}；结果写入 {output}"
        )


def _allocate(text: str) -> Allocation:
    try:
        problem = parse_problem(text=text)
    except ProblemError as error:
        raise CommandError("输入无效：\n" + "\n".join(error.messages), returncode=INVALID_INPUT) from None
    try:
        return solve(problem=problem)
    except SolverError as error:
        raise CommandError(str(error)) from None


@contextmanager
def _collection_paused() -> Iterator[None]:
    """The run builds millions of small acyclic objects; the cyclic collector would rescan them
    over and over (it doubled the time of parsing a national input)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename, so a failed run never leaves a partial result."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
