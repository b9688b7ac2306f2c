"""``load_policy(text)``: TOML → validated ``Policy``, or ``PolicyError`` naming every problem's
line, key path and what is wrong, in the active language."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from pydantic import ValidationError

from .checks import check_policy
from .locator import Locator
from .schema import Policy


@dataclass(frozen=True)
class Problem:
    line: int | None
    path: tuple[str | int, ...]
    message: str
    column: int | None = None  # known for TOML syntax errors; the editor finds the key's

    @property
    def key(self) -> str:
        """``rules[3].period``: array indexes count from 0, as in the key path."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.key}: {self.message}" if self.key else self.message
        if not self.key:
            return _("第 %(line)d 行：%(message)s") % {"line": self.line, "message": self.message}
        return _("第 %(line)d 行 %(key)s：%(message)s") % {
            "line": self.line,
            "key": self.key,
            "message": self.message,
        }


class PolicyError(ValueError):
    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# The presets are about 30,000 characters; a text many times longer is no policy, and reading,
# checking and comparing it would tie up a server worker.
MAX_POLICY_CHARS = 200_000


def load_policy(text: str) -> Policy:
    if len(text) > MAX_POLICY_CHARS:
        raise PolicyError([too_long(text)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError([_syntax_problem(error)]) from None
    except RecursionError:
        raise PolicyError([_too_deep()]) from None
    locator = _locator(text)
    try:
        policy = Policy.model_validate(data)
    except RecursionError:
        raise PolicyError([_too_deep()]) from None
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            path = _data_path(data, item["loc"])
            if item["type"] == "union_tag_invalid":
                path = (*path, "kind")
            problems.append(Problem(locator.line_of(path), path, _message(item)))
        raise PolicyError(problems) from None
    problems = [
        Problem(locator.line_of(path), path, message) for path, message in check_policy(policy)
    ]
    if problems:
        raise PolicyError(problems)
    return policy


def too_long(text: str) -> Problem:
    return Problem(
        None,
        (),
        _("政策文本过长：%(n)s 个字符，最多 %(max)s 个")
        % {"n": f"{len(text):,}", "max": f"{MAX_POLICY_CHARS:,}"},
    )


def _too_deep() -> Problem:
    return Problem(None, (), _("数组或表嵌套过深：政策文本不需要这么多层"))


def problem_at(text: str, path: tuple[str | int, ...], message: str) -> Problem:
    """A problem found after loading (say, by the service), placed on its line."""
    return Problem(_locator(text).line_of(path), path, message)


class _NoLines:
    def line_of(self, path) -> None:
        return None


def _locator(text: str) -> Locator | _NoLines:
    """The locator, or — should it ever fail on a text tomllib accepted — none: a problem
    without its line is better than no report at all (the key path still names it)."""
    try:
        return Locator(text)
    except (IndexError, ValueError, RecursionError):
        return _NoLines()


# TOML syntax --------------------------------------------------------------------------------

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def _syntax_problem(error: tomllib.TOMLDecodeError) -> Problem:
    text = str(error)
    match = _AT.search(text)
    detail = text[: match.start()] if match else text
    line = int(match.group(1)) if match and match.group(1) else None
    if match and match.group(1):
        message = _("TOML 语法错误（第 %(column)s 列）：%(detail)s") % {
            "column": match.group(2),
            "detail": _syntax_detail(detail),
        }
    else:
        message = _("TOML 语法错误（文件末尾）：%(detail)s") % {"detail": _syntax_detail(detail)}
    column = int(match.group(2)) if match and match.group(1) else None
    return Problem(line, (), message, column)


def _syntax_detail(detail: str) -> str:
    known = {
        "Invalid value": _("无效的值（字符串须加引号）"),
        "Expected '=' after a key in a key/value pair": _("键后面应有“=”"),
        "Invalid statement": _("无法识别的语句"),
        "Unterminated string": _("字符串缺少结束引号"),
        "Unclosed array": _("数组缺少“]”"),
        "Expected ']' at the end of a table declaration": _("表头缺少“]”"),
        "Expected newline or end of document after a statement": _("一行只能写一个键值对"),
    }
    if detail in known:
        return known[detail]
    if detail.startswith("Cannot overwrite a value") or detail.startswith("Cannot declare"):
        return _("键或表重复定义") + f"（{detail}）"
    return detail


# schema errors ------------------------------------------------------------------------------


def _data_path(data: Any, loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """Pydantic's location without the tags it inserts for a tagged union: the ``kind`` of a
    rule appears in the location (``("rules", 3, "activity_count", "period")``) but not in the
    document."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part not in node:
            if node.get("kind") == part:
                continue
            node = None
        elif (
            isinstance(node, dict)
            or isinstance(node, list)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            node = node[part]
        else:
            node = None
        path.append(part)
    return tuple(path)


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], dict(error.get("ctx") or {})
    for name in ("expected", "expected_tags"):
        if name in ctx:
            ctx[name] = str(ctx[name]).replace(" or ", ", ")
    value = ctx.get("value", error.get("input"))
    messages = {
        "missing": lambda: _("缺少必填项"),
        "extra_forbidden": lambda: _("不认识的键：本节不允许出现它（拼写错误？）"),
        "literal_error": lambda: (
            _("取值“%(value)s”无效，应为 %(expected)s 之一")
            % {"value": value, "expected": ctx.get("expected", "")}
        ),
        "int_parsing": lambda: _("应为整数"),
        "int_type": lambda: _("应为整数"),
        "int_from_float": lambda: _("应为整数"),
        "float_parsing": lambda: _("应为数字"),
        "float_type": lambda: _("应为数字"),
        "bool_type": lambda: _("应为 true 或 false"),
        "bool_parsing": lambda: _("应为 true 或 false"),
        "string_type": lambda: _("应为字符串（加引号）"),
        "list_type": lambda: _("应为数组 [...]"),
        "model_type": lambda: _("应为表（[节] 或 {...}）"),
        "dict_type": lambda: _("应为表（[节] 或 {...}）"),
        "model_attributes_type": lambda: _("应为表（[节] 或 {...}）"),
        "greater_than": lambda: _("应大于 %(limit)s") % {"limit": ctx.get("gt")},
        "greater_than_equal": lambda: _("应不小于 %(limit)s") % {"limit": ctx.get("ge")},
        "less_than": lambda: _("应小于 %(limit)s") % {"limit": ctx.get("lt")},
        "less_than_equal": lambda: _("应不大于 %(limit)s") % {"limit": ctx.get("le")},
        "too_short": lambda: _("至少应有 %(count)s 项") % {"count": ctx.get("min_length")},
        "too_long": lambda: _("至多只能有 %(count)s 项") % {"count": ctx.get("max_length")},
        "string_too_short": lambda: _("不能为空"),
        "string_pattern_mismatch": lambda: (
            _("格式不符（应匹配 %(pattern)s）") % {"pattern": ctx.get("pattern")}
        ),
        "union_tag_invalid": lambda: (
            _("未知的规则类型“%(tag)s”，应为 %(expected)s 之一")
            % {"tag": ctx.get("tag"), "expected": ctx.get("expected_tags")}
        ),
        "union_tag_not_found": lambda: _("缺少 kind（规则类型）"),
        "touyan_clause": lambda: (
            _("条款编号“%(value)s”格式不对，应形如 HN-4.1.1 或 HZ-3.4.2（地区代号-条款号）")
            % {"value": value}
        ),
        "touyan_code": lambda: (
            _("代码“%(value)s”只能用小写字母、数字和下划线，以字母开头") % {"value": value}
        ),
        "touyan_certificate_prefix": lambda: (
            _("证书编号前缀“%(value)s”应为 2–12 位大写字母或数字，以字母开头，如 HZMXZ")
            % {"value": value}
        ),
        "touyan_slug": lambda: _("标识“%(value)s”只能用小写字母、数字和连字符") % {"value": value},
        "touyan_rule_id": lambda: (
            _("规则编号“%(value)s”只能用小写字母、数字、点、连字符和下划线") % {"value": value}
        ),
        "touyan_region": lambda: (
            _("区划代码“%(value)s”应为 6 位数字（GB/T 2260），如 460000") % {"value": value}
        ),
        "touyan_month_day": lambda: _("日期“%(value)s”应写作 MM-DD，如 07-15") % {"value": value},
        "touyan_fraction": lambda: (
            _("比例“%(value)s”应写作 0 到 1 之间的分数，如 1/5") % {"value": value}
        ),
        "touyan_blank": lambda: _("不能为空"),
        "string_too_long": lambda: _("至多 %(count)s 个字符") % {"count": ctx.get("max_length")},
        "touyan_control": lambda: _("不能含换行、制表符等控制字符"),
    }
    if kind in messages:
        return messages[kind]()
    return _("取值无效：%(detail)s") % {"detail": error.get("msg", kind)}
