"""The compliance pages: who may see which grid, cell and subject page, what the filters keep,
what a drill-down shows as evidence, and that the dashboard's queries do not grow with rows."""

import dataclasses
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from touyan.audit.models import AuditEntry, Verb
from touyan.compliance import tones
from touyan.compliance.home import cards_for
from touyan.programmes import services as programmes
from touyan.records import services as records
from touyan.urls import urlpatterns as site_urls

from ..factories import PrincipalFactory, SchoolFactory, UserFactory
from ..programmes import SYSTEM, hainan, hangzhou

pytestmark = pytest.mark.django_db

D = dt.date
AS_OF = "2025-12-10"  # month 4 of the Hainan cycle: September–November are over


def account(principal, username):
    principal.user = UserFactory(username=username)
    principal.save()
    return principal.user


def seminar(hn, studio, day, title="专题研讨"):
    return records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[studio],
        activity_type="seminar",
        title=title,
        date=day,
    )


def site_posts(studio, day, count=2):
    """Posts published on the studio's site that day (the site_freshness rule, HN-4.1.6)."""
    from django.utils import timezone

    from touyan.publishing.models import Post

    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    for n in range(count):
        Post.objects.create(
            studio=studio,
            column="exchange",
            kind="news",
            title=f"工作动态 {day} {n}",
            author_name="主持人",
            status=Post.Status.PUBLISHED,
            published_at=at,
        )


def dashboard(slug, **query):
    url = reverse("compliance:dashboard", args=[slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def hn(cast):
    """Two Hainan studios (海口 龙华区, 三亚 吉阳区) whose hosts and one member have accounts."""
    hn = hainan(studios=2)
    haikou, sanya = hn.studios
    cast.haikou_host = account(haikou.host, "haikou-host")
    cast.haikou_member = account(hn.members[haikou.pk][0], "haikou-member")
    cast.sanya_host = account(sanya.host, "sanya-host")
    return hn


@pytest.fixture
def hz(cast):
    """Hangzhou trainees: 学员0 and 学员2 in 西湖区, 学员1 in 滨江区."""
    hz = hangzhou(trainees=3)
    cast.trainee0 = account(hz.trainees[0].principal, "trainee0")
    cast.trainee1 = account(hz.trainees[1].principal, "trainee1")
    return hz


OUTSIDERS = {
    "anonymous": LOGIN,
    "hz_admin": NOT_FOUND,
    "expert": NOT_FOUND,
    "nobody": NOT_FOUND,
    "own": NOT_FOUND,
}


# access ----------------------------------------------------------------------------------------


def test_who_sees_the_hainan_dashboard(client, cast, hn):
    expected = {
        **OUTSIDERS,
        "superuser": ALLOWED,
        "hn_admin": ALLOWED,
        "hz_centre": NOT_FOUND,
        "xihu": NOT_FOUND,
        "haikou_host": NOT_FOUND,  # participants see their own page, not the grid
        "haikou_member": NOT_FOUND,
    }
    check_access(client, cast, dashboard(hn.programme.slug), expected)
    check_access(client, cast, reverse("compliance:export", args=[hn.programme.slug]), expected)


@pytest.mark.clause("HZ-4.2.2")
def test_who_sees_the_hangzhou_dashboard(client, cast, hz):
    expected = {
        "anonymous": LOGIN,
        "superuser": ALLOWED,
        "hz_admin": ALLOWED,
        "hz_centre": ALLOWED,
        "xihu": ALLOWED,
        "binjiang": ALLOWED,
        "hn_admin": NOT_FOUND,
        "expert": NOT_FOUND,
        "nobody": NOT_FOUND,
        "trainee0": NOT_FOUND,
    }
    check_access(client, cast, dashboard(hz.programme.slug), expected)


@pytest.mark.clause("HZ-4.2.2")
def test_district_officers_see_only_their_districts_trainees(client, cast, hz):
    client.force_login(cast.xihu)
    xihu = page(client, dashboard(hz.programme.slug))
    assert "学员0" in xihu and "学员2" in xihu and "学员1" not in xihu
    client.force_login(cast.binjiang)
    binjiang = page(client, dashboard(hz.programme.slug))
    assert "学员1" in binjiang and "学员0" not in binjiang
    client.force_login(cast.hz_centre)
    assert all(f"学员{n}" in page(client, dashboard(hz.programme.slug)) for n in range(3))


def test_who_sees_a_studio_page_and_its_cells(client, cast, hn):
    haikou = hn.studios[0]
    expected = {
        **OUTSIDERS,
        "superuser": ALLOWED,
        "hn_admin": ALLOWED,
        "hz_centre": NOT_FOUND,
        "haikou_host": ALLOWED,
        "haikou_member": ALLOWED,
        "sanya_host": NOT_FOUND,
    }
    slug = hn.programme.slug
    check_access(client, cast, reverse("compliance:studio", args=[slug, haikou.pk]), expected)
    check_access(
        client,
        cast,
        reverse("compliance:cell", args=[slug, haikou.pk, "hn-monthly-seminar"]),
        expected,
    )


@pytest.mark.clause("HZ-4.2.2")
def test_who_sees_a_trainees_page_and_its_cells(client, cast, hz):
    xihu_trainee = hz.trainees[0]
    expected = {
        "anonymous": LOGIN,
        "hz_centre": ALLOWED,
        "xihu": ALLOWED,
        "binjiang": NOT_FOUND,  # not their district
        "hn_admin": NOT_FOUND,
        "trainee0": ALLOWED,
        "trainee1": NOT_FOUND,
        "nobody": NOT_FOUND,
    }
    slug = hz.programme.slug
    check_access(client, cast, reverse("compliance:studio", args=[slug, xihu_trainee.pk]), expected)
    check_access(
        client,
        cast,
        reverse("compliance:cell", args=[slug, xihu_trainee.pk, "hz-absence-ratio"]),
        expected,
    )


def test_unknown_subjects_and_rules_answer_404(client, cast, hn):
    client.force_login(cast.hn_admin)
    slug = hn.programme.slug
    assert client.get(reverse("compliance:studio", args=[slug, 999999])).status_code == 404
    studio = hn.studios[0].pk
    assert (
        client.get(reverse("compliance:cell", args=[slug, studio, "no-such-rule"])).status_code
        == 404
    )
    # A trainee rule has no cell for a studio.
    assert (
        client.get(reverse("compliance:cell", args=[slug, studio, "hz-absence-ratio"])).status_code
        == 404
    )
    assert client.get(dashboard("no-such-programme")).status_code == 404


def test_my_tasks_lead_to_my_studio_or_list_several(client, cast, hn):
    slug = hn.programme.slug
    haikou, sanya = hn.studios
    check_access(
        client,
        cast,
        reverse("compliance:mine", args=[slug]),
        {"anonymous": LOGIN, "hn_admin": NOT_FOUND, "nobody": NOT_FOUND},
    )
    client.force_login(cast.haikou_host)
    response = client.get(reverse("compliance:mine", args=[slug]) + "?as_of=2026-01-05")
    assert response.status_code == 302
    assert (
        response.url == reverse("compliance:studio", args=[slug, haikou.pk]) + "?as_of=2026-01-05"
    )
    # The host of 海口 also joins 三亚 as a member: both are theirs.
    programmes.add_member(
        actor=SYSTEM, studio=sanya, principal=haikou.host, joined_on=D(2025, 9, 1)
    )
    listing = page(client, reverse("compliance:mine", args=[slug]))
    assert haikou.name in listing and sanya.name in listing
    assert reverse("compliance:studio", args=[slug, sanya.pk]) in listing


# the grid --------------------------------------------------------------------------------------


@pytest.mark.clause("HN-4.1.1")
def test_the_grid_shows_each_state_with_a_symbol_words_and_a_link(client, cast, hn):
    haikou, sanya = hn.studios
    for month in (9, 10, 11, 12):
        seminar(hn, haikou, D(2025, month, 5))
    seminar(hn, sanya, D(2025, 9, 5))
    client.force_login(cast.hn_admin)
    html = page(client, dashboard(hn.programme.slug, as_of=AS_OF))
    assert "2025-12-10" in html
    assert "依据：" in html and "第 1 版" in html
    assert reverse("policies:version", args=["hainan-studios", 1]) in html
    # The column: its title, clause and the requirement as a tooltip.
    assert (
        '<span class="rule-title">每月专题研讨</span><span class="clause">HN-4.1.1</span>' in html
    )
    assert 'title="每月至少开展 1 次“专题研讨”活动"' in html
    met = reverse("compliance:cell", args=[hn.programme.slug, haikou.pk, "hn-monthly-seminar"])
    missed = reverse("compliance:cell", args=[hn.programme.slug, sanya.pk, "hn-monthly-seminar"])
    assert f'<td class="cell state-met"><a href="{met}?as_of={AS_OF}"' in html
    assert f'<td class="cell state-missed"><a href="{missed}?as_of={AS_OF}"' in html
    # Not colour alone: a symbol and the state in words for screen readers.
    assert '<span class="sr-only">未达成，</span>缺 2 个月' in html
    assert '<span class="symbol" aria-hidden="true">✗</span>' in html
    assert '<span class="sr-only">已达成，</span>1/1' in html
    assert "主持人0 · 海南测试中学" in html and "龙华区" in html and "吉阳区" in html
    assert f'href="{reverse("compliance:export", args=[hn.programme.slug])}?as_of={AS_OF}"' in html


def test_filters_by_region_name_rule_and_state(client, cast, hn):
    haikou, sanya = hn.studios
    for month in (9, 10, 11):
        seminar(hn, haikou, D(2025, month, 5))
    client.force_login(cast.hn_admin)
    slug = hn.programme.slug

    def names(**query):
        html = page(client, dashboard(slug, as_of=AS_OF, **query))
        return {s.name for s in hn.studios if s.name in html}

    assert names() == {haikou.name, sanya.name}
    assert names(region="460106") == {haikou.name}
    assert names(region="4602") == {sanya.name}  # a city: every county in it
    assert names(q="主持人1") == {sanya.name}
    assert names(rule="hn-monthly-seminar", state="missed") == {sanya.name}
    # December is still open for 海口: the cell shows the worst period that has begun.
    assert names(rule="hn-monthly-seminar", state="at_risk") == {haikou.name}
    assert names(rule="hn-monthly-seminar", state="met") == set()
    assert names(state="not_due") == set()  # some period of every rule has begun
    assert names(region="460106", state="missed", rule="hn-monthly-seminar") == set()

    before = page(client, dashboard(slug, as_of="2025-08-01", state="not_due"))
    assert haikou.name in before and sanya.name in before

    only = page(client, dashboard(slug, as_of=AS_OF, rule="hn-monthly-seminar"))
    assert '<span class="rule-title">每月专题研讨</span>' in only
    assert '<span class="rule-title">每学期集中研修</span>' not in only
    # A value that is not among the choices is shown as an error and ignored.
    bad = page(client, dashboard(slug, as_of=AS_OF, state="lost", region="99"))
    assert haikou.name in bad and sanya.name in bad and 'class="has-error"' in bad


def test_totals_per_state_link_to_the_rows_in_that_state(client, cast, hn):
    client.force_login(cast.hn_admin)
    response = client.get(dashboard(hn.programme.slug, as_of=AS_OF, rule="hn-monthly-seminar"))
    totals = {t["state"]: t["count"] for t in response.context["grid"]["totals"]}
    assert totals == {
        "met": 0,
        "on_track": 0,
        "behind": 0,
        "cannot_be_met": 0,
        "missed": 2,
        "not_due": 0,
    }
    html = response.content.decode()
    assert "rule=hn-monthly-seminar&amp;state=missed" in html


def test_cohort_filter_on_a_training_programme(client, cast, hz):
    second = programmes.create_cohort(
        actor=SYSTEM, programme=hz.programme, number=2, name="第二期", starts_on=D(2026, 9, 1)
    )
    newcomer = PrincipalFactory(name="二期学员", school=SchoolFactory(region_id="330106"))
    programmes.add_trainee(actor=SYSTEM, cohort=second, principal=newcomer, joined_on=D(2026, 9, 1))
    client.force_login(cast.hz_centre)
    html = page(client, dashboard(hz.programme.slug, cohort=2))
    assert "二期学员" in html and "学员0" not in html
    assert '<option value="2" selected>第二期</option>' in html
    assert "二期学员" not in page(client, dashboard(hz.programme.slug, cohort=1))


def test_rows_are_paged_by_fifty_and_only_the_page_is_evaluated(client, cast):
    hn = hainan(studios=51, members=0)
    client.force_login(cast.hn_admin)
    first = client.get(dashboard(hn.programme.slug, as_of=AS_OF))
    assert len(first.context["grid"]["rows"]) == 50
    assert "第 1 / 2 页，共 51 条" in first.content.decode()
    second = client.get(dashboard(hn.programme.slug, as_of=AS_OF, page=2))
    assert len(second.context["grid"]["rows"]) == 1
    assert "本页合计" in second.content.decode()
    # With a state filter every row is judged first, then paged.
    missed = client.get(dashboard(hn.programme.slug, as_of=AS_OF, state="missed"))
    assert (
        len(missed.context["grid"]["rows"]) == 50
        and missed.context["grid"]["page"].paginator.count == 51
    )


def test_the_dashboards_queries_do_not_grow_with_the_studios(client, cast):
    def queries(studios: int, start: dt.date) -> int:
        hn = hainan(studios=studios, members=3, start=start)
        for studio in hn.studios:
            seminar(hn, studio, start)
        client.force_login(cast.hn_admin)
        url = dashboard(hn.programme.slug, as_of=(start + dt.timedelta(days=100)).isoformat())
        client.get(url)  # warm the per-process caches (content types, parsed policy)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["grid"]["rows"]) == studios
        return len(captured.captured_queries)

    assert queries(2, D(2025, 9, 1)) == queries(6, D(2024, 9, 1))


# dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday", "2025/12/10", "%00"])
def test_a_bad_as_of_date_is_a_clear_400(client, cast, hn, value):
    client.force_login(cast.hn_admin)
    slug, studio = hn.programme.slug, hn.studios[0].pk
    for url in (
        reverse("compliance:dashboard", args=[slug]),
        reverse("compliance:studio", args=[slug, studio]),
        reverse("compliance:cell", args=[slug, studio, "hn-monthly-seminar"]),
        reverse("compliance:export", args=[slug]),
    ):
        response = client.get(url, {"as_of": value})
        assert response.status_code == 400
        assert "不是有效的日期" in response.content.decode()


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2025-08-31"])
def test_far_dates_do_not_break_any_page(client, cast, hn, value):
    client.force_login(cast.hn_admin)
    slug, studio = hn.programme.slug, hn.studios[0].pk
    assert client.get(dashboard(slug, as_of=value)).status_code == 200
    assert (
        client.get(reverse("compliance:studio", args=[slug, studio]), {"as_of": value}).status_code
        == 200
    )
    cell = reverse("compliance:cell", args=[slug, studio, "hn-monthly-seminar"])
    assert client.get(cell, {"as_of": value}).status_code == 200


@pytest.mark.clause("HN-4.1.1")
def test_as_of_chooses_the_day_the_verdicts_are_given_for(client, cast, hn):
    studio = hn.studios[0]
    seminar(hn, studio, D(2025, 9, 5))
    client.force_login(cast.hn_admin)
    cell = reverse("compliance:cell", args=[hn.programme.slug, studio.pk, "hn-monthly-seminar"])
    september = client.get(cell, {"as_of": "2025-09-20"}).context["shown"]
    december = client.get(cell, {"as_of": AS_OF}).context["shown"]
    assert september.state.value == "met" and december.state.value == "missed"
    today = client.get(cell).context["as_of"]
    assert today == dt.date.today() or abs((today - dt.date.today()).days) <= 1


# drill-down and the subject page --------------------------------------------------------------


# The site without the records pages, for evidence that has nowhere to link to.
urlpatterns = [p for p in site_urls if getattr(p, "namespace", None) != "records"]


@pytest.mark.clause("HN-4.1.1")
def test_the_drill_down_lists_every_period_with_its_evidence_and_what_is_missing(client, cast, hn):
    studio = hn.studios[0]
    first = seminar(hn, studio, D(2025, 9, 12), title="九月专题研讨：县域高中课程建设")
    seminar(hn, studio, D(2025, 10, 20), title="十月专题研讨")
    client.force_login(cast.haikou_member)
    url = reverse("compliance:cell", args=[hn.programme.slug, studio.pk, "hn-monthly-seminar"])
    response = client.get(url, {"as_of": AS_OF})
    html = response.content.decode()
    assert "每月至少举行一次专题研讨活动" in html  # the policy's own words
    assert "HN-4.1.1" in html
    assert "2025-09-12" in html and "九月专题研讨：县域高中课程建设" in html
    assert "2025年11月" in html and '<p class="missing">未开展专题研讨</p>' in html
    assert "本月尚未开展专题研讨，还剩 22 天" in html
    begun = [line.verdict.period.key for line in response.context["begun"]]
    assert begun == ["month-4", "month-3", "month-2", "month-1"]  # the open month first
    assert len(response.context["later"]) == 29
    assert "以后的 29 个期间（未到期）" in html
    activity_page = reverse("records:activity", args=[hn.programme.slug, first.pk])
    assert f'<a href="{activity_page}">九月专题研讨：县域高中课程建设</a>' in html
    # The dashboard link is only for those who may see the dashboard.
    grid = reverse("compliance:dashboard", args=[hn.programme.slug])
    assert f'href="{grid}"' not in html and f'href="{grid}?' not in html


@pytest.mark.urls(__name__)
def test_evidence_is_plain_text_where_there_is_no_page_for_it(client, cast, hn):
    studio = hn.studios[0]
    seminar(hn, studio, D(2025, 9, 12), title="九月专题研讨")
    client.force_login(cast.hn_admin)
    url = reverse("compliance:cell", args=[hn.programme.slug, studio.pk, "hn-monthly-seminar"])
    html = page(client, url + f"?as_of={AS_OF}")
    assert '<span class="muted small mono">2025-09-12</span> 九月专题研讨</li>' in html


@pytest.mark.clause("HN-4.1.1", "HN-4.3")
def test_the_studio_page_puts_what_needs_doing_first_with_the_next_step(client, cast, hn):
    studio = hn.studios[0]
    for month in (9, 10, 11):
        seminar(hn, studio, D(2025, month, 5))
        site_posts(studio, D(2025, month, 6))
    client.force_login(cast.haikou_host)
    response = client.get(
        reverse("compliance:studio", args=[hn.programme.slug, studio.pk]), {"as_of": AS_OF}
    )
    html = response.content.decode()
    # Behind or impossible first, then missed, then what keeps pace, met, not yet due.
    shown = [line["shown"].tone for line in response.context["lines"]]
    assert shown == sorted(shown, key=tones.URGENCY.index)
    assert shown[0] == "on_track"  # December has just begun: nothing is behind yet
    assert "本月尚未开展专题研讨，还剩 22 天" in html
    seminar_line = next(
        line for line in response.context["lines"] if line["rule"].id == "hn-monthly-seminar"
    )
    assert seminar_line["cell"].state.value == "at_risk"
    assert "成员0-9" in html  # the growth plans still to hand in name who owes one


def test_a_trainee_sees_their_own_absences(client, cast, hz):
    trainee = hz.trainees[0]
    session = records.create_activity(
        actor=SYSTEM,
        programme=hz.programme,
        cohort=hz.cohort,
        activity_type="course",
        title="人文讲座",
        date=D(2026, 3, 9),
        topic="humanities",
        hours=Decimal(3),
    )
    records.record_attendance(
        actor=SYSTEM, activity=session, marks=[records.Mark(trainee.principal_id, "absent", False)]
    )
    client.force_login(cast.trainee0)
    url = reverse("compliance:cell", args=[hz.programme.slug, trainee.pk, "hz-unexcused-absence"])
    html = page(client, url + "?as_of=2026-03-10")
    # Hangzhou counts absence in class hours (学时): the session's hours are shown.
    assert "人文讲座（缺勤 3 学时）" in html
    assert "（限 0）" not in html
    assert '<p class="missing">未经同意缺席 1 次，共 3 学时</p>' in html


# export and home ------------------------------------------------------------------------------


def test_the_export_follows_the_filters_and_is_audited(client, cast, hn):
    haikou, sanya = hn.studios
    client.force_login(cast.hn_admin)
    url = reverse("compliance:export", args=[hn.programme.slug])
    response = client.get(url, {"as_of": AS_OF, "region": "460203"})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="compliance-hn-2025-2025-12-10.xlsx"')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == (
        "海南省中学卓越校长工作室（测试）合规情况-2025-12-10.xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    text = "\n".join(
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )
    assert sanya.name in text and haikou.name not in text
    entry = AuditEntry.objects.get(verb=Verb.EXPORT)
    assert entry.actor == cast.hn_admin and entry.target_id == str(hn.programme.pk)
    assert "海南省中学卓越校长工作室（测试）" in entry.note and "2025-12-10" in entry.note


def test_home_cards_count_my_rules_at_risk_and_missed(cast, hn):
    assert cards_for(cast.nobody) == []
    assert cards_for(cast.hn_admin) == []
    (card,) = cards_for(cast.haikou_host)
    assert card.programme == hn.programme
    assert card.url == reverse("compliance:mine", args=[hn.programme.slug])
    assert card.links == [(card.url, "查看我的任务")]
    assert hn.programme.name in card.title
    assert card.missed + card.at_risk > 0 and "有风险" in card.text


# pace on the grid -------------------------------------------------------------------------------


@pytest.mark.clause("HN-4.1.1")
def test_a_studio_on_pace_is_not_amber_and_the_legend_counts_each_pace(client, cast, hn):
    haikou, sanya = hn.studios
    for month in (9, 10, 11):
        seminar(hn, haikou, D(2025, month, 5))
        seminar(hn, sanya, D(2025, month, 6))
    client.force_login(cast.hn_admin)
    early = client.get(dashboard(hn.programme.slug, as_of=AS_OF, rule="hn-monthly-seminar"))
    html = early.content.decode()
    # December has just begun: neither studio's seminar is owed yet.
    assert html.count('class="cell state-on-track"') == 2 and "state-at-risk" not in html
    assert "进度正常，" in html  # the words beside the colour, for screen readers
    totals = {t["state"]: t["count"] for t in early.context["grid"]["totals"]}
    assert totals["on_track"] == 2 and totals["behind"] == 0
    late = client.get(
        dashboard(hn.programme.slug, as_of="2025-12-29", rule="hn-monthly-seminar", state="behind")
    )
    body = late.content.decode()
    assert haikou.name in body and sanya.name in body
    assert 'class="cell state-behind"' in body
    assert "本月尚未开展专题研讨，还剩 3 天；已近期末，进度落后" in body
    on_track = page(
        client,
        dashboard(
            hn.programme.slug, as_of="2025-12-29", rule="hn-monthly-seminar", state="on_track"
        ),
    )
    assert haikou.name not in on_track
    # "有风险" still takes every open period not yet met, whatever its pace.
    at_risk = page(
        client,
        dashboard(
            hn.programme.slug, as_of="2025-12-29", rule="hn-monthly-seminar", state="at_risk"
        ),
    )
    assert haikou.name in at_risk and sanya.name in at_risk


@pytest.mark.clause("HZ-3.4.1")
def test_the_trainee_page_says_how_much_leave_is_still_possible(client, cast, hz):
    trainee = hz.trainees[0]
    sessions = [
        records.create_activity(
            actor=SYSTEM,
            programme=hz.programme,
            cohort=hz.cohort,
            activity_type="course",
            title=f"理论研习 {n + 1}",
            date=D(2026, 3, 6) + dt.timedelta(days=7 * n),
            topic="theory",
            hours=Decimal(3),
        )
        for n in range(10)
    ]
    records.record_attendance(
        actor=SYSTEM, activity=sessions[0], marks=[records.Mark(trainee.principal_id, "leave")]
    )
    client.force_login(cast.trainee0)
    html = page(
        client,
        reverse("compliance:studio", args=[hz.programme.slug, trainee.pk]) + "?as_of=2026-03-20",
    )
    # 30 学时 scheduled, at most 6 absent, 3 used.
    assert "还可缺勤 3 学时，超过即进入淘汰审议" in html
    cell_page = page(
        client,
        reverse("compliance:cell", args=[hz.programme.slug, trainee.pk, "hz-absence-ratio"])
        + "?as_of=2026-03-20",
    )
    assert "3 学时（限 6）" in cell_page and "理论研习 1（请假 3 学时）" in cell_page


@pytest.mark.clause("HN-4.1.1")
def test_the_home_card_says_how_many_of_the_rules_at_risk_are_behind(cast, hn):
    card = cards_for(cast.haikou_host)[0]
    behind = dataclasses.replace(card, at_risk=5, missed=1, behind=2)
    assert behind.text == "有风险 5 项（其中进度落后 2 项），未达成 1 项。"
    calm = dataclasses.replace(card, at_risk=5, missed=0, behind=0)
    assert calm.text == "有风险 5 项，未达成 0 项。"
