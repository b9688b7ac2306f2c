"""Accounts and grants. Every change is checked against the actor's permissions here (the
pages ask the same permissions first) and written to the audit trail in the same transaction.
Actors without a user (the command line, the demo) act for the system and are not limited."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from touyan.audit.models import Verb
from touyan.audit.services import MASK, record
from touyan.core.actors import Actor

from . import passwords
from .models import RoleGrant, User
from .roles import scope_misfit
from .rules import Proposal
from .scopes import forget_scope, scope_of
from .selectors import grant_place, principals_linkable_by, regions_grantable_by, scope_kind


class AccountError(ValueError):
    """A change the rules refuse, with the reason in the user's language."""


def _require(
    actor: Actor, permission: str, obj, message: str, *, account: User | None = None
) -> None:
    """The actor holds ``permission`` on ``obj`` and, whoever they are (a superuser's
    permissions short-circuit the rules), does not act on their own ``account``."""
    if actor.user is None:
        return
    if account is not None and account.pk == actor.user.pk:
        raise PermissionDenied(_("不能修改自己的账号或授权。"))
    if not actor.user.has_perm(permission, obj):
        raise PermissionDenied(message)


def home_code(user: User) -> str:
    """Where an entry about an account is filed: its division, or its first grant's."""
    if user.home_region_id:
        return user.home_region_id
    forget_scope(user)
    codes = scope_of(user).region_codes
    return codes[0] if codes else ""


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> User:
    """A new account with a password (the command line and the demo); ``is_superuser`` makes
    a system administrator (all areas, the back end)."""
    if actor.user is not None and not actor.user.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以直接设置密码或创建系统管理员。"))
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    record(
        actor=actor,
        verb=Verb.CREATE,
        target=user,
        changes={"username": [None, username], "is_superuser": [None, is_superuser]},
    )
    return user


@transaction.atomic
def create_account(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    email: str,
    home_region,
    principal=None,
) -> User:
    """An account filed in a division of the admin's area, optionally the sign-in of a
    principal of that area. It has no password: its owner sets one through the link that
    ``send_password_reset`` mails."""
    _require(actor, "accounts.add_account", None, _("您不能创建账号。"))
    if (
        actor.user is not None
        and not regions_grantable_by(actor.user).filter(pk=home_region.pk).exists()
    ):
        raise AccountError(_("所属辖区不在您管理的范围内。"))
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("用户名 %(name)s 已被使用。") % {"name": username})
    user = User(username=username, full_name=full_name, email=email, home_region=home_region)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    changes = {
        "username": [None, username],
        "full_name": [None, full_name],
        "email": [None, email],
        "home_region": [None, str(home_region)],
    }
    record(actor=actor, verb=Verb.CREATE, target=user, scope_code=home_region.code, changes=changes)
    if principal is not None:
        _link_principal(actor, user, principal)
    return user


def _link_principal(actor: Actor, user: User, principal) -> None:
    from touyan.people.services import link_account

    if (
        actor.user is not None
        and not principals_linkable_by(actor.user).filter(pk=principal.pk).exists()
    ):
        raise AccountError(_("此校长不在您管理的范围内，或已有账号。"))
    try:
        link_account(actor=actor, principal=principal, user=user)
    except ValueError as error:
        raise AccountError(_("此校长已有账号。")) from error


@transaction.atomic
def grant_role(
    *,
    actor: Actor,
    user: User,
    role: str,
    region=None,
    scope_object=None,
    sees_personal_data: bool = False,
) -> RoleGrant:
    """Give a role in a region or on one object; granting the same again changes nothing
    (except the personal-data right, which then follows ``sees_personal_data``)."""
    if (region is None) == (scope_object is None):
        raise ValueError("A grant needs exactly one of region or scope_object.")
    misfit = scope_misfit(role, "region" if region is not None else scope_kind(scope_object))
    if misfit:
        raise AccountError(misfit)
    if region is not None:
        scope = {"region": region}
    else:
        scope = {
            "scope_type": ContentType.objects.get_for_model(scope_object),
            "scope_id": scope_object.pk,
        }
    grant = RoleGrant.objects.filter(user=user, role=role, **scope).first()
    if grant is None:
        grant = RoleGrant(
            user=user,
            role=role,
            sees_personal_data=sees_personal_data,
            granted_by=actor.user,
            **scope,
        )
        place = grant_place(grant)
        _require(
            actor,
            "accounts.add_grant",
            Proposal(user=user, role=role, place=place),
            _("您不能给此账号这项授权。"),
            account=user,
        )
        if sees_personal_data:
            _require(
                actor,
                "accounts.give_personal_data",
                grant,
                _("您不能授予查看完整身份证号与手机号的权限。"),
                account=user,
            )
        grant.full_clean()
        grant.save()
        record(
            actor=actor,
            verb=Verb.GRANT,
            target=grant,
            scope_code=place,
            changes={
                "role": [None, role],
                "region" if region is not None else "scope_object": [None, grant.scope_label],
                "sees_personal_data": [None, sees_personal_data],
            },
        )
    elif grant.sees_personal_data != sees_personal_data:
        set_personal_data(actor=actor, grant=grant, allowed=sees_personal_data)
    forget_scope(user)
    return grant


@transaction.atomic
def revoke_grant(*, actor: Actor, grant: RoleGrant) -> None:
    _require(actor, "accounts.change_grant", grant, _("您不能撤销这项授权。"), account=grant.user)
    place = grant_place(grant)
    changes = {
        "role": [grant.role, None],
        "region" if grant.region_id else "scope_object": [grant.scope_label, None],
        "sees_personal_data": [grant.sees_personal_data, None],
    }
    record(actor=actor, verb=Verb.REVOKE, target=grant, scope_code=place, changes=changes)
    user = grant.user
    grant.delete()
    forget_scope(user)


@transaction.atomic
def set_personal_data(*, actor: Actor, grant: RoleGrant, allowed: bool) -> RoleGrant:
    """Give or take the right to see full ID and mobile numbers on one grant."""
    if allowed:
        _require(
            actor,
            "accounts.give_personal_data",
            grant,
            _("您不能授予查看完整身份证号与手机号的权限。"),
            account=grant.user,
        )
    else:
        _require(
            actor, "accounts.change_grant", grant, _("您不能修改这项授权。"), account=grant.user
        )
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.sees_personal_data == allowed:
        return grant
    grant.sees_personal_data = allowed
    grant.save(update_fields=["sees_personal_data"])
    record(
        actor=actor,
        verb=Verb.GRANT if allowed else Verb.REVOKE,
        target=grant,
        scope_code=grant_place(grant),
        changes={"sees_personal_data": [not allowed, allowed]},
    )
    forget_scope(grant.user)
    return grant


@transaction.atomic
def set_active(*, actor: Actor, user: User, active: bool) -> User:
    """Deactivate (the account can no longer sign in, its sessions end) or reactivate."""
    _require(actor, "accounts.change_account", user, _("您不能停用或启用此账号。"), account=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=user,
        scope_code=home_code(user),
        changes={"is_active": [not active, active]},
    )
    return user


@transaction.atomic
def send_password_reset(*, actor: Actor, user: User, link: passwords.LinkBase) -> None:
    """Mail the account's owner a link to set a new password (after the commit)."""
    _require(
        actor, "accounts.change_account", user, _("您不能为此账号发送密码重置邮件。"), account=user
    )
    if not user.is_active or not user.email:
        raise AccountError(_("此账号已停用或没有电子邮箱，无法发送密码重置邮件。"))
    record(
        actor=actor,
        verb=Verb.PASSWORD_RESET,
        target=user,
        scope_code=home_code(user),
        changes={"email": [None, user.email]},
    )
    transaction.on_commit(lambda: passwords.mail_reset_link(user, link))


@transaction.atomic
def request_password_reset(*, actor: Actor, email: str, link: passwords.LinkBase) -> None:
    """Someone asked for a reset link for an address: every active account with it gets one.
    Whether any exists is not told to the asker; the trail keeps the request."""
    for user in passwords.accounts_with_email(email):
        record(
            actor=actor,
            verb=Verb.PASSWORD_RESET,
            target=user,
            scope_code=home_code(user),
            note=_("本人通过“忘记密码”申请"),
        )
        transaction.on_commit(lambda user=user: passwords.mail_reset_link(user, link))


@transaction.atomic
def complete_password_reset(*, actor: Actor, form) -> User:
    """The owner sets a new password from a valid reset link (Django's ``SetPasswordForm``)."""
    user = form.save()
    record(
        actor=actor,
        verb=Verb.UPDATE,
        target=user,
        scope_code=home_code(user),
        changes={"password": [MASK, MASK]},
        note=_("通过密码重置链接设置新密码"),
    )
    return user
