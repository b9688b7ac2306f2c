"""An evaluation as plain data (JSON): the command's output, the API's body and a snapshot's
content. Fields added later (``pace``, ``note``, ``unit``) are absent from snapshots kept
before them; readers take an absent one as null (or empty)."""

from __future__ import annotations

from typing import Any

from touyan.programmes.calendar import Period

from .verdicts import Cell, Evaluation, Verdict


def period_data(period: Period) -> dict[str, Any]:
    return {
        "kind": period.kind,
        "key": period.key,
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def verdict_data(verdict: Verdict) -> dict[str, Any]:
    return {
        "period": period_data(verdict.period),
        "state": str(verdict.state),
        "pace": str(verdict.pace) if verdict.pace else None,
        "count": verdict.count,
        "required": verdict.required,
        "missing": verdict.missing,
        "note": verdict.note,
        "evidence": [
            {
                "kind": item.kind,
                "id": item.id,
                "date": item.date.isoformat() if item.date else None,
                "label": item.label,
            }
            for item in verdict.evidence
        ],
    }


def cell_data(cell: Cell, *, detail: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "state": str(cell.state),
        "pace": str(cell.pace) if cell.pace else None,
        "missed_periods": cell.missed_periods,
        "next_step": cell.next_step,
        "current": verdict_data(cell.current) if cell.current else None,
    }
    if detail:
        data["verdicts"] = [verdict_data(v) for v in cell.verdicts]
    return data


def evaluation_data(evaluation: Evaluation, *, programme, detail: bool = True) -> dict[str, Any]:
    version = programme.policy_version
    return {
        "programme": {"slug": programme.slug, "name": programme.name},
        "as_of": evaluation.as_of.isoformat(),
        "policy": {
            "slug": version.policy.slug,
            "version": evaluation.policy_version_number,
        },
        "totals": {str(state): count for state, count in evaluation.counts().items()},
        "rules": [
            {
                "id": rule.id,
                "clause": rule.clause,
                "kind": rule.kind,
                "period": rule.period,
                "title": rule.title,
                "requirement": rule.requirement,
                "on_missed": rule.on_missed,
                "unit": rule.unit or None,
            }
            for rule in evaluation.rules
        ],
        "subjects": [
            {
                "kind": subject.kind,
                "id": subject.id,
                "name": subject.name,
                "region": subject.region_id,
                "detail": subject.detail,
                "cells": {
                    rule.id: cell_data(evaluation.cells[(subject.id, rule.id)], detail=detail)
                    for rule in evaluation.rules
                    if (subject.id, rule.id) in evaluation.cells
                },
            }
            for subject in evaluation.subjects
        ],
    }
