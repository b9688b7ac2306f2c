"""A member applicant ranks studios on a page of their own, changeable until the call closes,
and reads the studio the published allocation placed them in, with the reason (HN-3.6,
HN-3.8)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.formation import (
    close_and_approve,
    formation,
    member_applicant,
    member_apply,
    member_call,
)
from tests.selection_chain import actor_of, apply, candidate_call
from touyan.allocation import jobs
from touyan.allocation import services as allocation
from touyan.people.enums import SchoolKind
from touyan.programmes import services as programmes
from touyan.selection.models import Application, Call
from touyan.selection.services import choices

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def member():
    """Four public studios (k = 3), an open member call and a draft ranking one studio."""
    f = formation(carried=2, members=1, new=2)
    member_call(f)
    principal = member_applicant(name="志愿校长")
    f.applications = [member_apply(f.call, principal, [f.studios[0]], submit=False)]
    return f


def choices_url(application) -> str:
    return reverse("selection:application_choices", args=[application.pk])


def application_url(application) -> str:
    return reverse("selection:application", args=[application.pk])


def ranking(*studios) -> dict:
    return {f"choice_{rank}": s.pk if s else "" for rank, s in enumerate(studios, start=1)}


def close_call(call: Call) -> None:
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))


@pytest.mark.clause("HN-3.6")
def test_only_the_applicant_opens_the_choices_page(client, cast, member):
    application = member.applications[0]
    cast.applicant = application.principal.user
    member_apply(member.call, member_applicant(), [member.studios[1]])
    other_application = Application.objects.exclude(pk=application.pk).get(call=member.call)
    cast.other = other_application.principal.user
    cast.centre = member.centre
    check_access(
        client,
        cast,
        choices_url(application),
        {
            "anonymous": LOGIN,
            "applicant": ALLOWED,
            "other": NOT_FOUND,
            "centre": NOT_FOUND,
            "hn_admin": NOT_FOUND,
            "nobody": NOT_FOUND,
        },
    )


def test_a_call_without_studios_has_no_choices_page(client, cast):
    chain = candidate_call()
    application = apply(chain.call, cast.xihu_principal, submit=False)
    client.force_login(cast.own)
    assert client.get(choices_url(application)).status_code == 404
    html = client.get(application_url(application)).content.decode()
    assert "工作室志愿" not in html


@pytest.mark.clause("HN-3.6")
def test_the_page_offers_k_ranks_of_the_public_studios(client, member):
    application = member.applications[0]
    client.force_login(application.principal.user)
    html = client.get(choices_url(application)).content.decode()
    assert "工作室志愿（最多 3 个，按意愿排序）" in html
    assert html.count('<select name="choice_') == 3
    assert "第一志愿" in html and "第三志愿" in html and "第四志愿" not in html
    new = member.studios[2]
    assert f"{new.name}（{new.host.name} · 吉阳区 · 初中/高中）" in html
    for studio in member.studios:
        assert reverse("studios:public", args=[studio.pk]) in html
    assert f'<option value="{member.studios[0].pk}" selected>' in html


@pytest.mark.clause("HN-3.6")
def test_gaps_repeats_and_more_than_k_are_refused_and_the_input_kept(client, member):
    application = member.applications[0]
    a, b, c, d = member.studios
    client.force_login(application.principal.user)
    url = choices_url(application)

    response = client.post(url, ranking(None, b))
    html = response.content.decode()
    assert response.status_code == 200 and "请按顺序填写志愿，不要跳过" in html
    assert f'<option value="{b.pk}" selected>' in html

    html = client.post(url, ranking(b, c, b)).content.decode()
    assert "同一个工作室只能填报一次" in html

    html = client.post(url, ranking(a, b, c) | {"choice_4": d.pk}).content.decode()
    assert "最多填报 3 个工作室" in html

    application.refresh_from_db()
    assert application.studio_choices == [a.pk]


@pytest.mark.clause("HN-3.6")
def test_choices_are_saved_in_the_applicants_order(client, member):
    application = member.applications[0]
    a, b, c, d = member.studios
    client.force_login(application.principal.user)
    response = client.post(choices_url(application), ranking(d, a, c))
    assert response.status_code == 302 and response.url == application_url(application)
    application.refresh_from_db()
    assert application.studio_choices == [d.pk, a.pk, c.pk]
    response = client.get(response.url)
    html = response.content.decode()
    assert "志愿已保存" in html
    assert "工作室志愿（最多 3 个，按意愿排序）" in html
    assert html.index(d.name) < html.index(a.name) < html.index(c.name)
    assert choices_url(application) in html

    client.post(choices_url(application), ranking(b))
    application.refresh_from_db()
    assert application.studio_choices == [b.pk]


@pytest.mark.clause("HN-3.6")
def test_submitting_without_a_choice_is_refused_with_a_way_to_choose(client, member):
    application = member.applications[0]
    choices.set_choices(
        actor=actor_of(application.principal.user), application=application, studios=[]
    )
    client.force_login(application.principal.user)
    html = client.get(application_url(application)).content.decode()
    assert "尚未填报工作室志愿" in html and "填报志愿" in html
    response = client.post(
        application_url(application),
        {"route": "self", "recommending_unit": "", "action": "submit"},
    )
    html = response.content.decode()
    assert "请至少填报一个工作室志愿" in html
    assert f'href="{choices_url(application)}"' in html
    application.refresh_from_db()
    assert application.status == S.DRAFT


@pytest.mark.clause("HN-3.6")
def test_choices_change_after_submission_until_the_deadline_then_read_only(client, member):
    a, b, c, d = member.studios
    principal = member_applicant()
    application = member_apply(member.call, principal, [a, b])
    assert application.status == S.SUBMITTED
    client.force_login(principal.user)
    html = client.get(application_url(application)).content.decode()
    assert "截止前可随时修改志愿" in html and choices_url(application) in html

    client.post(choices_url(application), ranking(c, a))
    application.refresh_from_db()
    assert application.studio_choices == [c.pk, a.pk]

    close_call(member.call)
    html = client.get(application_url(application)).content.decode()
    assert choices_url(application) not in html
    html = client.get(choices_url(application)).content.decode()
    assert '<select name="choice_' not in html and "志愿不能再修改" in html
    assert html.index(c.name) < html.index(a.name)
    response = client.post(choices_url(application), ranking(d), follow=True)
    assert "志愿不能再修改" in response.content.decode()
    application.refresh_from_db()
    assert application.studio_choices == [c.pk, a.pk]


@pytest.mark.clause("HN-3.6", "HN-3.8")
def test_the_published_allocation_shows_the_studio_and_why(client):
    f = formation(carried=2, members=3, new=1)
    member_call(f)
    kept, other, new = f.studios
    placed = member_apply(f.call, member_applicant("460203", name="分配校长"), [new, other])
    left = member_apply(f.call, member_applicant("460106", name="落选校长"), [kept])
    close_and_approve(f)
    run = jobs.start_run(actor=actor_of(f.centre), call=f.call)
    allocation.publish_run(actor=actor_of(f.centre), run=run)
    placed.refresh_from_db()
    assert placed.status == S.CONFIRMED and placed.placed_studio_id == new.pk
    assert placed.placement_note

    client.force_login(placed.principal.user)
    html = client.get(application_url(placed)).content.decode()
    assert "分配结果：" in html and new.name in html
    assert reverse("studios:public", args=[new.pk]) in html
    assert placed.placement_note in html
    assert choices_url(placed) not in html
    html = client.get(reverse("selection:my_applications")).content.decode()
    assert "分配到" in html and new.name in html

    # Someone the allocation could not place reads so, with the reason.
    Application.objects.filter(pk=left.pk).update(
        status=S.NOT_SELECTED, placed_studio=None, placement_note="各志愿工作室均已满员"
    )
    client.force_login(left.principal.user)
    html = client.get(application_url(left)).content.decode()
    assert "分配结果：未分配" in html and "各志愿工作室均已满员" in html


def test_the_public_member_call_lists_the_studios_with_a_public_prospectus(client, member):
    hidden = programmes.create_studio(
        actor=actor_of(member.centre),
        programme=member.programme,
        host=member_applicant("460203", kind=SchoolKind.COMPLETE, name="未公开主持人"),
    )
    html = client.get(reverse("selection:public_call", args=[member.call.pk])).content.decode()
    assert "可填报的工作室" in html
    for studio in member.studios:
        assert studio.name in html and reverse("studios:public", args=[studio.pk]) in html
    assert reverse("studios:public", args=[hidden.pk]) not in html

    chain = candidate_call()
    html = client.get(reverse("selection:public_call", args=[chain.call.pk])).content.decode()
    assert "可填报的工作室" not in html
