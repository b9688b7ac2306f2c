"""The editor's preview of verdicts: a programme's current records judged under the version it
runs under today and under the draft, side by side. Runs on the task queue: a national
programme's evaluation takes a while."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from touyan.compliance.engine import evaluate
from touyan.compliance.verdicts import Cell, Evaluation, Pace, State
from touyan.jobs.kinds import job
from touyan.programmes.models import Programme

from .loading import load_policy
from .models import PolicyDraft
from .selectors import PREVIEW_JOB

# The states the preview counts: an open period "at risk" is split by its pace.
BUCKETS = ("met", "on_track", "behind", "missed", "not_due")


def bucket_of(cell: Cell) -> str:
    if cell.state is State.AT_RISK:
        return "on_track" if cell.pace is Pace.ON_TRACK else "behind"
    return str(cell.state)


def _counts(evaluation: Evaluation) -> dict[str, dict[str, int]]:
    counts = {info.id: dict.fromkeys(BUCKETS, 0) for info in evaluation.rules}
    for (_subject, rule_id), cell in evaluation.cells.items():
        counts.setdefault(rule_id, dict.fromkeys(BUCKETS, 0))[bucket_of(cell)] += 1
    return counts


def compare(today: Evaluation, draft: Evaluation) -> dict:
    """Per rule, the counts under each; which rules come and go; the subjects whose state
    under a rule kept by both changes. Names only, as the compliance pages show them."""
    titles = {info.id: info.title for info in today.rules}
    titles.update({info.id: info.title for info in draft.rules})
    before, after = _counts(today), _counts(draft)
    order = [info.id for info in today.rules]
    order += [info.id for info in draft.rules if info.id not in before]
    kept = [rule_id for rule_id in order if rule_id in before and rule_id in after]
    subjects = {subject.id: subject for subject in [*today.subjects, *draft.subjects]}
    changes = []
    for subject_id, subject in subjects.items():
        for rule_id in kept:
            old, new = (
                today.cells.get((subject_id, rule_id)),
                draft.cells.get((subject_id, rule_id)),
            )
            old_bucket = bucket_of(old) if old else ""
            new_bucket = bucket_of(new) if new else ""
            if old_bucket != new_bucket:
                changes.append(
                    {
                        "subject": subject.name,
                        "rule": rule_id,
                        "before": old_bucket,
                        "after": new_bucket,
                    }
                )
    return {
        "rules": [
            {
                "id": rule_id,
                "title": titles[rule_id],
                "before": before.get(rule_id),
                "after": after.get(rule_id),
            }
            for rule_id in order
        ],
        "added": [rule_id for rule_id in order if rule_id not in before],
        "removed": [rule_id for rule_id in order if rule_id not in after],
        "changes": changes,
        "subjects": len(subjects),
    }


@job(PREVIEW_JOB, shows_result=False)
def preview(job, draft: int, programme: int, policy: int) -> dict:
    """``policy`` names the policy the draft belongs to: whoever may edit it reads the result,
    also after the draft was published or discarded."""
    row = PolicyDraft.objects.get(pk=draft)
    spec = load_policy(row.text)
    target = Programme.objects.select_related("policy_version").get(pk=programme)
    as_of = timezone.localdate()
    job.progress(0, 2, _("按现行版本评估"))
    today = evaluate(target, as_of=as_of)
    job.progress(1, 2, _("按草稿评估"))
    drafted = evaluate(target, as_of=as_of, spec=spec)
    job.progress(2, 2, _("比较结论"))
    return {
        "draft": draft,
        "policy": policy,
        "programme": programme,
        "programme_name": target.name,
        "version": target.policy_version.number,
        "as_of": as_of.isoformat(),
        **compare(today, drafted),
    }
