"""Grants on one studio or one cohort from the account pages: a finance contact (HN-6.1,
HZ-4.2.3) is made by an admin of the area, chosen among the studios and cohorts they may grant
in, grouped by programme; the role must fit the kind of scope, said in Chinese when not."""

import pytest
from django.urls import reverse

from touyan.accounts import services
from touyan.accounts.models import RoleGrant
from touyan.accounts.roles import Role
from touyan.audit.models import AuditEntry, Verb

from ..access import ALLOWED, LOGIN, NOT_FOUND, check_access
from ..factories import UserFactory
from ..programmes import SYSTEM
from ..records.programme_people import with_hainan, with_hangzhou

pytestmark = pytest.mark.django_db


@pytest.fixture
def hn(cast):
    return with_hainan(cast, members=1)


@pytest.fixture
def hz(cast):
    return with_hangzhou(cast, trainees=2)


@pytest.fixture
def clerk(cast):
    """A school's finance clerk in 海口, with no grant yet."""
    return UserFactory(username="hn-clerk", home_region_id="460106")


def grant_url(user):
    return reverse("accounts:grant_create", args=[user.pk])


def test_who_reaches_the_grant_form_of_a_hainan_clerk(client, cast, hn, clerk):
    check_access(
        client,
        cast,
        grant_url(clerk),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hn_admin": ALLOWED,
            "hz_admin": NOT_FOUND,
            "hz_centre": NOT_FOUND,
            "hn_centre": NOT_FOUND,
            "host": NOT_FOUND,
            "longhua": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )


@pytest.mark.clause("HN-6.1")
def test_an_admin_makes_a_finance_contact_of_a_studio_and_the_account_page_says_where(
    client, cast, hn, clerk
):
    studio = hn.studios[0]
    client.force_login(cast.hn_admin)
    form = client.get(grant_url(clerk)).content.decode()
    assert f'<optgroup label="{hn.programme.name}">' in form
    assert studio.name in form
    response = client.post(grant_url(clerk), {"role": Role.FINANCE_CONTACT, "studio": studio.pk})
    assert response.status_code == 302
    given = RoleGrant.objects.get(user=clerk, role=Role.FINANCE_CONTACT)
    assert given.scope_object == studio and given.granted_by == cast.hn_admin
    entry = AuditEntry.objects.get(verb=Verb.GRANT, target_id=str(given.pk))
    assert entry.scope_code == studio.region_id
    page = client.get(reverse("accounts:user_detail", args=[clerk.pk])).content.decode()
    assert f"工作室：{studio.name}（{hn.programme.name}）" in page
    assert reverse("accounts:grant_revoke", args=[given.pk]) in page


@pytest.mark.clause("HZ-4.2.3")
def test_an_admin_makes_a_finance_contact_of_a_cohort(client, cast, hz):
    clerk = UserFactory(username="hz-clerk", home_region_id="330106")
    client.force_login(cast.hz_admin)
    form = client.get(grant_url(clerk)).content.decode()
    assert hz.cohort.name in form
    response = client.post(grant_url(clerk), {"role": Role.FINANCE_CONTACT, "cohort": hz.cohort.pk})
    assert response.status_code == 302
    given = RoleGrant.objects.get(user=clerk)
    assert given.scope_object == hz.cohort
    page = client.get(reverse("accounts:user_detail", args=[clerk.pk])).content.decode()
    assert f"培训班：{hz.cohort.name}（{hz.programme.name}）" in page


def test_the_role_must_fit_the_kind_of_scope_and_the_form_says_so(client, cast, hn, clerk):
    client.force_login(cast.hn_admin)
    url = grant_url(clerk)
    wrong = [
        (
            {"role": Role.FINANCE_CONTACT, "region": "460106"},
            "“财务联系人”只能授予在工作室或培训班上",
        ),
        ({"role": Role.EXPERT, "studio": hn.studios[0].pk}, "“评审专家”只能授予在辖区或培养项目上"),
        (
            {"role": Role.FINANCE_CONTACT, "studio": hn.studios[0].pk, "region": "460106"},
            "只选其一",
        ),
        ({"role": Role.FINANCE_CONTACT}, "只选其一"),
    ]
    for data, words in wrong:
        response = client.post(url, data)
        assert response.status_code == 200
        assert words in response.content.decode(), data
    assert not RoleGrant.objects.filter(user=clerk).exists()


def test_the_service_refuses_a_role_on_the_wrong_kind_of_scope(hn, clerk):
    with pytest.raises(services.AccountError, match="只能授予在工作室或培训班上"):
        services.grant_role(
            actor=SYSTEM, user=clerk, role=Role.FINANCE_CONTACT, scope_object=hn.programme
        )
    with pytest.raises(services.AccountError, match="只能授予在辖区或培养项目上"):
        services.grant_role(
            actor=SYSTEM, user=clerk, role=Role.CENTRE_STAFF, scope_object=hn.studios[0]
        )


def test_studios_outside_the_admins_area_are_not_offered_nor_accepted(client, cast, hn, hz):
    clerk = UserFactory(username="hz-clerk", home_region_id="330106")
    client.force_login(cast.hz_admin)
    form = client.get(grant_url(clerk)).content.decode()
    assert hn.studios[0].name not in form and hn.programme.name not in form
    page = client.post(
        grant_url(clerk), {"role": Role.FINANCE_CONTACT, "studio": hn.studios[0].pk}
    ).content.decode()
    assert "选择一个有效的选项" in page
    assert not RoleGrant.objects.filter(user=clerk).exists()


def test_a_studio_grant_makes_its_finance_contact(client, cast, hn, clerk):
    """The grant given on the page is what the funding pages read: the clerk now keeps the
    studio's ledger."""
    client.force_login(cast.hn_admin)
    client.post(grant_url(clerk), {"role": Role.FINANCE_CONTACT, "studio": hn.studios[1].pk})
    from touyan.funding.access import funding_access

    clerk.refresh_from_db()
    assert funding_access(clerk).finance_studios == {hn.studios[1].pk}
