"""The compliance engine: every rule of a programme's policy, for every subject and period, as of
a date — in a fixed number of queries, whatever the number of studios or trainees."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Collection
from contextlib import contextmanager

from django.db import connection

from touyan.policies.describe import requirement
from touyan.policies.schema import Policy
from touyan.programmes.calendar import ProgrammeCalendar
from touyan.programmes.models import Programme
from touyan.programmes.policy import spec_of
from touyan.regions.codes import scope_prefix

from . import wording
from .facts import load_facts
from .judges import JUDGES, Context
from .verdicts import CEILINGS, SEVERITY, Cell, Evaluation, RuleInfo, State, Subject, Verdict


def evaluate(
    programme: Programme,
    *,
    as_of: dt.date,
    subject_ids: Collection[int] | None = None,
    spec: Policy | None = None,
) -> Evaluation:
    """Verdicts for every subject (studio or trainee) of ``programme``, or only for
    ``subject_ids``, under the policy version the programme runs under — or under ``spec``, a
    policy not published yet (the editor's preview of a draft)."""
    with _without_cycle_collection():
        return _evaluate(programme, as_of=as_of, subject_ids=subject_ids, spec=spec)


def _evaluate(programme, *, as_of, subject_ids, spec) -> Evaluation:
    spec = spec if spec is not None else spec_of(programme)
    with _counting() as counter:
        facts = load_facts(programme, spec, as_of=as_of, subject_ids=subject_ids)
    calendars: dict[int | None, ProgrammeCalendar] = {
        None: ProgrammeCalendar(spec.calendar, programme.starts_on)
    }
    for cohort_id, starts_on in facts.cohort_starts.items():
        calendars[cohort_id] = ProgrammeCalendar(spec.calendar, starts_on)
    context = Context(
        spec=spec,
        as_of=as_of,
        facts=facts,
        calendars=calendars,
        partner_prefixes=tuple(scope_prefix(code) for code in programme.partner_regions),
    )
    rules = [
        RuleInfo(
            id=rule.id,
            clause=rule.clause,
            kind=rule.kind,
            period=getattr(rule, "period", "cycle"),
            title=wording.rule_title(spec, rule),
            requirement=requirement(spec, rule),
            on_missed=rule.on_missed,
            unit=getattr(rule, "unit", ""),
            per="member" if rule.kind in CEILINGS and spec.policy.subject == "studio" else "",
        )
        for rule in spec.rules
    ]
    cells: dict[tuple[int, str], Cell] = {}
    with wording.in_language():
        for subject in facts.subjects:
            for rule in spec.rules:
                verdicts = JUDGES[rule.kind](context, rule, subject)
                if verdicts:
                    cells[(subject.id, rule.id)] = summarise(subject, rule.id, verdicts, as_of)
    rules = [
        info for info in rules if any((s.id, info.id) in cells for s in facts.subjects)
    ] or rules
    version = programme.policy_version
    return Evaluation(
        programme_id=programme.pk,
        policy_version_id=version.pk,
        policy_version_number=version.number,
        as_of=as_of,
        rules=rules,
        subjects=facts.subjects,
        cells=cells,
        queries=counter[0],
    )


def summarise(subject: Subject, rule_id: str, verdicts: list[Verdict], as_of: dt.date) -> Cell:
    begun = [v for v in verdicts if v.period.start <= as_of]
    state = max((v.state for v in begun), key=SEVERITY.__getitem__, default=State.NOT_DUE)
    current = next((v for v in verdicts if v.period.contains(as_of)), None)
    if current is None and begun:
        current = begun[-1]
    missed = [v for v in begun if v.state is State.MISSED]
    step = ""
    if current is not None and current.state is State.AT_RISK:
        days = current.period.days_left(as_of) if current.countdown else None
        step = wording.with_note(
            wording.next_step(current.period, current.missing, days), current.note
        )
    elif missed:
        step = wording.missed_step(missed[-1].period, missed[-1].missing)
    elif current is not None and current.note:
        step = current.note  # how much room a ceiling still leaves
    open_now = current is not None and current.period.contains(as_of)
    return Cell(
        subject=subject,
        rule_id=rule_id,
        verdicts=verdicts,
        state=state,
        current=current,
        missed_periods=len(missed),
        next_step=step,
        pace=current.pace if open_now else None,
    )


@contextmanager
def _counting():
    counter = [0]

    def count(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


@contextmanager
def _without_cycle_collection():
    """A national evaluation allocates about a million small objects and frees none of them
    in cycles; Python's cycle collector would scan them again and again (a third of the time).
    Reference counting still frees everything; the collector is back on when we are done,
    unless it was already off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
