from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from touyan.audit.models import Verb
from touyan.audit.services import record
from touyan.core.actors import Actor

from .models import RoleGrant, User
from .scopes import forget_scope


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
    """A new account; ``is_superuser`` makes a system administrator (all areas, the back end)."""
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
def grant_role(
    *,
    actor: Actor,
    user: User,
    role: str,
    region=None,
    scope_object=None,
    sees_personal_data: bool = False,
) -> RoleGrant:
    """Give a role in a region or on one object; granting the same again changes nothing."""
    if (region is None) == (scope_object is None):
        raise ValueError("A grant needs exactly one of region or scope_object.")
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
        grant.full_clean()
        grant.save()
        record(
            actor=actor,
            verb=Verb.GRANT,
            target=grant,
            scope_code=grant.region_id or "",
            changes={"role": [None, role], "sees_personal_data": [None, sees_personal_data]},
        )
    elif grant.sees_personal_data != sees_personal_data:
        grant.sees_personal_data = sees_personal_data
        grant.save(update_fields=["sees_personal_data"])
        record(
            actor=actor,
            verb=Verb.UPDATE,
            target=grant,
            scope_code=grant.region_id or "",
            changes={"sees_personal_data": [not sees_personal_data, sees_personal_data]},
        )
    forget_scope(user)
    return grant
