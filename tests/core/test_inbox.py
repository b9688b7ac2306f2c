"""The 待办 inbox: one list of every domain's items for a person, soonest due first; its page
and drill-down for the person alone; a menu count; queries that do not grow with the data; the
daily e-mail for those who chose it."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from tests.formation import PROSPECTUS, with_user
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan
from tests.selection_chain import actor_of
from touyan.audit.models import AuditEntry, Verb
from touyan.core import inbox
from touyan.core.inbox_digest import language_of, text
from touyan.core.registry import InboxItem, Slot
from touyan.jobs.models import Job
from touyan.jobs.services import enqueue
from touyan.people.enums import SchoolKind
from touyan.programmes import services as programmes
from touyan.records.services import create_activity
from touyan.studios import services as prospectuses

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 10, 20)


def test_items_come_soonest_due_first_and_undated_last(monkeypatch, cast):
    slot = Slot("inbox")
    slot.add(lambda user: [InboxItem(key="b", title="无期限", url="/b/")], weight=10)
    slot.add(
        lambda user: [
            InboxItem(key="c", title="晚", url="/c/", due=dt.date(2025, 12, 1)),
            InboxItem(key="a", title="早", url="/a/", due=dt.date(2025, 11, 1)),
        ],
        weight=20,
    )
    monkeypatch.setattr(inbox, "INBOX", slot)
    assert [item.key for item in inbox.items_for(cast.nobody)] == ["a", "c", "b"]
    assert inbox.items_for(None) == []


def test_a_drill_down_asks_the_items_own_app_first(monkeypatch, cast):
    asked = []

    def contribution(app: str, keys: list[str]):
        def contribute(user):
            asked.append(app)
            return [InboxItem(key=key, title=key, url="/") for key in keys]

        contribute.__module__ = f"touyan.{app}.inbox"
        return contribute

    slot = Slot("inbox")
    slot.add(contribution("selection", ["selection.reviews:1"]), weight=10)
    slot.add(contribution("records", ["records.attendance:1", "odd-key"]), weight=40)
    monkeypatch.setattr(inbox, "INBOX", slot)
    assert inbox.find(cast.nobody, "records.attendance:1").key == "records.attendance:1"
    assert asked == ["records"]
    asked.clear()
    # A key that does not name its app is still found, by asking every app.
    assert inbox.find(cast.nobody, "odd-key").key == "odd-key"
    assert asked == ["selection", "records"]
    assert inbox.find(cast.nobody, "nothing:1") is None
    assert inbox.find(None, "records.attendance:1") is None


def test_the_due_date_is_told_in_days_left():
    item = InboxItem(key="k", title="t", url="/", due=dt.date(2025, 10, 25))
    assert inbox.Shown(item, dt.date(2025, 10, 20)).due_text == "还剩 5 天"
    assert inbox.Shown(item, dt.date(2025, 10, 25)).due_text == "今天到期"
    assert inbox.Shown(item, dt.date(2025, 10, 27)).due_text == "已逾期 2 天"
    assert inbox.Shown(item, dt.date(2025, 10, 27)).overdue


def studio_in(programme, index: int):
    school = SchoolFactory(name=f"增设中学{index}", region_id="460106", kind=SchoolKind.COMPLETE)
    host = PrincipalFactory(name=f"增设主持人{index}", school=school)
    return programmes.create_studio(actor=SYSTEM, programme=programme, host=host)


def waiting_work(programme, studios) -> None:
    """Each studio: a prospectus submitted and this month's seminar held, no roll call."""
    for studio in studios:
        if studio.host.user is None:
            with_user(studio.host)
        actor = actor_of(studio.host.user)
        prospectuses.save_prospectus(actor=actor, studio=studio, **PROSPECTUS)
        prospectuses.submit_prospectus(actor=actor, studio=studio)
        create_activity(
            actor=SYSTEM,
            programme=programme,
            studios=[studio],
            activity_type="seminar",
            title="专题研讨",
            date=dt.date(2025, 10, 15),
        )


@pytest.fixture
def hainan_work(cast, pin_today):
    pin_today(TODAY)
    hn = with_hainan(cast, members=2)
    waiting_work(hn.programme, hn.studios)
    return hn


def test_the_inbox_page_is_every_signed_in_persons_own(client, cast, hainan_work):
    check_access(client, cast, reverse("core:inbox"), matrix(cast, ALLOWED))
    client.force_login(cast.hn_centre)
    page = client.get(reverse("core:inbox")).content.decode()
    assert "2 份工作室简介待审核" in page and "2 个工作室尚未登记本月出勤" in page
    assert "还剩 11 天" in page  # the month's roll calls are due on 31 October


def test_an_items_details_are_shown_to_its_person_only(client, cast, hainan_work):
    key = f"studios.prospectus:{hainan_work.programme.pk}"
    url = reverse("core:inbox_item", args=[key])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED),
    )
    client.force_login(cast.hn_centre)
    page = client.get(url).content.decode()
    for studio in hainan_work.studios:
        assert studio.name in page
        assert reverse("studios:review", args=[studio.pk]) in page
    assert client.get(reverse("core:inbox_item", args=["no.such:1"])).status_code == 404


def test_the_menu_counts_the_items(client, cast, hainan_work):
    client.force_login(cast.hn_centre)
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'href="/inbox/"' in page and "2 项待办" in page


def test_the_home_page_leads_with_the_inbox(client, cast, hainan_work):
    client.force_login(cast.hn_centre)
    response = client.get(reverse("core:home"))
    assert response.context["inbox"]["total"] == 2
    assert "待办 2 项" in response.content.decode()


def inbox_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:inbox")).status_code == 200
    return len(queries)


def test_the_inbox_costs_the_same_queries_for_2_or_12_studios(client, cast, hainan_work):
    client.force_login(cast.hn_centre)
    client.get(reverse("core:inbox"))
    small = inbox_queries(client)
    added = [studio_in(hainan_work.programme, index) for index in range(10)]
    waiting_work(hainan_work.programme, added)
    client.get(reverse("core:inbox"))
    large = inbox_queries(client)
    response = client.get(reverse("core:inbox"))
    assert response.context["inbox_count"] == 2  # still two items: they aggregate
    assert "12 个工作室尚未登记本月出勤" in response.content.decode()
    assert large == small


def test_the_digest_preference_is_each_persons_own(client, cast):
    url = reverse("accounts:inbox_digest")
    check_access(client, cast, url, {"anonymous": LOGIN, "nobody": ALLOWED, "xihu": ALLOWED})
    client.force_login(cast.nobody)
    response = client.post(url, {"inbox_digest": "on"})
    assert response.status_code == 302
    cast.nobody.refresh_from_db()
    assert cast.nobody.inbox_digest
    entry = AuditEntry.objects.get(target_id=str(cast.nobody.pk), verb=Verb.UPDATE)
    assert entry.changes == {"inbox_digest": [False, True], "language": ["", "zh-hans"]}
    client.post(url, {})
    cast.nobody.refresh_from_db()
    assert not cast.nobody.inbox_digest
    assert reverse("accounts:inbox_digest") in client.get(reverse("core:inbox")).content.decode()


def choose_digest(user, email: str) -> None:
    user.email, user.inbox_digest = email, True
    user.save(update_fields=["email", "inbox_digest"])


def test_the_daily_digest_mails_each_person_who_chose_it_their_items(cast, hainan_work):
    choose_digest(cast.hn_centre, "centre@example.org")
    choose_digest(cast.nobody, "nobody@example.org")  # nothing waits: nothing is sent
    cast.host.email = "host@example.org"  # has items, did not choose the e-mail
    cast.host.save(update_fields=["email"])
    enqueue(actor=SYSTEM, kind="inbox.digests", key="inbox.digests:2025-10-20")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["centre@example.org"]
    assert message.subject == "您有 2 项待办"
    assert "2 份工作室简介待审核" in message.body and "截止 2025-10-31，还剩 11 天" in message.body
    assert "http://testserver/inbox/" in message.body or "/inbox/" in message.body
    # Fired again the same day (another machine, a restart): nobody is mailed twice.
    enqueue(actor=SYSTEM, kind="inbox.digests", key="inbox.digests:2025-10-20-again")
    assert len(mail.outbox) == 1
    assert Job.objects.filter(kind="inbox.digest").count() == 2


def test_the_digest_is_written_in_the_language_it_was_chosen_in(client, cast, hainan_work):
    cast.hn_centre.email = "centre@example.org"
    cast.hn_centre.save(update_fields=["email"])
    client.force_login(cast.hn_centre)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("accounts:inbox_digest"), {"inbox_digest": "on"})
    cast.hn_centre.refresh_from_db()
    assert (cast.hn_centre.inbox_digest, cast.hn_centre.language) == (True, "en")
    enqueue(actor=SYSTEM, kind="inbox.digests", key="inbox.digests:2025-10-20")
    message = mail.outbox[-1]
    assert message.subject == "You have 2 things to do"
    assert "2 studio prospectuses to approve" in message.body
    assert "due 2025-10-31, 11 days left" in message.body
    assert "待审核" not in message.body
    # Read in Chinese again, chosen again: the next morning's e-mail is Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.post(reverse("accounts:inbox_digest"), {"inbox_digest": "on"})
    cast.hn_centre.refresh_from_db()
    assert cast.hn_centre.language == "zh-hans"
    payload = {"user_id": cast.hn_centre.pk}
    enqueue(actor=SYSTEM, kind="inbox.digest", payload=payload, key="next-morning")
    message = mail.outbox[-1]
    assert message.subject == "您有 2 项待办"
    assert "2 份工作室简介待审核" in message.body and "还剩 11 天" in message.body


def test_a_language_no_longer_offered_mails_in_chinese(cast):
    cast.nobody.language = "fr"
    assert language_of(cast.nobody) == "zh-hans"
    cast.nobody.language = ""
    assert language_of(cast.nobody) == "zh-hans"


def test_the_digest_text_names_each_item_and_its_link(settings):
    settings.TOUYAN_SITE_URL = "https://touyan.example.org"
    items = [
        InboxItem(key="k", title="3 份申报待区县审核", url="/selection/calls/1/", subject="遴选")
    ]
    body = text(items)
    assert "· 3 份申报待区县审核（遴选）" in body
    assert "https://touyan.example.org/selection/calls/1/" in body
