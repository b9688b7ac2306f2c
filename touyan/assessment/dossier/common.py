"""What every kind of dossier reads the same way: the round's period, the policy's names,
deliverables, research, the compliance verdicts, and the helpers that keep numbers JSON-exact."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from touyan.compliance.engine import evaluate
from touyan.policies import schema
from touyan.programmes.policy import spec_of
from touyan.records.models import (
    Attendance,
    CountSource,
    Deliverable,
    Level,
    ResearchOutcome,
    ResearchProject,
)

from ..models import Round

VERSION = 1
PRESENT, LEAVE, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.LEAVE,
    Attendance.Status.ABSENT,
)


def empty_funds() -> dict:
    """What the funds domain will fill: the money spent in the period, by category."""
    return {
        "recorded": False,
        "note": "经费管理功能尚未上线，系统中没有本考核期的经费支出记录；如需说明，请写入自评报告或附加材料。",
        "total": None,
        "categories": [],
    }


class Dossiers:
    """The dossiers of some cases of one round; each kind has its ``build(cases)``."""

    def __init__(self, round_: Round):
        self.round = round_
        self.programme = round_.programme
        self.spec: schema.Policy = spec_of(self.programme)
        self.starts, self.ends = round_.period_starts, round_.period_ends
        self.in_period = Q(activity__date__gte=self.starts, activity__date__lte=self.ends)

    def head(self, kind: str, subject: dict) -> dict:
        return {
            "version": VERSION,
            "kind": kind,
            "round": {"code": self.round.code, "name": self.round.name},
            "period": {"starts": self.starts.isoformat(), "ends": self.ends.isoformat()},
            "subject": subject,
        }

    def type_name(self, code: str) -> str:
        kind = self.spec.activity_type(code)
        return kind.name if kind else code

    def kind_name(self, code: str) -> str:
        kind = self.spec.deliverable_kind(code)
        return kind.name if kind else code

    def deliverables(self, owner: Q) -> dict[int, list[dict]]:
        """Owner key → deliverables handed in during the period."""
        rows = (
            Deliverable.objects.filter(
                owner,
                programme=self.programme,
                submitted_on__gte=self.starts,
                submitted_on__lte=self.ends,
            )
            .order_by("submitted_on", "pk")
            .values_list(
                "studio_id",
                "principal_id",
                "kind",
                "title",
                "principal__name",
                "submitted_on",
                "char_count",
                "count_source",
                "count_verified_at",
            )
        )
        found: dict[int, list[dict]] = defaultdict(list)
        for studio, principal, kind, title, author, on, chars, source, verified in rows:
            pending = source == CountSource.DECLARED and verified is None
            item = {
                "kind": kind,
                "kind_name": self.kind_name(kind),
                "title": title,
                "author": author or "",
                "date": on.isoformat(),
                "chars": chars,
                "pending": pending,
            }
            found[("studio", studio)].append(item)
            found[("principal", principal)].append(item)
        return found

    def research(self, owner: Q) -> dict:
        """(key, id) → projects running in the period, each with its outcomes of the period."""
        projects = (
            ResearchProject.objects.filter(owner, programme=self.programme)
            .filter(approved_on__lte=self.ends)
            .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=self.starts))
            .order_by("approved_on", "pk")
            .values_list(
                "pk",
                "studio_id",
                "leader_id",
                "leader__name",
                "title",
                "level",
                "approved_on",
                "concluded_on",
            )
        )
        by_project: dict[int, dict] = {}
        found: dict = defaultdict(list)
        for pk, studio, leader, leader_name, title, level, approved, concluded in projects:
            item = {
                "title": title,
                "leader": leader_name,
                "level": level,
                "level_name": level_name(level),
                "approved_on": approved.isoformat(),
                "concluded_on": concluded.isoformat() if concluded else None,
                "outcomes": [],
            }
            by_project[pk] = item
            found[("studio", studio)].append(item)
            found[("principal", leader)].append(item)
        if by_project:
            outcomes = ResearchOutcome.objects.filter(
                project_id__in=list(by_project),
                achieved_on__gte=self.starts,
                achieved_on__lte=self.ends,
            ).order_by("achieved_on", "pk")
            for project, kind, title, level, on in outcomes.values_list(
                "project_id", "kind", "title", "level", "achieved_on"
            ):
                by_project[project]["outcomes"].append(
                    {
                        "kind": kind,
                        "kind_name": str(ResearchOutcome.Kind(kind).label),
                        "title": title,
                        "level": level,
                        "level_name": level_name(level),
                        "date": on.isoformat(),
                    }
                )
        return found

    def outreach_types(self) -> tuple[set[str], set[str]]:
        """Activity types that count as outreach at rural or weak schools, and as paired
        support, as the compliance rules recognise them."""
        rural, paired = set(), set()
        for rule in self.spec.rules:
            if rule.kind == "activity_count" and rule.at_rural_or_weak_school:
                rural |= set(rule.activity_types)
            elif rule.kind == "paired_support":
                paired |= set(rule.activity_types)
        return rural, paired

    def compliance(self, subject_ids: list[int]) -> dict[int, list[dict]]:
        """Subject id → the verdicts of every rule for the periods that overlap the round's,
        as the engine gives them on the period's last day (or today, if that is earlier)."""
        as_of = min(self.ends, timezone.localdate())
        evaluation = evaluate(self.programme, as_of=as_of, subject_ids=subject_ids)
        found: dict[int, list[dict]] = defaultdict(list)
        for rule in evaluation.rules:
            for subject in subject_ids:
                cell = evaluation.cells.get((subject, rule.id))
                if cell is None:
                    continue
                periods = [
                    {
                        "label": str(v.period.label),
                        "starts": v.period.start.isoformat(),
                        "ends": v.period.end.isoformat(),
                        "state": str(v.state),
                        "state_name": str(v.state.label),
                        "count": exact_number(v.count),
                        "required": exact_number(v.required),
                        "missing": str(v.missing),
                    }
                    for v in cell.verdicts
                    if v.period.start <= self.ends and v.period.end >= self.starts
                ]
                if periods:
                    found[subject].append(
                        {
                            "rule": rule.id,
                            "clause": rule.clause,
                            "title": str(rule.title),
                            "requirement": str(rule.requirement),
                            "periods": periods,
                        }
                    )
        return found


def level_name(code: str) -> str:
    return str(Level(code).label) if code in Level.values else ""


def attendance_counts(counts: Counter) -> dict:
    """Present, leave and absent, and the share present (a whole percentage, None when no one
    was marked)."""
    present, leave, absent = counts[PRESENT], counts[LEAVE], counts[ABSENT]
    marked = present + leave + absent
    return {
        "present": present,
        "leave": leave,
        "absent": absent,
        "rate": round(present * 100 / marked) if marked else None,
    }


def count_by_type(items: Iterable[dict]) -> list[dict]:
    counts: dict[str, list] = {}
    for item in items:
        entry = counts.setdefault(item["type"], [item["type_name"], 0])
        entry[1] += 1
    return [{"type": code, "name": name, "count": n} for code, (name, n) in counts.items()]


def hours_text(value) -> str:
    """Hours as a string with one decimal: JSON keeps no decimals exactly."""
    return f"{Decimal(value or 0):.1f}"


def exact_number(value) -> int | str:
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else f"{value.normalize()}"
