"""Drafts written in the editor: started from the latest version (or a blank template), saved,
discarded, published. A draft is read by nobody but the editor until it is published."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.accounts.scopes import scope_of
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.jobs.models import Job
from touyan.jobs.services import enqueue
from touyan.programmes.models import Programme

from .loading import MAX_POLICY_CHARS, PolicyError, Problem, load_policy, problem_at, too_long
from .models import Policy, PolicyDraft, PolicyVersion
from .selectors import PREVIEW_JOB
from .services import publish_policy

# What a new policy starts from: the header every policy needs, and one rule to copy.
BLANK = """# 新政策：请按照方案原文逐条填写（见《政策编写指南》）。
[policy]
slug = "new-policy"
name = "新政策名称"
source = "依据文件名称"
jurisdiction = "{jurisdiction}"
subject = "studio"

[calendar]
cycle_length = 3
cycle_unit = "years"

[[activity_types]]
code = "seminar"
name = "专题研讨"

[[rules]]
id = "monthly-seminar"
clause = "XX-1.1"
kind = "activity_count"
activity_types = ["seminar"]
period = "month"
at_least = 1
description = "每月至少举行一次专题研讨活动。"
"""


def _blank_for(actor: Actor) -> str:
    """The blank template, in the actor's jurisdiction when they have exactly one."""
    own = scope_of(actor.user).authority_codes if actor.user is not None else ()
    return BLANK.replace("{jurisdiction}", own[0] if len(own) == 1 else "000000")


def _scope(draft: PolicyDraft) -> str:
    return draft.policy.jurisdiction_id if draft.policy_id else ""


@transaction.atomic
def start_draft(*, actor: Actor, policy: Policy | None = None) -> PolicyDraft:
    """A draft of the next version of ``policy`` from its latest version's text, or of a new
    policy from the blank template."""
    require(actor, "policies.change_policy", policy)
    latest = policy.versions.order_by("-number").first() if policy is not None else None
    draft = PolicyDraft.objects.create(
        policy=policy,
        based_on=latest,
        text=latest.text if latest is not None else _blank_for(actor),
        created_by=actor.user,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=draft,
        scope_code=_scope(draft),
        changes={"based_on": [None, latest.number if latest else None]},
        note=_("开始编写政策草稿"),
    )
    return draft


@transaction.atomic
def save_draft(*, actor: Actor, draft: PolicyDraft, text: str) -> PolicyDraft:
    """Keep the text as it is, problems and all: a draft may be saved half written — but not
    beyond the length a policy may have."""
    require(actor, "policies.change_draft", draft)
    text = text.replace("\r\n", "\n")
    if text == draft.text:
        return draft
    if len(text) > MAX_POLICY_CHARS:
        raise ValidationError({"text": too_long(text).message})
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=draft,
        scope_code=_scope(draft),
        changes={"length": [len(draft.text), len(text)]},
        note=_("保存政策草稿"),
    )
    draft.text = text
    draft.save(update_fields=["text", "updated_at"])
    return draft


@transaction.atomic
def discard_draft(*, actor: Actor, draft: PolicyDraft) -> None:
    require(actor, "policies.change_draft", draft)
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=draft,
        scope_code=_scope(draft),
        note=_("放弃政策草稿"),
    )
    draft.delete()


@transaction.atomic
def publish_draft(
    *, actor: Actor, draft: PolicyDraft, seen_latest: int | None = None
) -> PolicyVersion:
    """Publish the draft as the next version (``publish_policy`` validates, numbers and audits
    it), then remove the draft. A draft with problems raises ``PolicyError`` and stays; so does
    a new policy's draft whose slug another policy has, and — when ``seen_latest``, the number
    of the latest version the author was shown, is given — a draft of a policy that has had
    another version published since."""
    require(actor, "policies.change_draft", draft)
    spec = load_policy(draft.text)
    if draft.policy_id is None:
        if Policy.objects.filter(slug=spec.policy.slug).exists():
            raise PolicyError(
                [
                    problem_at(
                        draft.text,
                        ("policy", "slug"),
                        _("已有标识为“%(slug)s”的政策：要修改它，请在该政策的页面上“编写新版本”")
                        % {"slug": spec.policy.slug},
                    )
                ]
            )
    else:
        latest = draft.policy.versions.order_by("-number").first()
        number = latest.number if latest else 0
        if seen_latest is not None and number != seen_latest:
            raise PolicyError(
                [
                    Problem(
                        None,
                        (),
                        _(
                            "您查看之后又发布了第 %(number)d 版：请先查看与现行版本的差异，再决定是否发布"
                        )
                        % {"number": number},
                    )
                ]
            )
        if spec.policy.slug != draft.policy.slug:
            raise PolicyError(
                [
                    problem_at(
                        draft.text,
                        ("policy", "slug"),
                        _("这是政策“%(slug)s”的草稿，标识不能改为“%(new)s”")
                        % {"slug": draft.policy.slug, "new": spec.policy.slug},
                    )
                ]
            )
    version = publish_policy(actor=actor, text=draft.text)
    record(
        actor=actor,
        verb=Verb.DELETE,
        target=draft,
        scope_code=version.policy.jurisdiction_id,
        note=_("草稿已发布为第 %(number)d 版") % {"number": version.number},
    )
    draft.delete()
    return version


@transaction.atomic
def ask_preview(*, actor: Actor, draft: PolicyDraft, programme: Programme) -> Job:
    """Judge ``programme``'s records under the draft, on the task queue. The draft must load,
    and the programme must run a version of the draft's policy."""
    require(actor, "policies.change_draft", draft)
    if draft.policy_id is None or programme.policy_version.policy_id != draft.policy_id:
        raise PermissionDenied
    load_policy(draft.text)
    job = enqueue(
        actor=actor,
        kind=PREVIEW_JOB,
        payload={"draft": draft.pk, "programme": programme.pk, "policy": draft.policy_id},
        scope_code=draft.policy.jurisdiction_id,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=job,
        scope_code=draft.policy.jurisdiction_id,
        note=_("预览草稿在“%(programme)s”上的结论") % {"programme": programme.name},
    )
    return job


# The editor lists this many problems at most: a pasted text with thousands of them is fixed
# from the top.
MAX_PROBLEMS = 200


def problems_in(text: str) -> list[Problem]:
    """The problems of ``text`` (the first ``MAX_PROBLEMS``, then how many more), each with
    its line and column; empty when it would load."""
    try:
        load_policy(text)
    except PolicyError as error:
        lines = text.split("\n")
        shown = [_with_column(lines, problem) for problem in error.problems[:MAX_PROBLEMS]]
        more = len(error.problems) - len(shown)
        if more:
            shown.append(
                Problem(None, (), _("另有 %(n)d 个问题未列出：请先改正以上问题") % {"n": more})
            )
        return shown
    return []


def _with_column(lines: list[str], problem: Problem) -> Problem:
    """Syntax errors know their column; a schema problem is placed at its key on its line."""
    if problem.column is not None or problem.line is None:
        return problem
    line = lines[problem.line - 1] if problem.line <= len(lines) else ""
    keys = [part for part in problem.path if isinstance(part, str)]
    found = line.find(keys[-1]) if keys else -1
    column = found + 1 if found >= 0 else len(line) - len(line.lstrip()) + 1
    return Problem(problem.line, problem.path, problem.message, column)
