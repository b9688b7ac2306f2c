import pytest
from django.urls import reverse

from tests.access import ALLOWED, check_access

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-5.1", "HZ-4.2.1")]


def test_home_is_for_signed_in_users(client, cast):
    """A visitor who has not signed in gets the public front door there instead
    (tests/core/test_front_door.py)."""
    check_access(
        client,
        cast,
        reverse("core:home"),
        {"anonymous": ALLOWED, "xihu": ALLOWED, "expert": ALLOWED, "nobody": ALLOWED},
    )
    assert "您好" not in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("hz_admin", ["学校与校长名册", "操作日志", "教育行政部门管理员 · 杭州市"], ["评审任务"]),
        ("hz_centre", ["学校与校长名册", "培训中心工作人员 · 杭州市"], ["操作日志"]),
        ("xihu", ["学校与校长名册", "西湖区：1 所学校，1 名校长与书记"], ["操作日志"]),
        ("expert", ["评审任务"], ["学校与校长名册"]),
        ("own", ["我的档案", "杭州学军中学"], ["学校与校长名册"]),
        ("nobody", ["还没有任何授权"], ["学校与校长名册"]),
    ],
)
def test_each_role_sees_what_it_can_do(client, cast, who, shown, hidden):
    client.force_login(cast[who])
    page = client.get(reverse("core:home")).content.decode()
    for text in shown:
        assert text in page, text
    for text in hidden:
        assert text not in page, text


def test_the_menu_lists_only_permitted_pages(client, cast):
    client.force_login(cast.expert)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("people:principal_list") not in page
    client.force_login(cast.hz_admin)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("people:principal_list") in page and reverse("audit:entry_list") in page
