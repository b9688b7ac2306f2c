"""``touyan allocate`` without Django: read a problem file, solve it exactly, write the result.

The console script runs this directly (``touyan/__main__.py``): the computation needs neither
settings nor a database, and Django's start-up would be a sixth of a national run. The
management command of the same name wraps the same function, for ``call_command``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .problem import ProblemError, parse_problem
from .result import result_document
from .solver import Allocation, SolverError, solve
from .wording import explanations

INVALID_INPUT = 2
FAILED = 1
HELP = "把申请人分配到工作室：求目标函数的精确最优解，并逐人说明理由（输入输出均为 JSON）。"
INPUT_HELP = "问题文件（JSON）：studios、applicants、weights"
OUTPUT_HELP = "结果文件（JSON），仅在成功时写入"


class AllocateError(Exception):
    def __init__(self, message: str, returncode: int = FAILED):
        super().__init__(message)
        self.returncode = returncode


def allocate_file(*, input: str, output: str) -> str:
    """Solve ``input`` into ``output``; the line to print, or ``AllocateError`` with nothing
    written."""
    try:
        text = Path(input).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AllocateError(f"无法读取输入文件 {input}：{error}", INVALID_INPUT) from None
    with _collection_paused():
        allocation = _allocate(text)
        document = result_document(
            allocation=allocation, explanations=explanations(allocation=allocation)
        )
        result = json.dumps(document, ensure_ascii=False) + "\n"
    try:
        _write_atomically(Path(output), result)
    except OSError as error:
        raise AllocateError(f"无法写入结果文件 {output}：{error}") from None
    placed = sum(studio is not None for studio in allocation.studio_of)
    return (
        f"已分配 {placed}/{len(allocation.studio_of)} 人到 {len(allocation.sizes)} 个工作室，"
        f"目标值 {allocation.objective}；结果写入 {output}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="touyan allocate", description=HELP)
    parser.add_argument("--input", required=True, help=INPUT_HELP)
    parser.add_argument("--output", required=True, help=OUTPUT_HELP)
    options = parser.parse_args(argv)
    try:
        print(allocate_file(input=options.input, output=options.output))
    except AllocateError as error:
        print(f"CommandError: {error}", file=sys.stderr)
        return error.returncode
    return 0


def _allocate(text: str) -> Allocation:
    try:
        problem = parse_problem(text=text)
    except ProblemError as error:
        raise AllocateError("输入无效：\n" + "\n".join(error.messages), INVALID_INPUT) from None
    try:
        return solve(problem=problem)
    except SolverError as error:
        raise AllocateError(str(error)) from None


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
