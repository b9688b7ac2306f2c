"""What the funding pages, exports, cards and work items show of the policy and the ledger:
source and category names in the reader's language, a holder in words, an outcome of the year
end in words. No view here: the pages of several audiences and the workbooks share it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from touyan.policies import schema
from touyan.policies.names import shown
from touyan.programmes.policy import spec_of

from .models import Budget, YearEnd


@dataclass(frozen=True)
class Names:
    """The programme's funding section, read for its names; empty when it has none."""

    funding: schema.Funding | None

    @classmethod
    def of(cls, programme) -> Names:
        return cls(spec_of(programme).funding)

    @property
    def sources(self) -> list[schema.FundingSource]:
        return list(self.funding.sources) if self.funding else []

    @property
    def categories(self) -> list[schema.ExpenseCategory]:
        return list(self.funding.categories) if self.funding else []

    def source(self, code: str) -> str:
        found = self.funding.source(code) if self.funding else None
        return shown(found) if found is not None else code

    def category(self, code: str) -> str:
        if not code:
            return _("（不限类别）")
        found = self.funding.category(code) if self.funding else None
        return shown(found) if found is not None else code

    def source_categories(self, code: str) -> str:
        found = self.funding.source(code) if self.funding else None
        return "、".join(self.category(c) for c in found.categories) if found else ""


def holder_label(budget: Budget) -> str:
    if budget.centre_held and budget.studio_id:
        return _("培训中心（为%(studio)s）") % {"studio": budget.studio.name}
    if budget.studio_id:
        return budget.studio.name
    if budget.cohort_id:
        return str(budget.cohort)
    return _("培训中心")


def outcome_label(outcome: str) -> str:
    return str(YearEnd.Outcome(outcome).label)


def with_names(rows, names: Names):
    """Each budget of ``rows`` given ``source_name``, ``category_name`` and ``holder`` for the
    templates (no query: the holder is select_related by the selectors)."""
    for row in rows:
        row.source_name = names.source(row.source)
        row.category_name = names.category(row.category)
        row.holder = holder_label(row)
    return rows
