"""The Chinese sentences of the explanations, from the facts of ``explain.py``."""

from collections import Counter

from touyan.core.text import chinese_number

from .costs import Distance, Places, pair_cost
from .explain import Facts, Kind, Reason, facts_of
from .problem import Applicant, Studio, show_id, stages_label
from .solver import Allocation

# Per studio: how many members are locked, and (rank, distance) of each other member towards it.
Occupancy = tuple[int, list[tuple[int | None, Distance]]]


def ordinal(number: int) -> str:
    """第一、第十二、第二十志愿 … (Chinese numerals below 100, digits beyond)."""
    return f"第{chinese_number(number)}"


def explanations(*, allocation: Allocation) -> list[str]:
    """One text per applicant, in input order."""
    problem = allocation.problem
    places = Places()
    occupants = _occupants(allocation=allocation, places=places)
    summaries: dict[tuple[int, int], str] = {}  # the same full studio seen from the same rank
    texts = []
    for fact in facts_of(allocation=allocation):
        applicant = problem.applicants[fact.applicant]
        parts = []
        for reason in fact.reasons:
            text = _reason_text(allocation, applicant, fact, reason, occupants, summaries)
            parts.append(text)
        parts.append(_outcome(allocation, applicant, fact, places))
        texts.append("；".join(parts))
    return texts


def _studio(studio: Studio) -> str:
    return f"“{studio.name}”" if studio.name else f"工作室{show_id(studio.id)}"


def _outcome(allocation: Allocation, applicant: Applicant, fact: Facts, places: Places) -> str:
    problem = allocation.problem
    if fact.studio is None:
        if fact.compatible == 0:
            why = "没有与本人学段匹配的工作室"
        elif fact.with_room == 0:
            why = f"与本人学段匹配的{fact.compatible}个工作室均已满员"
        else:
            why = (
                f"仍有{fact.with_room}个学段匹配的工作室未满，但改派到其中任何一处都不会降低目标值"
                f"（未分配计{problem.weights.unassigned}）"
            )
        return f"未分配：{why}" if applicant.choices else f"未填报志愿；未分配：{why}"
    studio = problem.studios[fact.studio]
    distance = places.distance(applicant.region, studio.region).label
    if applicant.locked is not None:
        return f"已锁定在{_studio(studio)}（不参与优化，不计成本）"
    if fact.rank is not None:
        return f"已按{ordinal(fact.rank)}志愿分配到{_studio(studio)}（{distance}）"
    lead = "所填志愿均未能安排，" if applicant.choices else "未填报志愿，"
    return f"{lead}已分配到未填报的{_studio(studio)}（{distance}，学段：{stages_label(studio.stages & applicant.stages)}）"


def _reason_text(
    allocation: Allocation,
    applicant: Applicant,
    fact: Facts,
    reason: Reason,
    occupants: list[Occupancy],
    summaries: dict[tuple[int, int], str],
) -> str:
    choice, problem = reason.choice, allocation.problem
    head = f"{ordinal(choice.rank)}志愿"
    if reason.kind is Kind.UNKNOWN:
        return f"{head}{show_id(choice.ref)}：未知工作室"
    if reason.kind is Kind.REPEATED:
        return f"{head}{show_id(choice.ref)}重复填报（同{ordinal(choice.first_rank)}志愿）"
    studio = problem.studios[choice.studio]
    if reason.kind is Kind.INCOMPATIBLE:
        return (
            f"{head}{_studio(studio)}学段不匹配"
            f"（工作室：{stages_label(studio.stages)}；本人：{stages_label(applicant.stages)}）"
        )
    size = allocation.sizes[choice.studio]
    if reason.kind is Kind.FULL:
        key = (choice.studio, choice.rank)
        if key not in summaries:
            summaries[key] = _full_summary(occupants[choice.studio], choice.rank)
        return f"{head}{_studio(studio)}已满{size}人（{summaries[key]}）"
    room = f"{head}{_studio(studio)}尚有空位（{size}/{studio.maximum}人）"
    if reason.delta == 0:
        return f"{room}，改派到该处目标值不变（并列最优，保留当前结果）"
    return f"{room}，但改派到该处会使目标值增加{reason.delta}（{_delta_detail(allocation, fact, choice.studio)}）"


def _delta_detail(allocation: Allocation, fact: Facts, target: int) -> str:
    problem, sizes = allocation.problem, allocation.sizes
    weights, applicant = problem.weights, problem.applicants[fact.applicant]
    there = pair_cost(
        weights=weights, applicant=applicant, studio=problem.studios[target], index=target
    )
    parts = [f"该处志愿与距离成本{there}"]
    if fact.studio is None:
        parts.append(f"现为未分配{weights.unassigned}")
    else:
        current = problem.studios[fact.studio]
        here = pair_cost(weights=weights, applicant=applicant, studio=current, index=fact.studio)
        parts.append(f"现为{here}")
        if sizes[fact.studio] <= current.minimum and weights.shortfall:
            parts.append(f"现工作室将少于最低{current.minimum}人，缺额另计{weights.shortfall}")
    if sizes[target] < problem.studios[target].minimum and weights.shortfall:
        parts.append(f"该处低于最低人数，缺额可减{weights.shortfall}")
    return "，".join(parts)


def _occupants(*, allocation: Allocation, places: Places) -> list[Occupancy]:
    problem = allocation.problem
    found: list[Occupancy] = [(0, []) for _ in problem.studios]
    for applicant, studio in zip(problem.applicants, allocation.studio_of, strict=True):
        if studio is None:
            continue
        locked, members = found[studio]
        if applicant.locked is not None:
            found[studio] = (locked + 1, members)
        else:
            distance = places.distance(applicant.region, problem.studios[studio].region)
            members.append((applicant.rank_of(studio), distance))
    return found


def _full_summary(occupancy: Occupancy, rank: int) -> str:
    """Who fills a full studio, compared with an applicant who listed it at ``rank``."""
    locked, members = occupancy
    if not members:
        return "均为锁定成员" if locked else "该工作室最多0人"

    def order(other: int | None) -> str:
        if other is None:
            return "未填报该工作室"
        return (
            "志愿排位更前" if other < rank else "志愿排位相同" if other == rank else "志愿排位更后"
        )

    orders = Counter(order(other) for other, _ in members)
    distances = Counter(distance for _, distance in members)
    prefix = f"锁定{locked}人；其余" if locked else ""
    if len(orders) == 1 and len(distances) == 1:
        return f"{prefix}均为{next(iter(distances)).label}且{next(iter(orders))}的申请人"
    by_order = "、".join(
        f"{name}{count}人" for name, count in sorted(orders.items(), key=_order_key)
    )
    by_distance = "、".join(
        f"{distance.label}{count}人" for distance, count in sorted(distances.items())
    )
    return f"{prefix}{by_order}；{by_distance}"


def _order_key(item: tuple[str, int]) -> int:
    return ("志愿排位更前", "志愿排位相同", "志愿排位更后", "未填报该工作室").index(item[0])
