"""Policies: the published rules, readable by every user holding a grant (as the pages)."""

from django.db.models import Max
from django.http import Http404
from ninja import Path, Router

from touyan.policies import selectors
from touyan.policies.describe import requirement
from touyan.policies.loading import load_policy
from touyan.policies.names import english_chosen, shown

from .. import present
from ..schemas.common import MAX_ID, POLICY_SLUG, READ_ERRORS
from ..schemas.policies import PolicyOut, PolicyVersionOut

router = Router(tags=["培养政策"])

VERSION_NUMBER = Path(..., ge=1, le=MAX_ID, description="版本号")


def _require_reader(request) -> None:
    if not request.auth.has_perm("policies.view_policy"):
        raise Http404


@router.get("/policies", response={200: list[PolicyOut], **READ_ERRORS}, summary="全部培养政策")
def list_policies(request):
    _require_reader(request)
    policies = selectors.policies().annotate(latest=Max("versions__number"))
    return [
        {
            "slug": policy.slug,
            "name": policy.name,
            "jurisdiction": present.region(policy.jurisdiction),
            "latest_version": policy.latest or 0,
        }
        for policy in policies
    ]


def _version_out(version) -> dict:
    spec = load_policy(version.text)
    policy = version.policy
    return {
        "slug": policy.slug,
        "name": shown(spec.policy) if english_chosen() else policy.name,
        "jurisdiction": present.region(policy.jurisdiction),
        "version": version.number,
        "versions": list(policy.versions.order_by("number").values_list("number", flat=True)),
        "digest": version.digest,
        "published_at": version.created_at,
        "source": spec.policy.source,
        "subject": spec.policy.subject,
        "text": version.text,
        "rules": [
            {
                "id": rule.id,
                "clause": rule.clause,
                "kind": rule.kind,
                "period": getattr(rule, "period", None),
                "description": shown(rule, "description"),
                "requirement": requirement(spec, rule),
            }
            for rule in spec.rules
        ],
    }


@router.get(
    "/policies/{slug}",
    response={200: PolicyVersionOut, **READ_ERRORS},
    summary="一项政策的最新版本：元数据、TOML 全文与规则",
)
def get_policy(request, slug: str = POLICY_SLUG):
    _require_reader(request)
    return _version_out(selectors.policy_version(slug=slug))


@router.get(
    "/policies/{slug}/versions/{number}",
    response={200: PolicyVersionOut, **READ_ERRORS},
    summary="一项政策的指定版本",
)
def get_policy_version(request, slug: str = POLICY_SLUG, number: int = VERSION_NUMBER):
    _require_reader(request)
    return _version_out(selectors.policy_version(slug=slug, number=number))
