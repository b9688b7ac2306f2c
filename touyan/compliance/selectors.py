"""Evaluations narrowed to what the user may see: the same engine, run on the subjects the
programme selectors return for the user."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Collection

from django.core.cache import cache
from django.db.models import Q

from touyan.programmes.access import access_of
from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of
from touyan.programmes.selectors import (
    is_member_of_studio,
    studios_visible_to,
    trainees_visible_to,
)

from . import freshness
from .engine import evaluate
from .verdicts import Evaluation, RuleInfo

MAX_ID = 2**63

# The last evaluations this process read from the shared cache, under the same key. The key
# carries the programme's version token, which is read from the shared cache on every call, so
# a change made through any process is seen at the next request; the memo only spares reading
# and unpickling 100–200 kB again for each page that shows verdicts.
MEMO_SIZE = 8
_memo: OrderedDict[str, tuple[Evaluation, list[RuleInfo]]] = OrderedDict()
_memo_lock = threading.Lock()


def visible_subject_ids(user, programme: Programme) -> list[int]:
    if spec_of(programme).policy.subject == "studio":
        return list(studios_visible_to(user, programme).values_list("pk", flat=True))
    return list(trainees_visible_to(user, programme).values_list("pk", flat=True))


def own_subject_ids(user, programme: Programme) -> list[int]:
    """The studios the user hosts or belongs to, or their own trainee record."""
    principal = access_of(user).principal_id
    if principal is None:
        return []
    if spec_of(programme).policy.subject == "studio":
        return list(
            programme.studios.filter(Q(host_id=principal) | is_member_of_studio(principal))
            .distinct()
            .values_list("pk", flat=True)
        )
    return list(
        programme.cohorts.filter(trainees__principal_id=principal).values_list(
            "trainees__pk", flat=True
        )
    )


def evaluation_for(
    user,
    programme: Programme,
    *,
    as_of: dt.date,
    subject_ids: Collection[int] | None = None,
) -> Evaluation:
    """The evaluation of the subjects the user may see (of ``subject_ids`` if given), cut from
    the programme's whole evaluation in the shared cache."""
    if subject_ids is not None:
        # Ids come from URLs and query strings; one beyond the database's range is no subject.
        subject_ids = [pk for pk in subject_ids if 0 < pk < MAX_ID]
    whole, all_rules = whole_evaluation(programme, as_of=as_of)
    if access_of(user).manages(programme):
        return whole if subject_ids is None else narrowed(whole, all_rules, subject_ids)
    visible = visible_subject_ids(user, programme)
    if subject_ids is not None:
        allowed = set(visible)
        visible = [pk for pk in subject_ids if pk in allowed]
    return narrowed(whole, all_rules, visible)


def own_evaluation(programme: Programme, *, as_of: dt.date, subject_ids) -> Evaluation:
    """The evaluation of the user's own subjects (``own_subject_ids``), cut from the shared
    cache's: the home card and the inbox of one page read it without evaluating twice."""
    return narrowed(*whole_evaluation(programme, as_of=as_of), subject_ids)


def whole_evaluation(programme: Programme, *, as_of: dt.date) -> tuple[Evaluation, list[RuleInfo]]:
    """Every subject's verdicts and every rule of the policy, from the shared cache while the
    programme's records are unchanged (``freshness``)."""
    key = freshness.evaluation_key(programme, as_of=as_of)
    with _memo_lock:
        found = _memo.get(key)
        if found is not None:
            _memo.move_to_end(key)
            return found
    found = cache.get(key)
    if found is None:
        whole = evaluate(programme, as_of=as_of, subject_ids=None)
        all_rules = _every_rule(programme, whole)
        found = (whole, all_rules)
        cache.set(key, found, freshness.TIMEOUT)
    with _memo_lock:
        _memo[key] = found
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return found


def _every_rule(programme: Programme, whole: Evaluation) -> list[RuleInfo]:
    """The evaluation's rules, including those no subject has a cell for (shown when none of
    the chosen subjects has any)."""
    if len(whole.rules) == len(spec_of(programme).rules):
        return whole.rules
    return evaluate(programme, as_of=whole.as_of, subject_ids=[]).rules


def narrowed(whole: Evaluation, all_rules: list[RuleInfo], subject_ids) -> Evaluation:
    """``whole`` cut to ``subject_ids``, as the engine would have evaluated them alone."""
    keep = set(subject_ids)
    subjects = [s for s in whole.subjects if s.id in keep]
    cells = {key: cell for key, cell in whole.cells.items() if key[0] in keep}
    rules = [info for info in all_rules if any((s.id, info.id) in cells for s in subjects)]
    return dataclasses.replace(
        whole, subjects=subjects, cells=cells, rules=rules or list(all_rules)
    )
