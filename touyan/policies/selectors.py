"""Reading policies. Every signed-in user with a grant may read every policy: they are public
rules of public programmes, so there is no scope to narrow to; a programme's participants read
the versions of its policy (``rules.sees_a_programme_under``). Drafts are another matter: only
those who may edit the policy see them."""

from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from touyan.accounts.scopes import scope_of
from touyan.jobs.models import Job
from touyan.regions.codes import scope_prefix

from .models import Policy, PolicyDraft, PolicyVersion

PREVIEW_JOB = "policies.preview"


def policies() -> QuerySet[Policy]:
    return Policy.objects.select_related("jurisdiction")


def policy_version(*, slug: str, number: int | None = None) -> PolicyVersion:
    """The version ``number`` of the policy ``slug``, or its latest; 404 when there is none."""
    versions = PolicyVersion.objects.select_related("policy", "policy__jurisdiction").filter(
        policy__slug=slug
    )
    if number is None:
        version = versions.order_by("-number").first()
        if version is None:
            raise Http404
        return version
    return get_object_or_404(versions, number=number)


def policies_with_latest() -> QuerySet[Policy]:
    """Policies with ``latest_number``, the number of their newest version."""
    return policies().annotate(latest_number=Max("versions__number"))


def drafts_visible_to(user) -> QuerySet[PolicyDraft]:
    """The drafts a user may open: of policies they may edit, and new ones they wrote."""
    drafts = PolicyDraft.objects.select_related("policy", "based_on", "created_by")
    scope = scope_of(user)
    if scope.everything:
        return drafts
    if not scope.authority_codes:
        return drafts.none()
    inside = Q()
    for code in scope.authority_codes:
        inside |= Q(policy__jurisdiction__code__startswith=scope_prefix(code))
    return drafts.filter(inside | Q(policy__isnull=True, created_by=user))


def preview_jobs(draft: PolicyDraft) -> QuerySet[Job]:
    return Job.objects.filter(kind=PREVIEW_JOB, payload__draft=draft.pk).order_by("-pk")
