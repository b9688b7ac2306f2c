"""The district officer's pages: the list, the first review with its stamp, the ranking, the
batch sent to the city, and who may open each of them (HZ-4.1.2, HZ-4.2.2)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import UserFactory, grant
from tests.programmes import hainan
from tests.selection.test_host_call import host_applicant, host_apply
from tests.selection_chain import actor_of, applicant, apply, candidate_call
from touyan.audit.models import AuditEntry
from touyan.people.enums import Title
from touyan.selection.models import Application, DistrictBatch
from touyan.selection.services import calls, district

pytestmark = pytest.mark.django_db
S = Application.Status
XIHU, BINJIANG = "330106", "330108"


@pytest.fixture
def chain(cast):
    chain = candidate_call()
    cast.applicant = applicant(XIHU).user
    chain.applicants = [cast.applicant.principal]
    chain.application = apply(chain.call, cast.applicant.principal)
    return chain


def endorse(application, user):
    return district.review_application(
        actor=actor_of(user), application=application, decision="endorse"
    )


def list_url(call, code=XIHU):
    return reverse("selection:district_list", args=[call.pk, code])


def everyone(cast, default, **expected):
    names = ["superuser", "hz_admin", "hz_centre", "xihu", "binjiang", "hn_admin", "expert"]
    names += ["nobody", "own", "applicant"]
    return {"anonymous": LOGIN} | {name: default for name in names} | expected


# Who may open what ---------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.2")
def test_only_the_districts_officer_opens_its_list_and_confirmation(client, cast, chain):
    for url in (
        list_url(chain.call),
        reverse("selection:district_submit", args=[chain.call.pk, XIHU]),
    ):
        # A superuser follows no district: the list is the district officers' own page.
        check_access(client, cast, url, everyone(cast, NOT_FOUND, xihu=ALLOWED))
    check_access(
        client,
        cast,
        list_url(chain.call, BINJIANG),
        everyone(cast, NOT_FOUND, binjiang=ALLOWED),
    )


@pytest.mark.clause("HZ-4.1.2")
def test_only_the_first_reviewer_opens_the_review_page(client, cast, chain):
    url = reverse("selection:district_review", args=[chain.application.pk])
    check_access(client, cast, url, everyone(cast, NOT_FOUND, xihu=ALLOWED, superuser=ALLOWED))


@pytest.mark.clause("HZ-4.1.2")
def test_the_district_and_the_city_download_the_sheet_and_forms(client, cast, chain):
    endorse(chain.application, cast.xihu)
    expected = everyone(
        cast, NOT_FOUND, xihu=ALLOWED, hz_admin=ALLOWED, hz_centre=ALLOWED, superuser=ALLOWED
    )
    for name in ("selection:district_summary", "selection:district_forms"):
        check_access(client, cast, reverse(name, args=[chain.call.pk, XIHU]), expected)
    url = reverse("selection:application_form", args=[chain.application.pk])
    check_access(client, cast, url, expected)


def test_posts_from_another_district_find_nothing(client, cast, chain):
    endorse(chain.application, cast.xihu)
    client.force_login(cast.binjiang)
    order = {f"rank-{chain.application.pk}": "1"}
    assert (
        client.post(
            reverse("selection:district_rank", args=[chain.call.pk, XIHU]), order
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("selection:district_submit", args=[chain.call.pk, XIHU])).status_code
        == 404
    )
    review = reverse("selection:district_review", args=[chain.application.pk])
    assert client.post(review, {"decision": "reject", "note": "不行"}).status_code == 404
    chain.application.refresh_from_db()
    assert chain.application.district_rank is None


def test_the_entry_sends_each_to_their_page_and_others_find_nothing(client, cast, chain):
    url = reverse("selection:district", args=[chain.call.pk])
    redirected = "HTTP 302"
    check_access(
        client,
        cast,
        url,
        everyone(
            cast,
            NOT_FOUND,
            xihu=redirected,
            binjiang=redirected,
            hz_admin=redirected,
            hz_centre=redirected,
            superuser=redirected,
        ),
    )
    client.force_login(cast.hz_admin)
    assert client.get(url).url == reverse("selection:batches", args=[chain.call.pk])
    client.force_login(cast.binjiang)
    assert client.get(url).url == list_url(chain.call, BINJIANG)


def test_the_entry_goes_to_the_officers_district(client, cast, chain):
    client.force_login(cast.xihu)
    response = client.get(reverse("selection:district", args=[chain.call.pk]))
    assert response.status_code == 302 and response.url == list_url(chain.call)


def test_an_officer_of_the_whole_city_chooses_among_districts(client, cast, chain):
    apply(chain.call, applicant(BINJIANG))
    city = UserFactory()
    grant(city, "district_officer", "330100")
    client.force_login(city)
    page = client.get(reverse("selection:district", args=[chain.call.pk])).content.decode()
    assert list_url(chain.call) in page and list_url(chain.call, BINJIANG) in page


# The list ------------------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.2")
def test_the_list_shows_the_districts_applications_with_eligibility(client, cast, chain):
    junior = apply(chain.call, applicant(XIHU, title=Title.FIRST))
    apply(chain.call, applicant(BINJIANG, name="滨江的人"))
    client.force_login(cast.xihu)
    page = client.get(list_url(chain.call)).content.decode()
    assert chain.application.principal.name in page and junior.principal.name in page
    assert "滨江的人" not in page
    assert "待专家评议" in page and "在学校管理方面有突出贡献" in page
    assert "符合" in page
    pending = client.get(list_url(chain.call) + "?status=returned").content.decode()
    assert chain.application.principal.name not in pending


def test_the_list_costs_the_same_queries_for_1_and_5_applications(
    client, cast, chain, django_assert_num_queries
):
    client.force_login(cast.xihu)
    endorse(chain.application, cast.xihu)
    client.get(list_url(chain.call))
    with CaptureQueriesContext(connection) as one:
        client.get(list_url(chain.call))
    for _ in range(4):
        endorse(apply(chain.call, applicant(XIHU)), cast.xihu)
    with django_assert_num_queries(len(one)):
        response = client.get(list_url(chain.call))
    assert response.content.decode().count('class="rank-input"') == 5


# The review ----------------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.2", "HZ-4.2.2")
def test_approval_through_the_page_stamps_and_goes_to_the_next(client, cast, chain):
    second = apply(chain.call, applicant(XIHU))
    client.force_login(cast.xihu)
    url = reverse("selection:district_review", args=[chain.application.pk])
    page = client.get(url).content.decode()
    assert "杭州市西湖区教育局" in page and cast.xihu.full_name in page
    assert reverse("selection:evidence", args=[chain.application.evidence.get().pk]) in page
    response = client.post(url, {"decision": "endorse", "note": ""})
    assert response.url == reverse("selection:district_review", args=[second.pk])
    chain.application.refresh_from_db()
    assert chain.application.status == S.ENDORSED
    assert chain.application.reviewed_by == cast.xihu
    assert chain.application.review_office == "杭州市西湖区教育局"
    assert chain.application.review_note == "同意推荐"


@pytest.mark.clause("HZ-4.1.2")
def test_a_return_needs_a_reason(client, cast, chain):
    client.force_login(cast.xihu)
    url = reverse("selection:district_review", args=[chain.application.pk])
    response = client.post(url, {"decision": "return", "note": "  "})
    assert response.status_code == 200
    assert "退回或不通过须写明理由" in response.content.decode()
    chain.application.refresh_from_db()
    assert chain.application.status == S.SUBMITTED
    response = client.post(url, {"decision": "return", "note": "请补充职称证书"})
    assert response.url == list_url(chain.call)
    chain.application.refresh_from_db()
    assert chain.application.status == S.RETURNED
    assert chain.application.review_note == "请补充职称证书"


@pytest.mark.clause("HZ-4.1.2")
def test_a_double_approval_applies_once_with_a_clear_message(client, cast, chain):
    client.force_login(cast.xihu)
    url = reverse("selection:district_review", args=[chain.application.pk])
    client.post(url, {"decision": "endorse"})
    response = client.post(url, {"decision": "endorse"}, follow=True)
    page = response.content.decode()
    assert "已是“审核通过”" in page and cast.xihu.full_name in page
    moves = AuditEntry.objects.filter(
        target_type__model="application",
        target_id=str(chain.application.pk),
        changes__has_key="status",
    )
    assert [e.changes["status"][1] for e in moves] == [S.ENDORSED, S.SUBMITTED]


@pytest.mark.clause("HN-3.4")
def test_the_centre_reviews_a_call_without_a_district_stage(client, cast):
    programme = hainan(studios=0).programme
    now = timezone.now()
    call = calls.create_call(
        actor=actor_of(cast.hn_admin),
        programme=programme,
        spec_code="host",
        title="海南省中学卓越校长工作室主持人遴选",
        places=1,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=5),
    )
    call = calls.publish_call(actor=actor_of(cast.hn_admin), call=call)
    application = host_apply(call, host_applicant())
    longhua = UserFactory(username="longhua")
    grant(longhua, "district_officer", "460106")
    cast.longhua = longhua
    url = reverse("selection:district_review", args=[application.pk])
    check_access(
        client,
        cast,
        url,
        {"anonymous": LOGIN, "hn_admin": ALLOWED, "longhua": NOT_FOUND, "hz_admin": NOT_FOUND},
    )
    client.force_login(cast.hn_admin)
    entry = client.get(reverse("selection:district", args=[call.pk]))
    assert entry.url == url
    client.post(url, {"decision": "endorse"})
    application.refresh_from_db()
    assert application.status == S.ENDORSED
    assert application.review_office == "海南省教育厅"


# Ranking and sending -------------------------------------------------------------------------


@pytest.mark.clause("HZ-4.1.2")
def test_rank_with_numbers_and_arrows_then_send_once(client, cast, chain):
    others = [apply(chain.call, applicant(XIHU, name=name)) for name in ("乙校长", "丙校长")]
    apps = [chain.application, *others]
    for application in apps:
        endorse(application, cast.xihu)
    client.force_login(cast.xihu)
    rank = reverse("selection:district_rank", args=[chain.call.pk, XIHU])
    numbers = {f"rank-{apps[0].pk}": "3", f"rank-{apps[1].pk}": "1", f"rank-{apps[2].pk}": "2"}
    client.post(rank, numbers)
    ranks = dict(Application.objects.filter(call=chain.call).values_list("pk", "district_rank"))
    assert [ranks[a.pk] for a in apps] == [3, 1, 2]
    client.post(rank, numbers | {"up": str(apps[0].pk)})
    ranks = dict(Application.objects.filter(call=chain.call).values_list("pk", "district_rank"))
    assert [ranks[a.pk] for a in apps] == [2, 1, 3]

    submit = reverse("selection:district_submit", args=[chain.call.pk, XIHU])
    confirmation = client.get(submit).content.decode()
    names = ["乙校长", apps[0].principal.name, "丙校长"]
    positions = [confirmation.index(name) for name in names]
    assert positions == sorted(positions)
    response = client.post(submit, follow=True)
    assert "已报送市教育局：3 人" in response.content.decode()
    batch = DistrictBatch.objects.get(call=chain.call, district_id=XIHU)
    assert batch.status == DistrictBatch.Status.SUBMITTED and batch.candidates == 3
    again = client.post(submit, follow=True).content.decode()
    assert "已于" in again and "报送" in again
    assert (
        AuditEntry.objects.filter(
            target_type__model="districtbatch", changes__has_key="status"
        ).count()
        == 1
    )


def test_sending_with_applications_unreviewed_is_refused(client, cast, chain):
    client.force_login(cast.xihu)
    submit = reverse("selection:district_submit", args=[chain.call.pk, XIHU])
    page = client.post(submit, follow=True).content.decode()
    assert "还有 1 份申报未审核" in page
    assert not DistrictBatch.objects.filter(status=DistrictBatch.Status.SUBMITTED).exists()


@pytest.mark.clause("HZ-4.1.2")
def test_a_large_district_ranks_on_a_page_of_its_own(client, cast, chain, monkeypatch):
    from touyan.selection.views.district import batch as district_views

    monkeypatch.setattr(district_views, "INLINE_RANKING", 2)
    others = [apply(chain.call, applicant(XIHU, name=name)) for name in ("乙校长", "丙校长")]
    apps = [chain.application, *others]
    for application in apps:
        endorse(application, cast.xihu)
    client.force_login(cast.xihu)
    listing = client.get(list_url(chain.call)).content.decode()
    rank = reverse("selection:district_rank", args=[chain.call.pk, XIHU])
    assert "审核通过 3 人，人数较多" in listing and "还有 3 人未排序" in listing
    assert f'href="{rank}"' in listing and 'name="rank-' not in listing

    page = client.get(rank).content.decode()
    assert page.count('name="rank-') == 3 and "乙校长" in page
    numbers = {f"rank-{apps[0].pk}": "3", f"rank-{apps[1].pk}": "1", f"rank-{apps[2].pk}": "2"}
    response = client.post(rank, numbers)
    assert response.status_code == 302 and response.url == rank
    ranks = dict(Application.objects.filter(call=chain.call).values_list("pk", "district_rank"))
    assert [ranks[a.pk] for a in apps] == [3, 1, 2]
    assert "还有" not in client.get(list_url(chain.call)).content.decode().split('id="ranking"')[1]

    client.force_login(cast.binjiang)
    assert client.get(rank).status_code == 404


@pytest.mark.clause("HZ-4.1.2")
def test_a_principal_who_is_also_the_districts_officer_does_not_review_their_own_application(
    client, cast, chain
):
    grant(cast.applicant, "district_officer", XIHU)
    url = reverse("selection:district_review", args=[chain.application.pk])
    check_access(
        client,
        cast,
        url,
        everyone(cast, NOT_FOUND, xihu=ALLOWED, superuser=ALLOWED, applicant=NOT_FOUND),
    )
    client.force_login(cast.applicant)
    assert client.post(url, {"decision": "endorse"}).status_code == 404
    with pytest.raises(PermissionDenied):
        endorse(chain.application, type(cast.applicant).objects.get(pk=cast.applicant.pk))
    chain.application.refresh_from_db()
    assert chain.application.status == S.SUBMITTED
    # The same officer still reviews everyone else's.
    other = apply(chain.call, applicant(XIHU))
    officer = type(cast.applicant).objects.get(pk=cast.applicant.pk)
    assert endorse(other, officer).status == S.ENDORSED


def test_an_officer_who_is_a_candidate_in_the_batch_neither_ranks_nor_sends_it(client, cast, chain):
    grant(cast.applicant, "district_officer", XIHU)
    other = apply(chain.call, applicant(XIHU, name="乙校长"))
    for application in (chain.application, other):
        endorse(application, cast.xihu)
    rank = reverse("selection:district_rank", args=[chain.call.pk, XIHU])
    submit = reverse("selection:district_submit", args=[chain.call.pk, XIHU])
    client.force_login(cast.applicant)
    for page in (list_url(chain.call), rank, submit):
        shown = client.get(page).content.decode()
        assert "推荐排序与报送须由本区县其他工作人员办理" in shown
        assert 'name="rank-' not in shown and "确认报送" not in shown
    ranks = {f"rank-{chain.application.pk}": "1", f"rank-{other.pk}": "2"}
    assert client.post(rank, ranks).status_code == 404
    assert client.post(submit).status_code == 404
    batch = DistrictBatch.objects.get(call=chain.call, district_id=XIHU)
    assert batch.status == DistrictBatch.Status.OPEN
    assert set(chain.call.applications.values_list("district_rank", flat=True)) == {None}
    # Another officer of the district does both.
    client.force_login(cast.xihu)
    client.post(rank, ranks)
    assert client.post(submit).status_code == 302
    batch.refresh_from_db()
    assert batch.status == DistrictBatch.Status.SUBMITTED
