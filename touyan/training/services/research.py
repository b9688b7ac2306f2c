"""The research institute's role on a programme (市教育科学研究院, HZ-4.2.1): the centre grants
it to an account on the programme it runs, or takes it back. The grant is an ordinary
``RoleGrant`` scoped to the programme, audited like any other; the account is told."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from touyan.accounts.models import RoleGrant, User
from touyan.accounts.roles import Role
from touyan.accounts.scopes import forget_scope
from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor
from touyan.core.steps import require
from touyan.notifications.services import notify
from touyan.programmes.models import Programme


def institute_grants(programme: Programme) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(
        role=Role.RESEARCH_INSTITUTE,
        scope_type=ContentType.objects.get_for_model(Programme),
        scope_id=programme.pk,
    ).select_related("user")


@transaction.atomic
def grant_institute(*, actor: Actor, programme: Programme, user: User) -> RoleGrant:
    """Give ``user`` the research institute's role on ``programme``; granting it again changes
    nothing."""
    require(actor, "training.grant_institute", programme, _("您无权为这个项目授权"))
    if not user.is_active:
        raise ValidationError({"username": _("这个账号已停用")})
    if actor.user is not None and user.pk == actor.user.pk:
        raise ValidationError({"username": _("不能给自己授权")})
    grant = institute_grants(programme).filter(user=user).first()
    if grant is not None:
        return grant
    grant = RoleGrant(
        user=user,
        role=Role.RESEARCH_INSTITUTE,
        scope_type=ContentType.objects.get_for_model(Programme),
        scope_id=programme.pk,
        granted_by=actor.user,
    )
    grant.full_clean()
    grant.save()
    record(
        actor=actor,
        verb=Verb.GRANT,
        target=grant,
        scope_code=programme.jurisdiction_id,
        changes={"role": [None, grant.role], "scope_object": [None, programme.name]},
    )
    forget_scope(user)
    notify(
        users=[user],
        title=_("您已获授“%(programme)s”的课题指导（教育科学研究院）权限")
        % {"programme": programme.name},
        url=reverse("training:research", args=[programme.slug]),
    )
    return grant


@transaction.atomic
def revoke_institute(*, actor: Actor, programme: Programme, grant: RoleGrant) -> None:
    require(actor, "training.grant_institute", programme, _("您无权为这个项目授权"))
    if not institute_grants(programme).filter(pk=grant.pk).exists():
        raise ValidationError(_("这项授权不在本项目中"))
    user = grant.user
    record(
        actor=actor,
        verb=Verb.REVOKE,
        target=grant,
        scope_code=programme.jurisdiction_id,
        changes={"role": [grant.role, None], "scope_object": [programme.name, None]},
    )
    grant.delete()
    forget_scope(user)
