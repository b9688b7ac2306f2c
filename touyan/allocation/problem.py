"""The allocation problem (issue 5): studios, applicants and weights, parsed from JSON and validated.

Studios and applicants are referred to by their position in the input (an *index*) everywhere
after parsing; ids stay as given (string or integer) and are only used for lookups and output.
"""

import json
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any, NamedTuple

from touyan.regions.codes import is_valid_code

MAX_WEIGHT = 10**9
Id = str | int
# A set of stages is a bit mask: bit i stands for STAGES[i].
STAGES = ("primary", "junior", "senior")
STAGE_LABELS = ("小学", "初中", "高中")


def stage_bits(mask: int) -> tuple[int, ...]:
    return tuple(1 << bit for bit in range(len(STAGES)) if mask >> bit & 1)


def stages_label(mask: int) -> str:
    return "、".join(label for bit, label in enumerate(STAGE_LABELS) if mask >> bit & 1)


class ChoiceStatus(Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    INCOMPATIBLE = "incompatible"
    REPEATED = "repeated"


@dataclass(frozen=True, slots=True)
class Weights:
    choice_step: int = 100
    unlisted: int = 1000
    same_county: int = 0
    same_city: int = 20
    same_province: int = 50
    elsewhere: int = 90
    unassigned: int = 100000
    shortfall: int = 10000

    def preference(self, rank: int | None) -> int:
        return self.unlisted if rank is None else self.choice_step * (rank - 1)


class Studio(NamedTuple):
    id: Id
    stages: int
    region: str
    minimum: int
    maximum: int
    name: str = ""  # optional, for the explanations only


class Choice(NamedTuple):
    rank: int
    ref: Id
    status: ChoiceStatus
    studio: int | None = None  # index, when the id is known
    first_rank: int | None = None  # where a repeated studio was first listed


class Applicant(NamedTuple):
    id: Id
    stages: int
    region: str
    choices: tuple[Choice, ...]
    locked: int | None = None

    def rank_of(self, studio: int) -> int | None:
        """The rank at which this applicant may be matched to ``studio``, None when unlisted."""
        for choice in self.choices:
            if choice.studio == studio and choice.status is ChoiceStatus.OK:
                return choice.rank
        return None


@dataclass(frozen=True, slots=True)
class Problem:
    studios: tuple[Studio, ...]
    applicants: tuple[Applicant, ...]
    weights: Weights

    @property
    def choice_slots(self) -> int:
        return max((len(applicant.choices) for applicant in self.applicants), default=0)


class ProblemError(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def id_text(value: Id) -> str:
    """An id as it appears in the output's object keys (JSON keys are strings)."""
    return value if isinstance(value, str) else str(value)


def parse_problem(*, text: str) -> Problem:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemError(
            [f"JSON 格式错误：第 {error.lineno} 行第 {error.colno} 列：{error.msg}"]
        ) from None
    return problem_from_data(data=data)


def problem_from_data(*, data: Any) -> Problem:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ProblemError(["输入必须是一个 JSON 对象，包含 studios 和 applicants"])
    for key in sorted(data.keys() - {"studios", "applicants", "weights"}):
        errors.append(f"未知的顶层字段 {_quote(key)}")
    weights = _weights(data.get("weights"), errors)
    entries = _studios(data.get("studios"), errors)
    studios = [studio for _, studio in entries]
    index = {_id_key(identifier): position for position, (identifier, _) in enumerate(entries)}
    applicants = _applicants(data.get("applicants"), studios, index, errors)
    if errors:
        raise ProblemError(list(dict.fromkeys(errors)))
    return Problem(
        studios=tuple(studio for studio in studios if studio is not None),
        applicants=tuple(applicants),
        weights=weights,
    )


def _quote(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def show_id(value: Id) -> str:
    return f"“{value}”" if isinstance(value, str) else str(value)


def _is_id(value: Any) -> bool:
    return (isinstance(value, str) and value != "") or (
        isinstance(value, int) and not isinstance(value, bool)
    )


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _id_key(value: Id) -> tuple[bool, Id]:
    # 1 and "1" are different studios to a lookup, exactly as JSON tells them apart.
    return isinstance(value, str), value


def _weights(raw: Any, errors: list[str]) -> Weights:
    if raw is None:
        return Weights()
    if not isinstance(raw, dict):
        errors.append("weights 必须是一个对象")
        return Weights()
    known = {field.name for field in fields(Weights)}
    values = {}
    for name, value in raw.items():
        if name not in known:
            errors.append(f"weights：未知的权重 {_quote(name)}（可用：{'、'.join(sorted(known))}）")
        elif not _is_count(value) or value > MAX_WEIGHT:
            errors.append(
                f"weights.{name}：必须是 0 到 {MAX_WEIGHT} 之间的整数，而不是 {_quote(value)}"
            )
        else:
            values[name] = value
    return Weights(**values)


def _items(raw: Any, field: str, noun: str, errors: list[str]) -> list[tuple[str, dict]]:
    """The objects of a list with a label naming each (by id when it has a usable one)."""
    if not isinstance(raw, list):
        errors.append(f"缺少 {field}，或它不是列表")
        return []
    items, seen = [], {}
    for position, item in enumerate(raw):
        place = f"{field}[{position}]"
        if not isinstance(item, dict):
            errors.append(f"{place}：必须是一个对象")
            continue
        identifier = item.get("id")
        if not _is_id(identifier):
            errors.append(f"{place}：id 必须是非空字符串或整数，而不是 {_quote(identifier)}")
            continue
        label = f"{noun} {show_id(identifier)}（{place}）"
        key = id_text(identifier)
        if key in seen:
            errors.append(f"{label}：id 与 {seen[key]} 重复")
            continue
        seen[key] = place
        items.append((label, item))
    return items


def _stages(item: dict, label: str, errors: list[str]) -> int | None:
    raw = item.get("stages")
    if not isinstance(raw, list) or not raw:
        errors.append(f"{label}：stages 必须是非空列表（primary、junior、senior）")
        return None
    mask = 0
    for name in raw:
        if name not in STAGES:
            errors.append(f"{label}：未知学段 {_quote(name)}（可用：primary、junior、senior）")
            return None
        mask |= 1 << STAGES.index(name)
    return mask


def _region(item: dict, label: str, errors: list[str]) -> str | None:
    region = item.get("region")
    if not isinstance(region, str) or not is_valid_code(region):
        errors.append(f"{label}：region 必须是六位行政区划代码字符串，而不是 {_quote(region)}")
        return None
    return region


def _studios(raw: Any, errors: list[str]) -> list[tuple[Id, Studio | None]]:
    """Each studio's id and the studio, None when it is invalid (and reported)."""
    studios: list[tuple[Id, Studio | None]] = []
    for label, item in _items(raw, "studios", "工作室", errors):
        reported = len(errors)
        stages, region = _stages(item, label, errors), _region(item, label, errors)
        bounds = [item.get("min"), item.get("max")]
        for name, value in zip(("min", "max"), bounds, strict=True):
            if not _is_count(value):
                errors.append(f"{label}：{name} 必须是非负整数，而不是 {_quote(value)}")
        if all(_is_count(value) for value in bounds) and bounds[0] > bounds[1]:
            errors.append(f"{label}：min（{bounds[0]}）大于 max（{bounds[1]}）")
        valid = stages is not None and region is not None and len(errors) == reported
        name = item.get("name") if isinstance(item.get("name"), str) else ""
        studio = Studio(item["id"], stages, region, *bounds, name.strip()) if valid else None
        studios.append((item["id"], studio))
    return studios


def _applicants(
    raw: Any,
    studios: list[Studio | None],
    index: dict[tuple[bool, Id], int],
    errors: list[str],
) -> list[Applicant]:
    applicants = []
    locked_count = [0] * len(studios)
    for label, item in _items(raw, "applicants", "申请人", errors):
        stages, region = _stages(item, label, errors), _region(item, label, errors)
        raw_choices = item.get("choices", [])
        if not isinstance(raw_choices, list) or not all(_is_id(ref) for ref in raw_choices):
            errors.append(f"{label}：choices 必须是工作室 id（字符串或整数）的列表")
            continue
        locked = _locked(item.get("locked"), index, studios, stages, label, errors)
        if stages is None or region is None or locked is False:
            continue
        if locked is not None:
            locked_count[locked] += 1
        choices = _choices(raw_choices, index, studios, stages)
        applicants.append(Applicant(item["id"], stages, region, choices, locked))
    for studio, count in zip(studios, locked_count, strict=True):
        if studio is not None and count > studio.maximum:
            errors.append(
                f"工作室 {show_id(studio.id)}：锁定的申请人 {count} 人，超过 max（{studio.maximum}）"
            )
    return applicants


def _locked(
    raw: Any,
    index: dict[tuple[bool, Id], int],
    studios: list[Studio | None],
    stages: int | None,
    label: str,
    errors: list[str],
) -> int | None | bool:
    """The locked studio's index, None when not locked, False when the lock is invalid."""
    if raw is None:
        return None
    position = index.get(_id_key(raw)) if _is_id(raw) else None
    if position is None:
        errors.append(f"{label}：锁定的工作室 {_quote(raw)} 不存在")
        return False
    studio = studios[position]
    if studio is None:  # the studio's own error is reported already
        return False
    if stages is not None and not stages & studio.stages:
        errors.append(f"{label}：锁定的工作室 {_quote(raw)} 学段不匹配")
        return False
    return position


def _choices(
    raw: list, index: dict[tuple[bool, Id], int], studios: list[Studio | None], stages: int
) -> tuple[Choice, ...]:
    choices: list[Choice] = []
    first_seen: dict[tuple[bool, Id], int] = {}
    for rank, ref in enumerate(raw, start=1):
        key = _id_key(ref)
        position = index.get(key)
        studio = None if position is None else studios[position]
        if key in first_seen:
            choices.append(Choice(rank, ref, ChoiceStatus.REPEATED, position, first_seen[key]))
            continue
        first_seen[key] = rank
        if studio is None:
            status = ChoiceStatus.UNKNOWN
        elif stages & studio.stages:
            status = ChoiceStatus.OK
        else:
            status = ChoiceStatus.INCOMPATIBLE
        choices.append(Choice(rank, ref, status, position))
    return tuple(choices)
