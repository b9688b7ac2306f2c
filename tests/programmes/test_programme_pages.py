"""The programme list, a new programme, the overview, yearly themes and the policy version."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.policies.models import PolicyVersion
from touyan.policies.presets import preset_text
from touyan.policies.services import publish_policy
from touyan.programmes.models import Programme, Theme
from touyan.programmes.services import create_studio

pytestmark = pytest.mark.django_db


def test_the_programme_list_is_for_whoever_runs_follows_or_takes_part(client, cast):
    with_hainan(cast)
    with_hangzhou(cast)
    check_access(
        client,
        cast,
        reverse("programmes:list"),
        matrix(cast, ALLOWED, expert=NOT_FOUND, nobody=NOT_FOUND, own=NOT_FOUND),
    )


def test_each_person_lists_only_the_programmes_they_may_see(client, cast):
    with_hainan(cast)
    with_hangzhou(cast)
    seen = {}
    for name in ("hn_admin", "xihu", "host", "trainee", "superuser"):
        client.force_login(getattr(cast, name))
        page = client.get(reverse("programmes:list")).content.decode()
        seen[name] = {slug for slug in ("hn-2025", "hz-2026") if f"/programmes/{slug}/" in page}
    assert seen == {
        "hn_admin": {"hn-2025"},
        "xihu": {"hz-2026"},
        "host": {"hn-2025"},
        "trainee": {"hz-2026"},
        "superuser": {"hn-2025", "hz-2026"},
    }


def test_the_list_shows_policy_jurisdiction_cycle_and_status(client, cast):
    with_hainan(cast)
    client.force_login(cast.hn_centre)
    page = client.get(reverse("programmes:list")).content.decode()
    assert "海南省中学卓越校长工作室" in page and "第 1 版" in page
    assert "海南省" in page
    assert '2025-09-01<span class="show-sm"><br></span> — 2028-08-31' in page
    assert "进行中" in page
    assert "新建项目" in page
    client.force_login(cast.host)
    assert "新建项目" not in client.get(reverse("programmes:list")).content.decode()


def test_new_programmes_are_for_those_who_run_programmes(client, cast):
    with_hainan(cast)
    check_access(
        client,
        cast,
        reverse("programmes:create"),
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
        ),
    )


def test_creating_a_programme_under_a_policy_of_ones_own_jurisdiction(client, cast):
    hainan_version = publish_policy(actor=Actor.system(), text=preset_text("hainan-studios"))
    hangzhou_version = publish_policy(actor=Actor.system(), text=preset_text("hangzhou-training"))
    client.force_login(cast.hn_admin)
    form = client.get(reverse("programmes:create")).content.decode()
    assert "海南省中学卓越校长工作室 第 1 版" in form
    assert "杭州市中小学名校长培养工程" not in form
    data = {
        "policy_version": hainan_version.pk,
        "name": "海南省中学卓越校长工作室（2026—2029）",
        "slug": "hn-2026",
        "starts_on": "2026-09-01",
        "partner_regions": "520000，460106",
        "description": "第二轮",
    }
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 302 and response.url == "/programmes/hn-2026/"
    programme = Programme.objects.get(slug="hn-2026")
    assert programme.jurisdiction_id == "460000"
    assert programme.partner_regions == ["460106", "520000"]
    assert programme.created_by == cast.hn_admin
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(programme.pk)).exists()

    # A policy of another jurisdiction is not offered, and a used slug is refused.
    refused = client.post(
        reverse("programmes:create"), data | {"policy_version": hangzhou_version.pk}
    )
    assert refused.status_code == 200 and "policy_version" in refused.context["form"].errors
    again = client.post(reverse("programmes:create"), data)
    assert "已被其他项目使用" in again.content.decode()
    unknown = client.post(
        reverse("programmes:create"), data | {"slug": "hn-x", "partner_regions": "999999"}
    )
    assert "不认识的区划代码：999999" in unknown.content.decode()
    assert Programme.objects.count() == 1


def test_the_overview_is_seen_by_the_programme_and_nobody_else(client, cast):
    with_hainan(cast)
    with_hangzhou(cast)
    hainan_url = reverse("programmes:detail", args=["hn-2025"])
    check_access(
        client,
        cast,
        hainan_url,
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
            longhua=ALLOWED,
            host=ALLOWED,
            member=ALLOWED,
            other_host=ALLOWED,
        ),
    )
    check_access(
        client,
        cast,
        reverse("programmes:detail", args=["hz-2026"]),
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hz_admin=ALLOWED,
            hz_centre=ALLOWED,
            xihu=ALLOWED,
            binjiang=ALLOWED,
            trainee=ALLOWED,
            other_trainee=ALLOWED,
        ),
    )


@pytest.mark.clause("HN-4.0")
def test_the_overview_shows_policy_calendar_and_studios(client, cast):
    with_hainan(cast)
    client.force_login(cast.hn_centre)
    page = client.get(reverse("programmes:detail", args=["hn-2025"])).content.decode()
    assert 'href="/policies/hainan-studios/v1/"' in page
    assert "2025-09-01 — 2028-08-31" in page
    assert "2025年秋季学期" in page and "2026年春季学期" in page
    assert '暑假 <span class="muted small nowrap">2026-07-15 — 2026-08-31' in page
    assert '春节 <span class="muted small nowrap">2026-02-10 — 2026-02-24' in page
    assert "主持人0中学卓越校长工作室" in page and "主持人1中学卓越校长工作室" in page
    assert "第1年" in page and "第3年" in page and "尚未确定主题" in page
    assert '<td class="num">10</td>' in page
    assert "/records/hn-2025/activities/" in page and "/records/hn-2025/deliverables/" in page


@pytest.mark.clause("HN-3.2")
def test_a_district_officer_sees_only_the_studios_of_their_district(client, cast):
    with_hainan(cast)
    client.force_login(cast.longhua)
    page = client.get(reverse("programmes:detail", args=["hn-2025"])).content.decode()
    assert "主持人0中学卓越校长工作室" in page
    assert "主持人1中学卓越校长工作室" not in page


@pytest.mark.clause("HZ-4.2.2")
def test_a_district_officer_counts_only_the_trainees_of_their_district(client, cast):
    with_hangzhou(cast, trainees=5)
    client.force_login(cast.binjiang)
    page = client.get(reverse("programmes:detail", args=["hz-2026"])).content.decode()
    assert "第一期" in page and '<td class="num">2</td>' in page
    client.force_login(cast.hz_centre)
    page = client.get(reverse("programmes:detail", args=["hz-2026"])).content.decode()
    assert '<td class="num">5</td>' in page
    assert "2026-03-01 — 2027-08-31" in page


@pytest.mark.clause("HN-4.0")
def test_managers_set_the_theme_of_each_year(client, cast):
    hn = with_hainan(cast)
    url = reverse("programmes:theme", args=["hn-2025", 1])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED),
    )
    client.force_login(cast.hn_centre)
    response = client.post(url, {"title": "校长课程领导力", "description": "第一年"})
    assert response.status_code == 302
    theme = Theme.objects.get(programme=hn.programme, year=1)
    assert theme.title == "校长课程领导力"
    assert AuditEntry.objects.filter(verb=Verb.CREATE, target_id=str(theme.pk)).exists()
    page = client.get(reverse("programmes:detail", args=["hn-2025"])).content.decode()
    assert "校长课程领导力" in page
    assert client.get(reverse("programmes:theme", args=["hn-2025", 4])).status_code == 404
    client.force_login(cast.host)
    assert (
        "/themes/1/"
        not in client.get(reverse("programmes:detail", args=["hn-2025"])).content.decode()
    )


def test_managers_move_a_programme_to_another_version_of_its_policy(client, cast):
    hn = with_hainan(cast)
    newer = publish_policy(
        actor=Actor.system(), text=preset_text("hainan-studios").replace("max = 12", "max = 13")
    )
    publish_policy(actor=Actor.system(), text=preset_text("hangzhou-training"))
    url = reverse("programmes:policy_version", args=["hn-2025"])
    check_access(
        client,
        cast,
        url,
        matrix(cast, NOT_FOUND, superuser=ALLOWED, hn_admin=ALLOWED, hn_centre=ALLOWED),
    )
    client.force_login(cast.hn_admin)
    page = client.get(url).content.decode()
    assert "已经得出的考核结论仍保留当时所依据的版本" in page
    assert "第 2 版" in page and "杭州" not in page
    other = PolicyVersion.objects.get(policy__slug="hangzhou-training")
    assert client.post(url, {"version": other.pk}).status_code == 200
    response = client.post(url, {"version": newer.pk})
    assert response.status_code == 302
    hn.programme.refresh_from_db()
    assert hn.programme.policy_version == newer
    entry = AuditEntry.objects.get(verb=Verb.UPDATE, target_id=str(hn.programme.pk))
    assert "policy_version" in entry.changes


def test_the_menu_and_the_home_page_lead_to_the_programmes(client, cast):
    hn = with_hainan(cast)
    client.force_login(cast.host)
    home = client.get(reverse("core:home")).content.decode()
    assert 'href="/programmes/">培养项目</a>' in home
    assert f"/programmes/hn-2025/studios/{hn.studios[0].pk}/" in home
    client.force_login(cast.hn_centre)
    home = client.get(reverse("core:home")).content.decode()
    assert "/programmes/hn-2025/" in home and "/programmes/new/" in home
    client.force_login(cast.nobody)
    home = client.get(reverse("core:home")).content.decode()
    assert "/programmes/" not in home


def test_a_reserved_word_is_no_slug(client, cast):
    version = publish_policy(actor=Actor.system(), text=preset_text("hainan-studios"))
    client.force_login(cast.hn_admin)
    response = client.post(
        reverse("programmes:create"),
        {
            "policy_version": version.pk,
            "name": "x",
            "slug": "new",
            "starts_on": dt.date(2026, 9, 1).isoformat(),
        },
    )
    assert "保留字" in response.content.decode()


def test_the_overview_links_to_the_dashboard_and_the_record_import(client, cast):
    with_hainan(cast)
    url = reverse("programmes:detail", args=["hn-2025"])
    client.force_login(cast.hn_centre)
    page = client.get(url).content.decode()
    assert 'href="/compliance/hn-2025/">合规看板' in page
    assert 'href="/records/import/hn-2025/"' in page
    client.force_login(cast.member)
    page = client.get(url).content.decode()
    assert 'href="/compliance/hn-2025/mine/">我的任务' in page
    assert "/records/import/" not in page


def test_many_studios_are_paged_and_searched(client, cast):
    hn = with_hainan(cast, members=1)
    for number in range(55):
        school = SchoolFactory(name=f"三亚第{number}中学", region_id="460203", kind="complete")
        create_studio(
            actor=SYSTEM,
            programme=hn.programme,
            host=PrincipalFactory(name=f"三亚主持人{number:02d}", school=school),
        )
    client.force_login(cast.hn_centre)
    url = reverse("programmes:detail", args=["hn-2025"])
    first = client.get(url)
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 57
    found = client.get(url, {"q": "三亚第7中学"})
    assert [s.host.name for s in found.context["page"]] == ["三亚主持人07"]
