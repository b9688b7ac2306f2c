"""The prospectus pages: the host writes and submits, the centre returns or approves, the
public reads the approved copy; the base school's title on the studio pages (HN-3.5, HN-3.2)."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.formation import PROSPECTUS, formation, member_call
from tests.records.programme_people import with_hainan
from touyan.notifications.models import Notification
from touyan.studios.models import Prospectus

pytestmark = pytest.mark.django_db

BASE_TITLE = "海南省中学卓越校长培养实践基地"


@pytest.fixture
def hn(cast):
    """Studio 0 hosted by ``cast.host``, studio 1 by ``cast.other_host``; no prospectus yet."""
    return with_hainan(cast, members=1)


def edit_url(studio) -> str:
    return reverse("studios:edit", args=[studio.pk])


def review_url(studio) -> str:
    return reverse("studios:review", args=[studio.pk])


def public_url(studio) -> str:
    return reverse("studios:public", args=[studio.pk])


def queue_url(programme) -> str:
    return reverse("studios:queue", args=[programme.slug])


def studio_page(studio) -> str:
    return reverse("programmes:studio", args=[studio.programme.slug, studio.pk])


def posted(data: dict, **extra) -> dict:
    """The edit form's fields from a prospectus in the services' shape."""
    fields = {name: data.get(name, "") for name in ("goals", "features", "conditions")}
    fields["requirements"] = data.get("requirements", "")
    for entry in data.get("plan", []):
        fields[f"theme_{entry['year']}"] = entry["theme"]
        fields[f"plan_{entry['year']}"] = entry["plan"]
    return fields | extra


def page(response) -> str:
    return response.content.decode()


def link(url: str) -> str:
    return f'href="{url}"'


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def submit_as_host(client, cast, studio, data=PROSPECTUS):
    client.force_login(cast.host)
    return client.post(edit_url(studio), posted(data, submit="1"))


def decide(client, user, studio, decision: str, note: str = ""):
    client.force_login(user)
    return client.post(review_url(studio), {"decision": decision, "note": note}, follow=True)


# Access --------------------------------------------------------------------------------------

MANAGERS_ONLY = {
    "host": NOT_FOUND,
    "other_host": NOT_FOUND,
    "member": NOT_FOUND,
    "longhua": NOT_FOUND,
    "hn_centre": ALLOWED,
    "hn_admin": ALLOWED,
    "hz_admin": NOT_FOUND,
    "nobody": NOT_FOUND,
    "anonymous": LOGIN,
}


@pytest.mark.clause("HN-3.5")
def test_only_the_host_edits_the_prospectus(client, cast, hn):
    check_access(
        client,
        cast,
        edit_url(hn.studios[0]),
        {
            "host": ALLOWED,
            "other_host": NOT_FOUND,
            "member": NOT_FOUND,
            "longhua": NOT_FOUND,
            "hn_centre": NOT_FOUND,
            "hn_admin": NOT_FOUND,
            "hz_admin": NOT_FOUND,
            "nobody": NOT_FOUND,
            "anonymous": LOGIN,
        },
    )


@pytest.mark.clause("HN-3.5")
def test_the_programme_managers_review(client, cast, hn):
    check_access(client, cast, queue_url(hn.programme), MANAGERS_ONLY)
    check_access(client, cast, review_url(hn.studios[0]), MANAGERS_ONLY)


@pytest.mark.clause("HN-3.5")
def test_everyone_reads_an_approved_prospectus_and_nobody_a_draft(client, cast, hn):
    approved, draft = hn.studios
    submit_as_host(client, cast, approved)
    decide(client, cast.hn_centre, approved, "approve")
    client.force_login(cast.other_host)
    client.post(edit_url(draft), posted(PROSPECTUS))
    everyone = dict.fromkeys(MANAGERS_ONLY, ALLOWED)
    check_access(client, cast, reverse("studios:public_list"), everyone)
    check_access(client, cast, public_url(approved), everyone)
    check_access(client, cast, public_url(draft), dict.fromkeys(MANAGERS_ONLY, NOT_FOUND))


# The whole cycle ----------------------------------------------------------------------------


@pytest.mark.clause("HN-3.5")
def test_missing_parts_are_named_and_the_input_kept(client, cast, hn):
    studio = hn.studios[0]
    response = submit_as_host(client, cast, studio, {"goals": "", "features": "课堂诊断"})
    assert response.status_code == 200
    text = page(response)
    assert "还未填写：建设目标、成员条件、每年的工作主题" in text
    assert "课堂诊断" in text and "已保存，但尚未提交审核" in messages_of(response)
    prospectus = Prospectus.objects.get(studio=studio)
    assert prospectus.status == Prospectus.Status.DRAFT and prospectus.features == "课堂诊断"
    assert not Notification.objects.exists()


@pytest.mark.clause("HN-3.5", "HN-3.2")
def test_edit_submit_return_resubmit_approve_and_read_it_publicly(client, cast, hn):
    studio = hn.studios[0]
    client.force_login(cast.host)
    form = page(client.get(edit_url(studio)))
    assert "第 3 年工作主题" in form and "第 4 年" not in form
    assert f"实践基地：{studio.base_school.name}（{BASE_TITLE}）" in form

    # The host saves a first draft, then submits it.
    response = client.post(edit_url(studio), posted(PROSPECTUS, save="1"), follow=True)
    assert "已保存" in messages_of(response) and "编辑中" in page(response)
    response = client.post(edit_url(studio), posted(PROSPECTUS, submit="1"), follow=True)
    assert "已提交，等待培训中心审核" in messages_of(response)
    assert Prospectus.objects.get(studio=studio).status == Prospectus.Status.SUBMITTED
    assert Notification.objects.filter(user=cast.hn_centre, url=review_url(studio)).exists()

    # The centre finds it first in the queue and returns it; a return needs a note.
    client.force_login(cast.hn_centre)
    queue = page(client.get(queue_url(hn.programme)))
    assert queue.index(studio.name) < queue.index(hn.studios[1].name)
    assert "待审核" in queue and review_url(studio) in queue
    response = decide(client, cast.hn_centre, studio, "return")
    assert "退回时请写明需要修改的地方" in page(response)
    assert Prospectus.objects.get(studio=studio).status == Prospectus.Status.SUBMITTED
    response = decide(client, cast.hn_centre, studio, "return", "请写明第三年的成果形式")
    assert response.redirect_chain[-1][0] == queue_url(hn.programme)
    assert any("退回主持人修改" in message for message in messages_of(response))

    # The host reads the note, revises and submits again.
    client.force_login(cast.host)
    form = page(client.get(edit_url(studio)))
    assert "退回修改" in form and "请写明第三年的成果形式" in form
    revised = PROSPECTUS | {
        "plan": [*PROSPECTUS["plan"][:2], {"year": 3, "theme": "提炼办学思想", "plan": "出版专著"}]
    }
    client.post(edit_url(studio), posted(revised, submit="1"))
    assert Prospectus.objects.get(studio=studio).status == Prospectus.Status.SUBMITTED

    # The centre approves; the public page shows the approved copy.
    response = decide(client, cast.hn_centre, studio, "approve")
    assert any("公开页已更新" in message for message in messages_of(response))
    client.logout()
    public = page(client.get(public_url(studio)))
    assert studio.name in public and studio.host.name in public
    assert f"实践基地：{studio.base_school.name}（{BASE_TITLE}）" in public
    assert PROSPECTUS["goals"] in public and "出版专著" in public and "提炼办学思想" in public
    assert "申请加入" not in public
    listing = page(client.get(reverse("studios:public_list")))
    assert link(public_url(studio)) in listing
    assert link(public_url(hn.studios[1])) not in listing
    assert "龙华区" in listing and "初中" in listing and "高中" in listing


@pytest.mark.clause("HN-3.5")
def test_a_new_version_leaves_the_approved_one_public_until_approved(client, cast, hn):
    studio = hn.studios[0]
    submit_as_host(client, cast, studio)
    decide(client, cast.hn_centre, studio, "approve")

    client.force_login(cast.host)
    changed = PROSPECTUS | {"goals": "新的建设目标\n第二行"}
    response = client.post(edit_url(studio), posted(changed, save="1"), follow=True)
    assert "公开页面仍显示" in page(response)
    public = page(client.get(public_url(studio)))
    assert PROSPECTUS["goals"] in public and "新的建设目标" not in public

    client.post(edit_url(studio), posted(changed, submit="1"))
    client.force_login(cast.hn_centre)
    review = page(client.get(review_url(studio)))
    assert "有修改" in review and "已公开版本" in review
    assert "新的建设目标<br>第二行" in review and PROSPECTUS["goals"] in review

    decide(client, cast.hn_centre, studio, "approve")
    client.logout()
    public = page(client.get(public_url(studio)))
    assert "新的建设目标<br>第二行" in public and PROSPECTUS["goals"] not in public


@pytest.mark.clause("HN-3.5")
def test_a_second_approval_is_told_not_repeated(client, cast, hn):
    studio = hn.studios[0]
    submit_as_host(client, cast, studio)
    decide(client, cast.hn_centre, studio, "approve")
    stamp = Prospectus.objects.get(studio=studio).reviewed_at
    response = decide(client, cast.hn_admin, studio, "approve")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == queue_url(hn.programme)
    [message] = [m for m in response.context["messages"]]
    assert message.level_tag == "info" and "本次操作未重复执行" in str(message)
    assert Prospectus.objects.get(studio=studio).reviewed_at == stamp


@pytest.mark.clause("HN-3.5")
def test_submitting_twice_is_told_not_repeated(client, cast, hn):
    studio = hn.studios[0]
    submit_as_host(client, cast, studio)
    response = client.post(edit_url(studio), posted(PROSPECTUS, submit="1"), follow=True)
    assert "已提交，等待培训中心审核" in messages_of(response)
    assert Notification.objects.filter(user=cast.hn_centre).count() == 1


# Where the pages are linked ----------------------------------------------------------------


@pytest.mark.clause("HN-3.5", "HN-3.2")
def test_the_studio_page_links_to_the_prospectus_by_role(client, cast, hn):
    studio = hn.studios[0]
    client.force_login(cast.host)
    text = page(client.get(studio_page(studio)))
    assert link(edit_url(studio)) in text and link(public_url(studio)) not in text
    assert f"实践基地：{studio.base_school.name}（{BASE_TITLE}）" in text

    submit_as_host(client, cast, studio)
    client.force_login(cast.hn_centre)
    text = page(client.get(studio_page(studio)))
    assert link(review_url(studio)) in text and link(edit_url(studio)) not in text
    programme = page(client.get(reverse("programmes:detail", args=[hn.programme.slug])))
    assert link(queue_url(hn.programme)) in programme

    decide(client, cast.hn_centre, studio, "approve")
    client.force_login(cast.member)
    text = page(client.get(studio_page(studio)))
    assert link(public_url(studio)) in text
    assert link(edit_url(studio)) not in text and link(review_url(studio)) not in text
    programme = page(client.get(reverse("programmes:detail", args=[hn.programme.slug])))
    assert link(queue_url(hn.programme)) not in programme


@pytest.mark.clause("HN-3.5")
def test_an_open_member_call_is_linked_from_the_public_page(client):
    f = formation(carried=1, members=1, new=1)
    studio = f.studios[-1]
    assert "申请加入" not in page(client.get(public_url(studio)))
    call = member_call(f)
    text = page(client.get(public_url(studio)))
    assert "申请加入（成员申报）" in text
    assert reverse("selection:public_call", args=[call.pk]) in text


def test_the_public_list_filters_by_programme_and_says_when_empty(client, cast, hn):
    empty = page(client.get(reverse("studios:public_list")))
    assert "目前还没有公开的工作室简介" in empty
    submit_as_host(client, cast, hn.studios[0])
    decide(client, cast.hn_centre, hn.studios[0], "approve")
    client.logout()
    url = reverse("studios:public_list")
    assert hn.studios[0].name in page(client.get(url, {"programme": hn.programme.slug}))
    elsewhere = page(client.get(url, {"programme": "no-such"}))
    assert hn.studios[0].name not in elsewhere and "目前还没有公开的工作室简介" in elsewhere
