"""The rules of account management, held by the services whatever page or request calls them."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import PrincipalFactory, SchoolFactory, UserFactory, grant
from touyan.accounts import services
from touyan.accounts.models import RoleGrant
from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.regions.models import Region

pytestmark = pytest.mark.django_db


def as_(user) -> Actor:
    return Actor(user=user, source="web", ip_address="192.0.2.9")


def region(code: str) -> Region:
    return Region.objects.get(code=code)


@pytest.mark.parametrize("who", ["superuser", "hz_admin"])
def test_nobody_changes_their_own_grants_or_account(cast, who):
    me = cast[who]
    own = (
        grant(me, Role.DISTRICT_OFFICER, "330106")
        if who == "superuser"
        else RoleGrant.objects.get(user=me)
    )
    attempts = [
        lambda: services.grant_role(
            actor=as_(me), user=me, role=Role.EXPERT, region=region("330106")
        ),
        lambda: services.revoke_grant(actor=as_(me), grant=own),
        lambda: services.set_personal_data(
            actor=as_(me), grant=own, allowed=not own.sees_personal_data
        ),
        lambda: services.set_active(actor=as_(me), user=me, active=False),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    own.refresh_from_db()
    me.refresh_from_db()
    assert me.is_active and not RoleGrant.objects.filter(user=me, role=Role.EXPERT).exists()


def test_an_admin_does_not_give_themselves_the_personal_data_right(cast):
    hn_grant = RoleGrant.objects.get(user=cast.hn_admin)
    with pytest.raises(PermissionDenied):
        services.set_personal_data(actor=as_(cast.hn_admin), grant=hn_grant, allowed=True)
    hn_grant.refresh_from_db()
    assert not hn_grant.sees_personal_data


@pytest.mark.parametrize(
    ("granter_region", "target_region", "allowed"),
    [
        ("330000", "330100", True),  # a province's admin makes a city's
        ("330000", "330106", True),
        ("330100", "330106", True),  # a city's admin makes a county's
        ("330100", "330100", False),  # never a peer
        ("330000", "330000", False),
        ("330100", "330000", False),  # never a superior
        ("330100", "460100", False),  # never elsewhere
    ],
)
def test_an_authority_admin_grant_comes_only_from_a_higher_level(
    granter_region, target_region, allowed
):
    granter = UserFactory(username="granter")
    grant(granter, Role.AUTHORITY_ADMIN, granter_region)
    target = UserFactory(username="target", home_region_id=granter_region)
    give = lambda: services.grant_role(  # noqa: E731
        actor=as_(granter), user=target, role=Role.AUTHORITY_ADMIN, region=region(target_region)
    )
    if allowed:
        give()
        assert RoleGrant.objects.filter(user=target, role=Role.AUTHORITY_ADMIN).exists()
    else:
        with pytest.raises(PermissionDenied):
            give()
        assert not RoleGrant.objects.filter(user=target).exists()


def test_only_a_superuser_makes_a_province_admin(cast):
    target = UserFactory(username="target")
    services.grant_role(
        actor=as_(cast.superuser), user=target, role=Role.AUTHORITY_ADMIN, region=region("460000")
    )
    assert AuditEntry.objects.get(verb=Verb.GRANT).scope_code == "460000"


@pytest.mark.parametrize("role", [Role.CENTRE_STAFF, Role.DISTRICT_OFFICER, Role.EXPERT])
def test_other_grants_only_inside_the_granters_area(cast, role):
    services.grant_role(
        actor=as_(cast.hz_admin), user=cast.binjiang, role=role, region=region("330106")
    )
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=as_(cast.hz_admin), user=cast.binjiang, role=role, region=region("460106")
        )
    # An account outside the area cannot be given anything, even inside it.
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=as_(cast.hn_admin), user=cast.binjiang, role=role, region=region("460106")
        )


def test_the_personal_data_right_is_given_only_by_a_holder_and_taken_by_a_manager(cast):
    officer = UserFactory(username="hn-haikou")
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=as_(cast.hn_admin),
            user=officer,
            role=Role.DISTRICT_OFFICER,
            region=region("460106"),
            sees_personal_data=True,
        )
    assert not RoleGrant.objects.filter(user=officer).exists()
    given = services.grant_role(
        actor=as_(cast.superuser),
        user=officer,
        role=Role.DISTRICT_OFFICER,
        region=region("460106"),
        sees_personal_data=True,
    )
    services.set_personal_data(actor=as_(cast.hn_admin), grant=given, allowed=False)
    given.refresh_from_db()
    assert not given.sees_personal_data
    binjiang = RoleGrant.objects.get(user=cast.binjiang)
    services.set_personal_data(actor=as_(cast.hz_admin), grant=binjiang, allowed=True)
    entries = AuditEntry.objects.filter(target_id__in=[str(given.pk), str(binjiang.pk)])
    assert sorted(entries.values_list("verb", flat=True)) == [Verb.GRANT, Verb.GRANT, Verb.REVOKE]


def test_a_programme_grant_is_given_by_the_admin_of_its_jurisdiction(cast):
    from tests.programmes import hainan

    programme = hainan(studios=1, members=1).programme
    target = UserFactory(username="hn-staff", home_region_id="460000")
    made = services.grant_role(
        actor=as_(cast.hn_admin), user=target, role=Role.CENTRE_STAFF, scope_object=programme
    )
    assert (
        AuditEntry.objects.get(verb=Verb.GRANT, target_id=str(made.pk)).scope_code
        == programme.jurisdiction_id
    )
    with pytest.raises(PermissionDenied):
        services.revoke_grant(actor=as_(cast.hz_admin), grant=made)
    services.revoke_grant(actor=as_(cast.hn_admin), grant=made)
    assert not RoleGrant.objects.filter(pk=made.pk).exists()


def test_an_account_with_a_grant_elsewhere_is_not_deactivated_from_one_area(cast):
    grant(cast.xihu, Role.EXPERT, "460000")
    with pytest.raises(PermissionDenied):
        services.set_active(actor=as_(cast.hz_admin), user=cast.xihu, active=False)
    services.set_active(actor=as_(cast.superuser), user=cast.xihu, active=False)


def test_accounts_are_created_only_in_the_area_and_by_admins(cast):
    with pytest.raises(services.AccountError):
        services.create_account(
            actor=as_(cast.hz_admin),
            username="x",
            full_name="某",
            email="x@example.cn",
            home_region=region("460106"),
        )
    with pytest.raises(PermissionDenied):
        services.create_account(
            actor=as_(cast.xihu),
            username="x",
            full_name="某",
            email="x@example.cn",
            home_region=region("330106"),
        )
    with pytest.raises(PermissionDenied):
        services.create_user(actor=as_(cast.hz_admin), username="y", password="Secret-2026-x")
    with pytest.raises(services.AccountError):
        services.create_account(
            actor=as_(cast.hz_admin),
            username="z",
            full_name="某",
            email="z@example.cn",
            home_region=region("330106"),
            principal=cast.xihu_principal,  # already has an account
        )
    # A principal seen through another role (here a district grant in Hainan) is not linkable.
    grant(cast.hz_admin, Role.DISTRICT_OFFICER, "460106")
    hainan_principal = PrincipalFactory(school=SchoolFactory(region_id="460106"))
    with pytest.raises(services.AccountError):
        services.create_account(
            actor=as_(cast.hz_admin),
            username="w",
            full_name="某",
            email="w@example.cn",
            home_region=region("330106"),
            principal=hainan_principal,
        )
    assert not AuditEntry.objects.filter(verb=Verb.CREATE).exists()


def test_the_command_line_and_the_demo_act_for_the_system(cast):
    target = UserFactory(username="target")
    services.grant_role(
        actor=Actor.command_line(), user=target, role=Role.AUTHORITY_ADMIN, region=region("330000")
    )
    assert AuditEntry.objects.get(verb=Verb.GRANT).source == "cli"
