import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.core.actors import Actor
from touyan.policies.services import publish_policy

from .helpers import HAINAN, HANGZHOU, edit

pytestmark = pytest.mark.django_db

EVERYONE_WITH_A_GRANT = {
    "anonymous": LOGIN,
    "superuser": ALLOWED,
    "hz_admin": ALLOWED,
    "hz_centre": ALLOWED,
    "xihu": ALLOWED,
    "hn_admin": ALLOWED,
    "expert": ALLOWED,
    "nobody": NOT_FOUND,
    "own": NOT_FOUND,
}


def test_who_may_read_a_policy(client, cast):
    publish_policy(actor=Actor.system(), text=HAINAN)
    check_access(
        client, cast, reverse("policies:detail", args=["hainan-studios"]), EVERYONE_WITH_A_GRANT
    )
    check_access(
        client, cast, reverse("policies:version", args=["hainan-studios", 1]), EVERYONE_WITH_A_GRANT
    )


def test_unknown_policies_and_versions_answer_404(client, cast):
    publish_policy(actor=Actor.system(), text=HAINAN)
    client.force_login(cast.hn_admin)
    assert client.get(reverse("policies:detail", args=["nowhere"])).status_code == 404
    assert client.get(reverse("policies:version", args=["hainan-studios", 2])).status_code == 404


def test_the_hainan_page_says_what_is_required(client, cast):
    publish_policy(actor=Actor.system(), text=HAINAN)
    client.force_login(cast.hn_admin)
    page = client.get(reverse("policies:detail", args=["hainan-studios"])).content.decode()
    assert "海南省中学卓越校长工作室实施方案" in page
    assert "每月至少举行一次专题研讨活动。" in page
    assert "每月至少开展 1 次“专题研讨”活动" in page
    assert (
        "每年至少开展 1 次“送培下乡”、“现场指导”、“结对帮扶”活动，地点须为农村学校或薄弱学校"
        in page
    )
    assert "HN-4.1.2" in page
    assert "整个周期内至少开展 1 次“工作室联合活动”<" in page
    assert "王某某中学卓越校长工作室" in page
    assert "不合格（予以撤销）" in page


@pytest.mark.clause("HZ-3.2")
def test_the_hangzhou_page_shows_the_curriculum_with_its_total(client, cast):
    publish_policy(actor=Actor.system(), text=HANGZHOU)
    client.force_login(cast.hz_centre)
    response = client.get(reverse("policies:detail", args=["hangzhou-training"]))
    page = response.content.decode()
    assert "名校长工作室组建与运行" in page
    assert '<th colspan="2">合计</th><th>270</th>' in page
    assert "每位培养人选整个周期内至少提交 1 份“课题结题报告”，每份不少于 10000 字" in page
    assert "缺勤学时占排定的全部学时的比例不超过 1/5" in page
    assert "不得有未经同意的缺席；未达到时提交淘汰审议" in page


def test_the_latest_version_is_shown_and_older_ones_stay_readable(client, cast):
    publish_policy(actor=Actor.system(), text=HAINAN)
    publish_policy(actor=Actor.system(), text=edit(HAINAN, "max = 12", "max = 13"))
    client.force_login(cast.hn_admin)
    latest = client.get(reverse("policies:detail", args=["hainan-studios"])).content.decode()
    first = client.get(reverse("policies:version", args=["hainan-studios", 1])).content.decode()
    assert "每个工作室 10—13 名成员" in latest and "第 2 版" in latest
    assert "每个工作室 10—12 名成员" in first
    assert reverse("policies:version", args=["hainan-studios", 1]) in latest


def test_participants_read_the_versions_of_their_programmes_policy_only(client, cast):
    """A programme's trainees, hosts and members read its policy — the public rules asked of
    them — in every version; not another policy, not the list, not the editor."""
    from tests.records.programme_people import matrix, with_hainan, with_hangzhou

    with_hainan(cast)
    with_hangzhou(cast)
    readers = {
        "superuser": ALLOWED,
        "hz_admin": ALLOWED,
        "hz_centre": ALLOWED,
        "xihu": ALLOWED,
        "binjiang": ALLOWED,
        "hn_admin": ALLOWED,
        "expert": ALLOWED,
        "longhua": ALLOWED,
        "hn_centre": ALLOWED,
    }
    hainan_readers = matrix(
        cast, NOT_FOUND, **readers, host=ALLOWED, member=ALLOWED, other_host=ALLOWED
    )
    check_access(
        client, cast, reverse("policies:version", args=["hainan-studios", 1]), hainan_readers
    )
    check_access(client, cast, reverse("policies:detail", args=["hainan-studios"]), hainan_readers)
    check_access(
        client,
        cast,
        reverse("policies:version", args=["hangzhou-training", 1]),
        matrix(cast, NOT_FOUND, **readers, trainee=ALLOWED, other_trainee=ALLOWED),
    )
    check_access(client, cast, reverse("policies:list"), matrix(cast, NOT_FOUND, **readers))
    client.force_login(cast.host)
    assert client.post(reverse("policies:new")).status_code == 404
    assert client.post(reverse("policies:edit", args=["hainan-studios"])).status_code == 404


def test_a_trainee_opens_the_policy_from_their_programme_page(client, cast):
    """The programme page's "政策 … 第 1 版" link opens for the trainee."""
    from tests.records.programme_people import with_hangzhou

    with_hangzhou(cast)
    client.force_login(cast.trainee)
    page = client.get(reverse("programmes:detail", args=["hz-2026"])).content.decode()
    link = reverse("policies:version", args=["hangzhou-training", 1])
    assert f'href="{link}"' in page
    policy = client.get(link)
    assert policy.status_code == 200
    assert "第 1 版" in policy.content.decode()
    mine = client.get(reverse("compliance:mine", args=["hz-2026"]), follow=True).content.decode()
    assert f'<a href="{link}">' in mine  # "依据：" on their own compliance page
