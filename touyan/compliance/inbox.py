"""What compliance puts in the 待办 inbox: a host's or a trainee's own work whose period ends
within the next weeks and which is not yet done — deliverables not handed in, guidance not yet
given at a link school — one item per rule and studio or trainee record, with what is missing."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.core.registry import InboxItem
from touyan.programmes.access import access_of
from touyan.programmes.policy import spec_of

from .home import programmes_taken_part_in
from .selectors import own_evaluation, own_subject_ids
from .verdicts import State

DUE_SOON = dt.timedelta(days=60)
# The rule kinds whose work is the subject's own to do, with how the item names it.
OWN_WORK = {
    "deliverables": lambda rule: _("待提交：%(rule)s") % {"rule": rule},
    "link_schools": lambda rule: _("待开展：%(rule)s") % {"rule": rule},
}


def _own_work(user, programme) -> list[int]:
    """A studio's deliverables are its host's to hand in (none once it is revoked); a
    trainee's their own."""
    if spec_of(programme).policy.subject == "studio":
        principal = access_of(user).principal_id
        studios = programme.studios.filter(host_id=principal, revoked_on__isnull=True)
        return list(studios.values_list("pk", flat=True))
    return own_subject_ids(user, programme)


def deliverables_due(user) -> list[InboxItem]:
    today = timezone.localdate()
    items = []
    for programme in programmes_taken_part_in(user):
        ids = _own_work(user, programme)
        if not ids:
            continue
        evaluation = own_evaluation(programme, as_of=today, subject_ids=ids)
        rules = {rule.id: rule for rule in evaluation.rules if rule.kind in OWN_WORK}
        for (subject_id, rule_id), cell in evaluation.cells.items():
            current = cell.current
            if rule_id not in rules or current is None or current.state == State.MET:
                continue
            if current.period.end - today > DUE_SOON:
                continue
            items.append(
                InboxItem(
                    key=f"compliance.deliverable:{programme.pk}:{subject_id}:{rule_id}",
                    title=OWN_WORK[rules[rule_id].kind](rules[rule_id].title),
                    subject=cell.subject.name,
                    due=current.period.end,
                    url=reverse("compliance:cell", args=[programme.slug, subject_id, rule_id]),
                )
            )
    return items
