"""Reads for the allocation pages: the member calls and runs a user may see, and the people
behind a run's ids ("A<application pk>", "M<studio member pk>"), fetched in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from touyan.programmes.models import Studio, StudioMember
from touyan.regions.models import Region
from touyan.selection.models import Application, Call
from touyan.selection.selectors import calls_visible_to

from .models import Move, Run

MEMBERS = "members"


def member_calls_visible_to(user) -> QuerySet[Call]:
    """The member calls the user sees (the permission to allocate is checked on top)."""
    return calls_visible_to(user).filter(spec__purpose=MEMBERS)


def runs_visible_to(user) -> QuerySet[Run]:
    return Run.objects.filter(call__in=member_calls_visible_to(user).values("pk")).select_related(
        "call__programme", "policy_version", "created_by", "published_by"
    )


def runs_of(call: Call) -> QuerySet[Run]:
    return (
        Run.objects.filter(call=call)
        .select_related("created_by", "published_by")
        .prefetch_related("moves")
        .order_by("-number")
    )


def find_run(call: Call, value: str) -> Run | None:
    """A run of the call by pk, or else by its number."""
    if not (value.isdigit() and value.isascii()):
        return None
    runs = Run.objects.filter(call=call).select_related("created_by", "published_by")
    return runs.filter(pk=int(value)).first() or runs.filter(number=int(value)).first()


def published_run(run: Run) -> Run | None:
    """The call's published run, this one or another."""
    if run.published_at:
        return run
    return (
        Run.objects.filter(call_id=run.call_id, published_at__isnull=False)
        .select_related("published_by")
        .first()
    )


def moves_of(run: Run) -> list[Move]:
    return list(run.moves.select_related("moved_by").order_by("moved_at", "pk"))


@dataclass(frozen=True)
class Person:
    """Who stands behind one id of a run's problem."""

    name: str
    school: str


UNKNOWN = Person(name="—", school="")


def people(identifiers: Iterable[str]) -> dict[str, Person]:
    """The people behind the ids, two queries whatever their number."""
    wanted: dict[str, set[int]] = {"A": set(), "M": set()}
    for identifier in identifiers:
        kind, number = identifier[:1], identifier[1:]
        if kind in wanted and number.isdigit():
            wanted[kind].add(int(number))
    found: dict[str, Person] = {}
    sources = (("A", Application.objects), ("M", StudioMember.objects))
    for kind, objects in sources:
        if not wanted[kind]:
            continue
        rows = objects.filter(pk__in=wanted[kind]).values_list(
            "pk", "principal__name", "principal__school__name"
        )
        for pk, name, school in rows:
            found[f"{kind}{pk}"] = Person(name=name, school=school)
    return found


def studios_of(run: Run) -> dict[int, Studio]:
    """The studios of the run's problem, in its order (the ones a member may be moved to)."""
    ids = [studio.get("id") for studio in run.problem.get("studios", [])]
    found = Studio.objects.filter(programme_id=run.call.programme_id, pk__in=ids).in_bulk()
    return {pk: found[pk] for pk in ids if pk in found}


def region_names(codes: Iterable[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=set(codes)).values_list("code", "name"))
