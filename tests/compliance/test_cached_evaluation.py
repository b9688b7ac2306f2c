"""The dashboard's evaluation comes from the shared cache: evaluated once per programme,
day, policy version, language and records version, invalidated by the write services after
they commit, and narrowed to what each user may see after it leaves the cache."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import UserFactory, grant
from touyan.accounts.roles import Role
from touyan.compliance import freshness, selectors
from touyan.records import services as records

from ..programmes import SYSTEM, hainan, hangzhou
from .test_views import AS_OF, account, dashboard, page, seminar

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluations():
    """Counts the engine's runs behind the selectors."""
    with mock.patch.object(selectors, "evaluate", wraps=selectors.evaluate) as spy:
        yield spy


@pytest.fixture
def hz(cast):
    hz = hangzhou(trainees=3)
    cast.trainee0 = account(hz.trainees[0].principal, "trainee0")
    return hz


def test_a_district_officer_never_sees_another_districts_rows_from_the_cache(
    client, cast, hz, evaluations
):
    client.force_login(cast.hz_centre)
    assert all(f"学员{n}" in page(client, dashboard(hz.programme.slug)) for n in range(3))
    client.force_login(cast.xihu)
    xihu = page(client, dashboard(hz.programme.slug))
    assert "学员0" in xihu and "学员2" in xihu and "学员1" not in xihu
    client.force_login(cast.binjiang)
    binjiang = page(client, dashboard(hz.programme.slug))
    assert "学员1" in binjiang and "学员0" not in binjiang and "学员2" not in binjiang
    # and in the export, cut from the same cached evaluation
    client.force_login(cast.xihu)
    exported = selectors.evaluation_for(
        cast.xihu, hz.programme, as_of=hz.programme.starts_on + dt.timedelta(days=30)
    )
    assert {s.name for s in exported.subjects} == {"学员0", "学员2"}
    assert {key[0] for key in exported.cells} <= {s.id for s in exported.subjects}
    assert evaluations.call_count == 2  # one per day asked, every user served from it


def test_a_trainee_gets_only_their_own_record_from_the_cache(cast, hz):
    as_of = hz.programme.starts_on + dt.timedelta(days=30)
    whole = selectors.evaluation_for(cast.hz_centre, hz.programme, as_of=as_of)
    assert len(whole.subjects) == 3
    own = hz.trainees[0].pk
    mine = selectors.evaluation_for(cast.trainee0, hz.programme, as_of=as_of, subject_ids=[own])
    assert [s.id for s in mine.subjects] == [own]
    other = hz.trainees[1].pk
    assert not selectors.evaluation_for(
        cast.trainee0, hz.programme, as_of=as_of, subject_ids=[other]
    ).subjects


def test_a_record_written_through_a_service_is_seen_on_the_next_look(
    client, cast, evaluations, django_capture_on_commit_callbacks
):
    hn = hainan(studios=2, members=3)
    client.force_login(cast.hn_admin)
    url = dashboard(hn.programme.slug, as_of=AS_OF)
    before = client.get(url).context["grid"]["totals"]
    client.get(url)
    assert evaluations.call_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        for day in (dt.date(2025, 9, 10), dt.date(2025, 10, 10), dt.date(2025, 11, 10)):
            seminar(hn, hn.studios[0], day)
    after = client.get(url).context["grid"]["totals"]
    assert evaluations.call_count == 2
    met = {t["state"]: t["count"] for t in before}, {t["state"]: t["count"] for t in after}
    assert met[0] != met[1]


def test_a_write_that_rolls_back_leaves_the_version_alone(cast, django_capture_on_commit_callbacks):
    hn = hainan(studios=1, members=0)
    token = freshness.version(hn.programme.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        records.create_activity(
            actor=SYSTEM,
            programme=hn.programme,
            studios=hn.studios,
            activity_type="seminar",
            title="专题研讨",
            date=dt.date(2025, 9, 10),
        )
    assert callbacks and freshness.version(hn.programme.pk) == token
    callbacks[0]()
    assert freshness.version(hn.programme.pk) != token


def test_the_key_names_the_day_the_language_the_policy_and_the_records_version():
    hn = hainan(studios=1, members=0)
    programme = hn.programme
    day = dt.date(2025, 12, 10)
    key = freshness.evaluation_key(programme, as_of=day)
    assert key == freshness.evaluation_key(programme, as_of=day)
    assert key != freshness.evaluation_key(programme, as_of=day + dt.timedelta(days=1))
    with translation.override("en"):
        assert key != freshness.evaluation_key(programme, as_of=day)
    programme.policy_version_id += 1
    assert key != freshness.evaluation_key(programme, as_of=day)
    programme.policy_version_id -= 1
    cache.delete(f"freshness:compliance:records:{programme.pk}")  # a token lost from the cache
    assert key != freshness.evaluation_key(programme, as_of=day)


def test_a_principal_renamed_in_the_registry_is_evaluated_anew(
    cast, django_capture_on_commit_callbacks
):
    """The dashboard shows hosts' and trainees' names: the registry's writes change the key."""
    from touyan.people import services as people

    hn = hainan(studios=1, members=0)
    host = hn.studios[0].host
    key = freshness.evaluation_key(hn.programme, as_of=dt.date(2025, 12, 10))
    data = people.PrincipalData(
        name="改名校长",
        gender=host.gender,
        birth_date=host.birth_date,
        id_number=host.id_number,
        school=host.school,
        position=host.position,
        title=host.title,
        mobile=host.mobile,
        appointed_on=host.appointed_on,
    )
    with django_capture_on_commit_callbacks(execute=True):
        people.update_principal(actor=SYSTEM, principal=host, data=data)
    assert key != freshness.evaluation_key(hn.programme, as_of=dt.date(2025, 12, 10))


@pytest.mark.django_db(transaction=True)
def test_the_kept_grid_shows_a_committed_record_at_once(client, reference_data):
    """Outside a test's transaction the grid is really kept (core/kept.py), and a record
    written through a service replaces it as soon as it commits."""
    cache.clear()
    hn = hainan(studios=2, members=3)
    centre = UserFactory(username="hn-kept-centre")
    grant(centre, Role.CENTRE_STAFF, "460000")
    client.force_login(centre)
    url = dashboard(hn.programme.slug, as_of=AS_OF)
    grid = grid_of(client.get(url))
    with mock.patch.object(selectors, "evaluate") as evaluate:
        assert grid_of(client.get(url)) == grid
    assert not evaluate.called
    for day in (dt.date(2025, 9, 10), dt.date(2025, 10, 10), dt.date(2025, 11, 10)):
        seminar(hn, hn.studios[0], day)
    assert grid_of(client.get(url)) != grid
    cache.clear()


def grid_of(response) -> str:
    page = response.content.decode()
    return page[page.index('<div class="totals"') : page.index("</table>")]
