"""Notifications: the service and its e-mails, marking read, the page, the badge."""

import logging
import smtplib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import UserFactory
from touyan.accounts.models import User
from touyan.core import mail
from touyan.jobs.models import Job
from touyan.notifications.models import Notification
from touyan.notifications.selectors import unread_count
from touyan.notifications.services import mark_read, notify

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")


def open_url(notification) -> str:
    return reverse("notifications:open", args=[notification.pk])


# The service


def test_notify_creates_one_row_per_distinct_active_user():
    alice = UserFactory(email="alice@example.cn")
    bob = UserFactory(email="")
    gone = UserFactory(is_active=False)

    created = notify(users=[alice, bob, alice, None, gone, bob], title="您被分配评审 12 份申请")

    assert [n.user for n in created] == [alice, bob]
    assert Notification.objects.count() == 2
    assert set(Notification.objects.values_list("user", flat=True)) == {alice.pk, bob.pk}
    assert all(n.read_at is None and n.title == "您被分配评审 12 份申请" for n in created)


def test_notify_accepts_a_queryset_and_nobody():
    UserFactory.create_batch(3)
    assert len(notify(users=User.objects.all(), title="公示期已结束，名单已确定")) == 3
    assert notify(users=[], title="无人") == []
    assert notify(users=[None], title="无人") == []


def test_mail_is_sent_on_commit_only(django_capture_on_commit_callbacks, mailoutbox):
    alice = UserFactory(email="alice@example.cn")
    no_address = UserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            users=[alice, no_address],
            title="您的申请已被区县退回修改：材料不全",
            body="请补充近三年考核结果后重新提交。",
            url="/programmes/hz/",
        )
        assert mailoutbox == []

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@example.cn"]
    assert mail.subject == "[头雁] 您的申请已被区县退回修改：材料不全"
    assert mail.body.startswith("请补充近三年考核结果后重新提交。")
    assert "http://127.0.0.1:8000/programmes/hz/" in mail.body


def test_no_mail_when_the_transaction_does_not_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    alice = UserFactory(email="alice@example.cn")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[alice], title="不会提交")
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_no_mail_when_not_asked_or_nobody_has_an_address(django_capture_on_commit_callbacks):
    alice = UserFactory(email="alice@example.cn")
    bob = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(users=[alice], title="只在站内", email=False)
        notify(users=[bob], title="没有邮箱")
    assert callbacks == []
    assert Notification.objects.count() == 2


def test_mail_links_follow_the_site_setting(
    settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.TOUYAN_SITE_URL = "https://touyan.example.cn"
    alice = UserFactory(email="alice@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[alice], title="路径", url="/notifications/")
        notify(users=[alice], title="外部", url="https://www.moe.gov.cn/")
        notify(users=[alice], title="脚本", body="正文", url="javascript:alert(1)")
        notify(users=[alice], title="多行\n标题")
    relative, absolute, script, multiline = mailoutbox
    assert relative.body == "查看：https://touyan.example.cn/notifications/"
    assert absolute.body == "查看：https://www.moe.gov.cn/"
    assert script.body == "正文"
    assert multiline.subject == "[头雁] 多行 标题"


def test_a_mail_failure_is_logged_and_never_raised(
    monkeypatch, caplog, django_capture_on_commit_callbacks, mailoutbox
):
    alice = UserFactory(email="alice@example.cn")
    bob = UserFactory(email="bob@example.cn")
    real_send_mail = mail.send_mail

    def refuse_alice(subject, message, from_email, recipient_list, **kwargs):
        if recipient_list == ["alice@example.cn"]:
            raise smtplib.SMTPRecipientsRefused({"alice@example.cn": (550, b"no such user")})
        return real_send_mail(subject, message, from_email, recipient_list, **kwargs)

    monkeypatch.setattr(mail, "send_mail", refuse_alice)
    with (
        caplog.at_level(logging.WARNING, logger="touyan.notifications.jobs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = notify(users=[alice, bob], title="评审分配")

    assert len(created) == 2
    assert [mail.to for mail in mailoutbox] == [["bob@example.cn"]]
    assert f"user {alice.pk} failed" in caplog.text
    assert "alice@example.cn" not in caplog.text
    # Kept on the job in words without the address, and asked again later.
    failed = Job.objects.get(kind="notifications.mail", state=Job.State.QUEUED)
    assert failed.error == "touyan.core.mail.MailFailed: SMTPRecipientsRefused"
    assert failed.next_attempt_at is not None


def test_an_unreachable_mail_server_is_logged_and_never_raised(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(mail, "get_connection", unreachable)
    alice = UserFactory(email="alice@example.cn")
    with (
        caplog.at_level(logging.WARNING, logger="touyan.notifications.jobs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(users=[alice], title="服务器不可达")
    assert f"user {alice.pk} failed" in caplog.text
    assert Job.objects.get(kind="notifications.mail").error.endswith("ConnectionRefusedError")
    assert Notification.objects.filter(user=alice).exists()


def test_long_titles_are_shortened_and_long_urls_refused():
    alice = UserFactory()
    (notification,) = notify(users=[alice], title="长" * 300, email=False)
    notification.refresh_from_db()
    assert len(notification.title) == 200
    assert notification.title.endswith("…")
    with pytest.raises(ValueError):
        notify(users=[alice], title="链接过长", url="/" + "x" * 500, email=False)


def test_mark_read_all_or_some_and_only_ones_own():
    alice, bob = UserFactory(), UserFactory()
    first, second, third = (notify(users=[alice], title=t, email=False)[0] for t in "一二三")
    (bobs,) = notify(users=[bob], title="别人的", email=False)

    assert mark_read(user=alice, ids=[first.pk, bobs.pk]) == 1
    assert unread_count(alice) == 2
    assert mark_read(user=alice, ids=[first.pk]) == 0
    assert mark_read(user=alice) == 2
    assert unread_count(alice) == 0
    assert unread_count(bob) == 1
    second.refresh_from_db()
    assert second.read_at is not None


# The page


def test_the_page_is_for_signed_in_users(client, cast):
    check_access(
        client,
        cast,
        LIST_URL,
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "xihu": ALLOWED,
            "expert": ALLOWED,
            "own": ALLOWED,
            "nobody": ALLOWED,
        },
    )


def test_the_page_shows_only_ones_own(client, cast):
    notify(users=[cast.own], title="您的申请已提交", body="等待区县审核。", email=False)
    notify(users=[cast.xihu, cast.superuser], title="西湖区有新的申请", email=False)

    client.force_login(cast.own)
    page = client.get(LIST_URL).content.decode()
    assert "您的申请已提交" in page
    assert "等待区县审核。" in page
    assert "西湖区有新的申请" not in page

    client.force_login(cast.superuser)
    page = client.get(LIST_URL).content.decode()
    assert "西湖区有新的申请" in page
    assert "您的申请已提交" not in page


def test_someone_elses_notification_does_not_exist(client, cast):
    (notification,) = notify(users=[cast.own], title="仅本人", url="/", email=False)
    check_access(
        client,
        cast,
        open_url(notification),
        {"anonymous": LOGIN, "superuser": NOT_FOUND, "xihu": NOT_FOUND, "nobody": NOT_FOUND},
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_an_item_follows_its_link_and_changes_nothing(client, cast):
    (notification,) = notify(
        users=[cast.own], title="评审结果", url="/programmes/?tab=mine", email=False
    )
    client.force_login(cast.own)
    response = client.get(open_url(notification))
    assert response.status_code == 302
    assert response.url == "/programmes/?tab=mine"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_items_own_button_marks_it_read(client, cast):
    first, second = (
        notify(users=[cast.own], title=title, email=False)[0] for title in ("第一条", "第二条")
    )
    (others,) = notify(users=[cast.hz_admin], title="别人的", email=False)
    read = reverse("notifications:mark_read", args=[first.pk])
    client.force_login(cast.own)
    assert read in client.get(LIST_URL).content.decode()
    assert client.get(read).status_code == 405
    assert client.post(read).url == LIST_URL
    assert client.post(reverse("notifications:mark_read", args=[others.pk])).status_code == 404
    first.refresh_from_db(), second.refresh_from_db(), others.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None and others.read_at is None


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com/",
        "javascript:alert(1)",
        "programmes/",
    ],
)
def test_unsafe_links_are_not_followed(client, cast, url):
    (notification,) = notify(users=[cast.own], title="链接", url=url, email=False)
    client.force_login(cast.own)
    response = client.get(open_url(notification))
    assert response.status_code == 302
    assert response.url == LIST_URL


def test_mark_all_read_button(client, cast):
    notify(users=[cast.own], title="第一条", email=False)
    notify(users=[cast.own], title="第二条", email=False)
    notify(users=[cast.xihu], title="别人的", email=False)
    client.force_login(cast.own)
    assert "全部标为已读" in client.get(LIST_URL).content.decode()

    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert response.redirect_chain == [(LIST_URL, 302)]
    assert "已将 2 条通知标为已读" in response.content.decode()
    assert "全部标为已读" not in response.content.decode()
    assert unread_count(cast.own) == 0
    assert unread_count(cast.xihu) == 1


def test_mark_all_read_needs_a_signed_in_user(client):
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_page_is_paged_by_fifty(client, cast):
    notify(users=[cast.own], title="旧通知", email=False)
    Notification.objects.update(created_at="2020-01-01T00:00:00Z")
    for n in range(50):
        notify(users=[cast.own], title=f"新通知{n}", email=False)
    client.force_login(cast.own)
    first = client.get(LIST_URL)
    assert len(first.context["page"].object_list) == 50
    assert "旧通知" not in first.content.decode()
    assert "旧通知" in client.get(LIST_URL, {"page": 2}).content.decode()


# The badge


def test_the_badge_counts_unread_notifications(client, cast):
    client.force_login(cast.own)
    home = reverse("core:home")
    assert 'class="badge warn"' not in client.get(home).content.decode()

    for title in ("一", "二", "三"):
        notify(users=[cast.own], title=title, email=False)
    notify(users=[cast.xihu], title="别人的", email=False)
    page = client.get(home).content.decode()
    assert f'href="{LIST_URL}">通知 <span class="badge warn" title="3 条未读">3</span>' in page

    mark_read(user=cast.own)
    assert 'class="badge warn"' not in client.get(home).content.decode()


def test_the_badge_stops_at_99(client, cast):
    notify(users=[cast.own], title="一", email=False)
    Notification.objects.bulk_create(
        [Notification(user=cast.own, title=str(n)) for n in range(100)]
    )
    client.force_login(cast.own)
    assert ">99+</span>" in client.get(reverse("core:home")).content.decode()


def test_no_badge_or_count_for_anonymous_visitors(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("accounts:login"))
    assert "unread_notifications" not in response.context
    assert LIST_URL not in response.content.decode()


def test_the_page_costs_the_same_queries_for_1_and_30(client, cast, django_assert_num_queries):
    client.force_login(cast.own)
    notify(users=[cast.own], title="第 0 条", email=False)
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST_URL)
    for n in range(1, 30):
        notify(users=[cast.own], title=f"第 {n} 条", email=False)

    with django_assert_num_queries(len(one)) as thirty:
        response = client.get(LIST_URL)

    assert len(response.context["page"].object_list) == 30
    # The pager's count, the badge's count, the page of rows.
    own_queries = [q for q in thirty.captured_queries if "notifications_notification" in q["sql"]]
    assert len(own_queries) == 3
