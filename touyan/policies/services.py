"""Publishing a policy: validate, then write a new version only when the text changed."""

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.regions.models import Region

from .loading import PolicyError, load_policy, problem_at
from .models import Policy, PolicyVersion


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def publish_policy(*, actor: Actor, text: str) -> PolicyVersion:
    """Validate ``text`` and publish it as the next version of its policy (created on first
    publication). The same text as the latest version returns that version unchanged. The
    actor must be allowed to edit the policy (a new one: policies of its jurisdiction)."""
    spec = load_policy(text)
    header = spec.policy
    region = Region.objects.filter(pk=header.jurisdiction).first()
    if region is None:
        raise PolicyError(
            [
                problem_at(
                    text,
                    ("policy", "jurisdiction"),
                    _("没有区划代码为 %(code)s 的行政区划") % {"code": header.jurisdiction},
                )
            ]
        )
    existing = Policy.objects.filter(slug=header.slug).first()
    require(actor, "policies.change_policy", existing or region)
    # get_or_create survives two first publications at once (it re-reads after a unique-key
    # clash); the row lock then serialises the version numbering.
    policy, created = Policy.objects.get_or_create(
        slug=header.slug, defaults={"name": header.name, "jurisdiction": region}
    )
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if created:
        record(
            actor=actor,
            verb=Verb.CREATE,
            target=policy,
            scope_code=region.pk,
            changes={
                "slug": [None, policy.slug],
                "name": [None, policy.name],
                "jurisdiction": [None, region.pk],
            },
        )
    elif policy.jurisdiction_id != region.pk:
        raise PolicyError(
            [
                problem_at(
                    text,
                    ("policy", "jurisdiction"),
                    _("政策“%(slug)s”属于区划 %(code)s，新版本不能改变管辖区划")
                    % {"slug": policy.slug, "code": policy.jurisdiction_id},
                )
            ]
        )
    elif policy.name != header.name:
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=policy,
            scope_code=region.pk,
            changes={"name": [policy.name, header.name]},
        )
        policy.name = header.name
        policy.save(update_fields=["name"])

    digest = digest_of(text)
    latest = policy.versions.order_by("-number").first()
    if latest is not None and latest.digest == digest:
        return latest
    version = PolicyVersion.objects.create(
        policy=policy,
        number=latest.number + 1 if latest else 1,
        text=text,
        digest=digest,
        created_by=actor.user,
    )
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=version,
        scope_code=region.pk,
        changes={"number": [None, version.number], "digest": [None, digest]},
        note=_("发布第 %(number)d 版") % {"number": version.number},
    )
    return version
