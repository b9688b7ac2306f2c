"""``touyan demo``: volumes, realism, idempotence and the demo accounts."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from touyan.accounts.models import RoleGrant, User
from touyan.audit.models import AuditEntry
from touyan.core.identity import birth_date_from_id, gender_from_id, normalize_id_number
from touyan.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from touyan.demo.programmes_hangzhou import SESSIONS
from touyan.people.enums import FULL_PRINCIPAL_POSITIONS, MIDDLE_SCHOOL_KINDS, SchoolKind
from touyan.people.models import Principal, School
from touyan.regions.loader import read_divisions

HAINAN_COUNTIES = {
    code
    for code, _name in read_divisions()
    if code.startswith("46") and code[4:] != "00" and not code.startswith("4603")
} | {"460400"}
HANGZHOU_COUNTIES = {
    code for code, _name in read_divisions() if code.startswith("3301") and code != "330100"
}


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """``touyan demo`` run once for this module, rolled back after it; its printed summary."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        yield run_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    return built


def schools_in(prefix: str):
    return School.objects.filter(region__code__startswith=prefix)


def test_demo_creates_the_expected_volumes(demo):
    output = run_demo()  # a second run: says what is there, changes nothing

    hainan = schools_in("46")
    assert 140 <= hainan.count() <= 170
    assert set(hainan.values_list("kind", flat=True)) <= MIDDLE_SCHOOL_KINDS
    assert {
        SchoolKind.JUNIOR,
        SchoolKind.SENIOR,
        SchoolKind.COMPLETE,
        SchoolKind.TWELVE_YEAR,
        SchoolKind.NINE_YEAR,
    } <= set(hainan.values_list("kind", flat=True))
    assert (
        set(hainan.values_list("region_id", flat=True)) == HAINAN_COUNTIES
    )  # every county, no 三沙

    hangzhou = schools_in("3301")
    assert 280 <= hangzhou.count() <= 320
    assert set(hangzhou.values_list("region_id", flat=True)) == HANGZHOU_COUNTIES
    kinds = Counter(hangzhou.values_list("kind", flat=True))
    for kind in (
        SchoolKind.PRIMARY,
        SchoolKind.JUNIOR,
        SchoolKind.SENIOR,
        SchoolKind.NINE_YEAR,
        SchoolKind.TWELVE_YEAR,
        SchoolKind.KINDERGARTEN,
    ):
        assert kinds[kind] > 0, kind

    for name in ("海南中学", "海口市第一中学", "嘉积中学", "文昌中学", "琼中中学", "海南农垦中学"):
        assert hainan.filter(name=name).exists(), name
    for name in (
        "杭州学军中学",
        "杭州第二中学",
        "杭州外国语学校",
        "杭州市文三街小学",
        "杭州市保俶塔实验学校",
    ):
        assert hangzhou.filter(name=name).exists(), name
    assert hangzhou.get(name="杭州第二中学").region_id == "330108"

    assert "touyan-demo" in output
    assert "海南省" in output and "杭州市" in output


def test_every_school_has_one_head_and_many_a_secretary(demo):
    heads = Counter(
        Principal.objects.filter(position__in=FULL_PRINCIPAL_POSITIONS).values_list(
            "school_id", flat=True
        )
    )
    assert set(heads.values()) == {1}
    assert len(heads) == School.objects.count()
    secretaries = Principal.objects.filter(position="secretary").count()
    assert secretaries > School.objects.count() * 0.3
    kindergarten_heads = Principal.objects.filter(
        school__kind=SchoolKind.KINDERGARTEN, position__in=FULL_PRINCIPAL_POSITIONS
    )
    assert set(kindergarten_heads.values_list("position", flat=True)) <= {
        "director",
        "secretary_director",
    }

    hainan_heads = Principal.objects.filter(
        school__region__code__startswith="46", position__in=FULL_PRINCIPAL_POSITIONS
    )
    titles = Counter(hainan_heads.values_list("title", flat=True))
    assert titles["senior"] + titles["professor"] > 0.75 * hainan_heads.count()
    years = {p.appointed_on.year for p in hainan_heads}
    assert min(years) == 2008 and max(years) == 2024
    assert hainan_heads.filter(appointed_on__year__gte=2024).exists()  # some have < 3 years in post


def test_every_id_number_and_mobile_is_valid(demo):
    principals = list(Principal.objects.select_related("school"))
    assert len(principals) > 600
    for principal in principals:
        number = principal.id_number
        assert normalize_id_number(number) == number
        assert number[:6] == principal.school.region_id
        assert gender_from_id(number) == principal.gender
        assert birth_date_from_id(number) == principal.birth_date
        assert re.fullmatch(r"1[3-9]\d{9}", principal.mobile)
    assert len({p.id_number for p in principals}) == len(principals)


def test_hainan_has_rural_and_weak_schools(demo):
    hainan = schools_in("46")
    rural = hainan.filter(is_rural=True)
    weak = hainan.filter(is_weak=True)
    assert rural.count() > 0.3 * hainan.count()
    assert 0.1 * hainan.count() <= weak.count() <= 0.2 * hainan.count()
    assert weak.filter(is_rural=True).count() > weak.filter(is_rural=False).count()
    assert not hainan.get(name="海南中学").is_weak
    assert not hainan.get(name="海南中学").is_rural
    assert rural.filter(name__regex=r"县.+镇中学$").exists()  # e.g. 定安县新竹镇中学


def test_second_run_changes_nothing(demo):
    assert "（本次新建）" in demo  # the first run says what it wrote
    counts = (
        AuditEntry.objects.count(),
        School.objects.count(),
        Principal.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
    )
    output = run_demo()
    assert (
        AuditEntry.objects.count(),
        School.objects.count(),
        Principal.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
    ) == counts
    assert "本次新建 0" in output
    assert run_demo(verbosity=0) == ""  # at verbosity 0 it prints nothing


def test_every_demo_account_exists_with_its_grants(demo):
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD), account.username
        # The regional grants of the accounts table; the course adds grants on the programme
        # (mentors, the research institute), which their own tests check.
        grants = {
            (g.role, g.region_id, g.sees_personal_data)
            for g in user.grants.all()
            if g.region_id is not None
        }
        wanted = {(account.role, code, account.sees_personal_data) for code in account.regions}
        assert grants == wanted, account.username
        assert user.is_superuser == account.superuser
        if account.principal_school is None:
            assert user.full_name == account.full_name
        else:
            principal = user.principal
            assert (principal.school.region_id, principal.school.name) == account.principal_school
            assert principal.is_full_principal
            assert user.full_name == principal.name

    assert User.objects.get(username="sysadmin").is_staff
    assert User.objects.get(username="host").principal.school.name == "海南中学"
    assert User.objects.get(username="member").principal.school.region_id == "469002"
    assert User.objects.get(username="trainee").principal.school.region_id == "330106"
    assert {a.username for a in DEMO_ACCOUNTS} >= {
        "sysadmin",
        "hn-admin",
        "hn-centre",
        "hn-qionghai",
        "hz-admin",
        "hz-centre",
        "hz-xihu",
        "hz-binjiang",
        "expert",
        "mentor",
        "host",
        "member",
        "trainee",
        "trainee-c2",
        "trainee-c2b",
        "trainee-c2c",
    }


def test_the_summary_counts_both_hangzhou_cohorts(demo):
    """The first run says what it wrote for cohort 1 (finished) and cohort 2 (mid-course)."""
    first = re.search(r"第一期（已结业）（本次新建）：培养人选 (\d+) 人，活动 (\d+) 次", demo)
    second = re.search(r"第二期（在培）（本次新建）：培养人选 (\d+) 人，活动 (\d+) 次", demo)
    assert first and first.groups() == ("20", str(len(SESSIONS)))
    assert second and second.groups() == ("10", str(len(SESSIONS)))
    assert "成果与文书" in demo.split("第二期（在培）")[1].splitlines()[0]
