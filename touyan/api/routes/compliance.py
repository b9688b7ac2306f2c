"""Compliance verdicts: every visible studio or trainee against every rule of the policy."""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from touyan.compliance.selectors import evaluation_for
from touyan.compliance.serialise import evaluation_data

from ..context import programme_of
from ..schemas.common import PROGRAMME_SLUG, READ_ERRORS, Problems
from ..schemas.compliance import ComplianceFilters, EvaluationOut

router = Router(tags=["合规评估"])


@router.get(
    "/programmes/{slug}/compliance",
    response={200: EvaluationOut, 400: Problems, **READ_ERRORS},
    by_alias=True,  # the "in" of a problem
    summary="合规评估：我可见的每个工作室或培养人选 × 每条规则，各期的判定及其依据",
)
def get_compliance(request, filters: Query[ComplianceFilters], slug: str = PROGRAMME_SLUG):
    programme = programme_of(request, slug)
    evaluation = evaluation_for(
        request.auth,
        programme,
        as_of=filters.as_of or timezone.localdate(),
        subject_ids=[filters.subject] if filters.subject is not None else None,
    )
    if filters.rule is not None and all(rule.id != filters.rule for rule in evaluation.rules):
        message = _("项目政策中没有规则“%(rule)s”") % {"rule": filters.rule}
        return Status(400, {"detail": [{"field": "rule", "in": "query", "message": message}]})
    data = evaluation_data(evaluation, programme=programme, detail=filters.detail)
    return _filtered(data, rule=filters.rule, state=filters.state, pace=filters.pace)


def _filtered(data: dict, *, rule: str | None, state: str | None, pace: str | None) -> dict:
    if rule is None and state is None and pace is None:
        return data
    if rule is not None:
        data["rules"] = [info for info in data["rules"] if info["id"] == rule]
    subjects = []
    for subject in data["subjects"]:
        cells = {
            rule_id: cell
            for rule_id, cell in subject["cells"].items()
            if (rule is None or rule_id == rule)
            and (state is None or cell["state"] == state)
            and (pace is None or cell["pace"] == pace)
        }
        if cells:
            subjects.append({**subject, "cells": cells})
    data["subjects"] = subjects
    totals = dict.fromkeys(data["totals"], 0)
    for subject in subjects:
        for cell in subject["cells"].values():
            totals[cell["state"]] += 1
    data["totals"] = totals
    return data
