"""Reading policies. Every signed-in user with a grant may read every policy: they are public
rules of public programmes, so there is no scope to narrow to."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Policy, PolicyVersion


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
