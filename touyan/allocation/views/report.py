"""What the run and compare pages show of an outcome: the rank profile and distance shares of
the applicants (continuing members left out: they do not move), the studios with their locked
and new members, and one row per applicant. Pure reading of the run; names come in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from touyan.core.text import choice_label

from ..costs import Distance
from ..models import Move, Run
from ..outcome import Outcome
from ..problem import Applicant, ChoiceStatus, Weights, stages_label
from ..selectors import UNKNOWN, Person
from ..services import moved_note

WEIGHT_LABELS = {
    "choice_step": gettext_lazy("志愿每靠后一位"),
    "unlisted": gettext_lazy("分到未填报的工作室"),
    "same_county": gettext_lazy("同县"),
    "same_city": gettext_lazy("同市其他县区"),
    "same_province": gettext_lazy("省内其他市县"),
    "elsewhere": gettext_lazy("外省"),
    "unassigned": gettext_lazy("未分配"),
    "shortfall": gettext_lazy("低于最低人数（每缺一人）"),
}
DISTANCE_LABELS = {
    Distance.SAME_COUNTY: gettext_lazy("同县"),
    Distance.SAME_CITY: gettext_lazy("同市其他县区"),
    Distance.SAME_PROVINCE: gettext_lazy("省内其他市县"),
    Distance.ELSEWHERE: gettext_lazy("外省"),
}


def share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "—"


@dataclass
class Report:
    run: Run
    outcome: Outcome

    @classmethod
    def of(cls, run: Run) -> Report:
        return cls(run, Outcome(run))

    @property
    def problem(self):
        return self.outcome.problem

    def applicant(self, identifier: str) -> tuple[int, Applicant] | None:
        position = self.outcome.positions.get(identifier)
        return None if position is None else (position, self.problem.applicants[position])

    @cached_property
    def studio_names(self) -> dict[object, str]:
        return {studio.id: studio.name or str(studio.id) for studio in self.problem.studios}

    def studio_name(self, studio_id) -> str:
        if studio_id is None:
            return ""
        return self.studio_names.get(studio_id, str(studio_id))

    @cached_property
    def free(self) -> list[tuple[Applicant, int | None]]:
        """The applicants who are not locked, with their studio index."""
        return [
            (a, s)
            for a, s in zip(self.problem.applicants, self.outcome.studio_of, strict=True)
            if a.locked is None
        ]

    @cached_property
    def locked(self) -> int:
        return len(self.problem.applicants) - len(self.free)

    @property
    def placed(self) -> int:
        return self.outcome.placed

    @property
    def unassigned(self) -> int:
        return len(self.outcome.unassigned)

    @property
    def objective(self) -> int:
        return self.outcome.objective

    @cached_property
    def profile(self) -> list[dict]:
        """第一志愿 … 未填报, 未分配: counts and shares of the applicants who are not locked."""
        slots = self.problem.choice_slots
        counts = [0] * (slots + 2)
        for applicant, studio in self.free:
            if studio is None:
                counts[slots + 1] += 1
            else:
                rank = applicant.rank_of(studio)
                counts[slots if rank is None else rank - 1] += 1
        labels = [choice_label(r) for r in range(1, slots + 1)]
        labels += [_("未填报"), _("未分配")]
        total = len(self.free)
        return [
            {"label": label, "count": count, "share": share(count, total)}
            for label, count in zip(labels, counts, strict=True)
        ]

    @cached_property
    def distances(self) -> list[dict]:
        counted = self.outcome.distances
        total = sum(counted.values())
        return [
            {"label": label, "count": counted[d], "share": share(counted[d], total)}
            for d, label in DISTANCE_LABELS.items()
        ]

    @property
    def same_county(self) -> str:
        return share(self.outcome.distances[Distance.SAME_COUNTY], self.placed)

    @property
    def same_city(self) -> str:
        """Placed in the same city, the same county included."""
        counted = self.outcome.distances
        return share(counted[Distance.SAME_COUNTY] + counted[Distance.SAME_CITY], self.placed)

    @cached_property
    def terms(self) -> list[dict]:
        """The objective's four terms, each with the sentence that says how it is counted."""
        terms, w = self.outcome.terms, self.problem.weights
        missing = sum(minimum - size for _id, size, minimum in self.outcome.below_minimum)
        return [
            {
                "name": "preference",
                "label": _("志愿项"),
                "value": terms.preference,
                "text": _(
                    "每位分配的申请人按所得志愿计分：第一志愿计 0，每靠后一位加 %(step)d，"
                    "分到本人未填报的工作室计 %(unlisted)d。"
                )
                % {"step": w.choice_step, "unlisted": w.unlisted},
            },
            {
                "name": "distance",
                "label": _("距离项"),
                "value": terms.distance,
                "text": _(
                    "按申请人所在区县与工作室所在地的远近计分：同县 %(county)d，"
                    "同市其他县区 %(city)d，省内其他市县 %(province)d，外省 %(elsewhere)d。"
                )
                % {
                    "county": w.same_county,
                    "city": w.same_city,
                    "province": w.same_province,
                    "elsewhere": w.elsewhere,
                },
            },
            {
                "name": "unassigned",
                "label": _("未分配项"),
                "value": terms.unassigned,
                "text": _("每有一名申请人未分配计 %(weight)d，本方案未分配 %(count)d 人。")
                % {"weight": w.unassigned, "count": self.unassigned},
            },
            {
                "name": "shortfall",
                "label": _("人数不足项"),
                "value": terms.shortfall,
                "text": _(
                    "工作室人数每比最低人数少一人计 %(weight)d，本方案各工作室共缺 %(count)d 人。"
                )
                % {"weight": w.shortfall, "count": missing},
            },
        ]

    @cached_property
    def weights(self) -> list[dict]:
        given = self.problem.weights
        return [
            {
                "name": name,
                "label": label,
                "value": getattr(given, name),
                "default": getattr(Weights(), name),
            }
            for name, label in WEIGHT_LABELS.items()
        ]

    def studio_rows(self, regions: dict[str, str]) -> list[dict]:
        locked = [0] * len(self.problem.studios)
        for applicant in self.problem.applicants:
            if applicant.locked is not None:
                locked[applicant.locked] += 1
        rows = []
        for i, (studio, size) in enumerate(
            zip(self.problem.studios, self.outcome.sizes, strict=True)
        ):
            rows.append(
                {
                    "id": studio.id,
                    "name": self.studio_name(studio.id),
                    "stages": stages_label(studio.stages),
                    "county": regions.get(studio.region, studio.region),
                    "locked": locked[i],
                    "new": size - locked[i],
                    "size": size,
                    "minimum": studio.minimum,
                    "maximum": studio.maximum,
                    "below": size < studio.minimum,
                    "above": size > studio.maximum,
                }
            )
        return rows

    def rank_label(self, identifier: str) -> str:
        entry = self.applicant(identifier)
        if entry is None:
            return "—"
        i, applicant = entry
        studio = self.outcome.studio_of[i]
        if applicant.locked is not None:
            return _("延续成员")
        if studio is None:
            return _("未分配")
        rank = applicant.rank_of(studio)
        return _("未填报") if rank is None else choice_label(rank)

    def studio_of(self, identifier: str):
        return self.outcome.assignments.get(identifier)

    def explanation(self, identifier: str, last_moves: dict[str, Move]) -> str:
        move = last_moves.get(identifier)
        if move is not None:
            return moved_note(move, self.studio_name(move.to_studio_id))
        return self.outcome.explanation(identifier)

    def choices(self, applicant: Applicant) -> list[str]:
        names = []
        for choice in applicant.choices:
            name = (
                self.studio_name(self.problem.studios[choice.studio].id)
                if choice.studio is not None
                else str(choice.ref)
            )
            if choice.status is not ChoiceStatus.OK:
                name += _("（无效）")
            names.append(name)
        return names

    def compatible(self, applicant: Applicant) -> list[object]:
        """The studio ids this applicant may be moved to."""
        return [s.id for s in self.problem.studios if s.stages & applicant.stages]

    def rows(
        self,
        identifiers: list[str],
        people: dict[str, Person],
        regions: dict[str, str],
        last_moves: dict[str, Move],
    ) -> list[dict]:
        rows = []
        for identifier in identifiers:
            _i, applicant = self.applicant(identifier)
            person = people.get(identifier, UNKNOWN)
            studio = self.studio_of(identifier)
            rows.append(
                {
                    "id": identifier,
                    "person": person,
                    "county": regions.get(applicant.region, applicant.region),
                    "continuing": applicant.locked is not None,
                    "member": identifier.startswith("M"),
                    "choices": self.choices(applicant),
                    "studio": self.studio_name(studio),
                    "studio_id": studio,
                    "rank": self.rank_label(identifier),
                    "explanation": self.explanation(identifier, last_moves),
                    "moved": identifier in last_moves,
                    "targets": [
                        (s, self.studio_name(s)) for s in self.compatible(applicant) if s != studio
                    ],
                }
            )
        return rows


def list_counts(run: Run) -> dict:
    """Placed, unassigned and the objective as it stands, read from the run's documents and its
    prefetched moves (no query, no parsing of the problem): the runs list shows these per run."""
    if run.status != Run.Status.DONE:
        return {"placed": None, "unassigned": None, "objective": None, "moves": 0}
    moves = sorted(run.moves.all(), key=lambda m: (m.moved_at, m.pk))
    assignments = dict(run.result.get("assignments", {}))
    for move in moves:
        assignments[move.applicant] = move.to_studio_id
    locked = {a["id"] for a in run.problem.get("applicants", []) if a.get("locked") is not None}
    free = [studio for key, studio in assignments.items() if key not in locked]
    return {
        "placed": sum(studio is not None for studio in free),
        "unassigned": sum(studio is None for studio in free),
        "objective": moves[-1].objective_after if moves else run.objective,
        "moves": len(moves),
    }
