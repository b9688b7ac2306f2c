"""The accounts an authority admin sees, and where an account stands in the division tree."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q, QuerySet

from touyan.regions.models import Region
from touyan.regions.selectors import within

from .areas import area_prefixes
from .models import RoleGrant, User
from .roles import Role
from .scopes import scope_of

# Objects a grant may be scoped to, and the foreign key to the division each belongs to.
OBJECT_SCOPES = {
    "programmes.programme": "jurisdiction",
    # A finance contact's grant (Role.FINANCE_CONTACT) is on one studio or one cohort.
    "programmes.studio": "region",
    "programmes.cohort": "programme__jurisdiction",
}


def users_visible_to(user) -> QuerySet[User]:
    """Superusers see every account; an authority admin the accounts of their area: filed
    there, holding a grant there, or linked to a principal of a school there. Other superusers'
    accounts are for superusers only."""
    scope = scope_of(user)
    users = User.objects.select_related("home_region").order_by("username")
    if scope.everything:
        return users
    prefixes = area_prefixes(scope)
    if not prefixes:
        return users.none()
    in_area = (
        within(prefixes, "home_region__code")
        | Q(pk__in=RoleGrant.objects.filter(within(prefixes, "region__code")).values("user_id"))
        | within(prefixes, "principal__school__region__code")
    )
    for label, field in OBJECT_SCOPES.items():
        model = apps.get_model(label)
        objects = model.objects.filter(within(prefixes, f"{field}__code")).values("pk")
        granted = RoleGrant.objects.filter(
            scope_type=ContentType.objects.get_for_model(model), scope_id__in=objects
        )
        in_area |= Q(pk__in=granted.values("user_id"))
    return users.filter(in_area, is_superuser=False).distinct()


def search_users(users: QuerySet[User], text: str) -> QuerySet[User]:
    text = text.strip()
    if not text:
        return users
    return users.filter(
        Q(username__icontains=text) | Q(full_name__contains=text) | Q(email__icontains=text)
    )


def grants_of(user: User) -> list[RoleGrant]:
    """The user's grants with what each is scoped to (a studio's or cohort's programme too, for
    its label): a query per kind of object, not per grant."""
    scoped = [
        apps.get_model(label).objects.select_related(
            *(("programme",) if "programme" in field else ())
        )
        for label, field in OBJECT_SCOPES.items()
    ]
    return list(
        user.grants.select_related("region", "scope_type", "granted_by")
        .prefetch_related(GenericPrefetch("scope_object", scoped))
        .order_by("role", "region_id", "scope_type_id", "scope_id")
    )


def scope_kind(scoped) -> str:
    """ "programme", "studio" or "cohort": what kind of object a grant is scoped to."""
    return scoped._meta.model_name


def studios_grantable_by(user) -> QuerySet:
    """The studios on which the admin may grant a role (a finance contact's): those in their
    area, with their programme, grouped by programme."""
    return _objects_grantable_by(user, "programmes.studio").order_by("programme__name", "name")


def cohorts_grantable_by(user) -> QuerySet:
    return _objects_grantable_by(user, "programmes.cohort").order_by("programme__name", "number")


def _objects_grantable_by(user, label: str) -> QuerySet:
    objects = apps.get_model(label).objects.select_related("programme")
    scope = scope_of(user)
    if scope.everything:
        return objects
    return objects.filter(within(area_prefixes(scope), f"{OBJECT_SCOPES[label]}__code"))


def grant_place(grant: RoleGrant) -> str:
    """The division a grant belongs to: its region, or its object's."""
    if grant.region_id:
        return grant.region_id
    if grant.scope_type_id is None:
        return ""
    field = OBJECT_SCOPES.get(f"{grant.scope_type.app_label}.{grant.scope_type.model}")
    scoped = grant.scope_object
    if not field or scoped is None:
        return ""
    *path, last = field.split("__")
    for name in path:
        scoped = getattr(scoped, name)
    return getattr(scoped, f"{last}_id", "")


@dataclass(frozen=True)
class Footprint:
    """Every place an account belongs to, and the regions of its authority-admin grants."""

    places: tuple[str, ...]
    authority_codes: tuple[str, ...]


def footprint_of(user: User) -> Footprint:
    places, authority = set(), set()
    if user.home_region_id:
        places.add(user.home_region_id)
    for grant in user.grants.select_related("scope_type"):
        place = grant_place(grant)
        places.add(place)
        if grant.role == Role.AUTHORITY_ADMIN:
            authority.add(place)
    principal = getattr(user, "principal", None)
    if principal is not None:
        places.add(principal.school.region_id)
    return Footprint(tuple(sorted(places)), tuple(sorted(authority)))


def regions_grantable_by(user) -> QuerySet[Region]:
    scope = scope_of(user)
    regions = Region.objects.order_by("code")
    if scope.everything:
        return regions
    return regions.filter(within(area_prefixes(scope)))


def programmes_grantable_by(user) -> QuerySet:
    model = apps.get_model("programmes.programme")
    scope = scope_of(user)
    programmes = model.objects.order_by("name")
    if scope.everything:
        return programmes
    field = OBJECT_SCOPES["programmes.programme"]
    return programmes.filter(within(area_prefixes(scope), f"{field}__code"))


def principals_linkable_by(user) -> QuerySet:
    """Principals of the admin's area who have no account yet."""
    model = apps.get_model("people.principal")
    scope = scope_of(user)
    principals = (
        model.objects.filter(user__isnull=True)
        .select_related("school")
        .order_by("school__region_id", "school__name", "name")
    )
    if scope.everything:
        return principals
    return principals.filter(within(area_prefixes(scope), "school__region__code"))
