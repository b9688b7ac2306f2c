import datetime as dt

import pytest
from django.urls import reverse

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from touyan.audit.models import AuditEntry
from touyan.core.identity import make_id_number
from touyan.people.models import Principal, School

pytestmark = pytest.mark.django_db

REGISTRY_STAFF = {
    "anonymous": LOGIN,
    "superuser": ALLOWED,
    "hz_admin": ALLOWED,
    "hz_centre": ALLOWED,
    "xihu": ALLOWED,
    "binjiang": ALLOWED,
    "hn_admin": ALLOWED,
    "expert": NOT_FOUND,
    "nobody": NOT_FOUND,
    "own": NOT_FOUND,
}


@pytest.mark.parametrize(
    "name",
    [
        "people:principal_list",
        "people:school_list",
        "people:principal_create",
        "people:school_create",
        "people:roster_import",
    ],
)
def test_registry_pages_are_for_jurisdiction_staff(client, cast, name):
    check_access(client, cast, reverse(name), REGISTRY_STAFF)


@pytest.mark.clause("HZ-4.2.2")
def test_a_principal_is_seen_only_inside_the_scope_and_by_themself(client, cast):
    url = reverse("people:principal_detail", args=[cast.xihu_principal.pk])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "hz_centre": ALLOWED,
            "xihu": ALLOWED,
            "binjiang": NOT_FOUND,
            "hn_admin": NOT_FOUND,
            "expert": NOT_FOUND,
            "nobody": NOT_FOUND,
            "own": ALLOWED,
        },
    )


@pytest.mark.clause("HZ-4.2.2")
def test_editing_a_principal_is_for_staff_of_their_area_only(client, cast):
    url = reverse("people:principal_update", args=[cast.xihu_principal.pk])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hz_admin": ALLOWED,
            "xihu": ALLOWED,
            "binjiang": NOT_FOUND,
            "hn_admin": NOT_FOUND,
            "own": NOT_FOUND,
        },
    )


def test_school_pages_follow_the_same_scope(client, cast):
    url = reverse("people:school_detail", args=[cast.binjiang_school.pk])
    check_access(
        client,
        cast,
        url,
        {
            "anonymous": LOGIN,
            "hz_admin": ALLOWED,
            "binjiang": ALLOWED,
            "xihu": NOT_FOUND,
            "hn_admin": NOT_FOUND,
        },
    )
    url = reverse("people:school_update", args=[cast.binjiang_school.pk])
    check_access(
        client,
        cast,
        url,
        {"anonymous": LOGIN, "binjiang": ALLOWED, "xihu": NOT_FOUND, "expert": NOT_FOUND},
    )


@pytest.mark.clause("HZ-4.2.2")
def test_the_xihu_officer_lists_no_principal_of_binjiang(client, cast):
    client.force_login(cast.xihu)
    page = client.get(reverse("people:principal_list")).content.decode()
    assert "西湖校长" in page
    assert "滨江校长" not in page
    client.force_login(cast.hz_admin)
    page = client.get(reverse("people:principal_list")).content.decode()
    assert "西湖校长" in page and "滨江校长" in page


def test_search_and_filters_narrow_the_list(client, cast):
    PrincipalFactory(
        name="林老师",
        school=SchoolFactory(name="杭州市天长小学", region_id="330102", kind="primary"),
    )
    client.force_login(cast.hz_admin)
    names = lambda **q: client.get(reverse("people:principal_list"), q).content.decode()  # noqa: E731
    assert "林老师" in names(q="天长") and "西湖校长" not in names(q="天长")
    assert "滨江校长" in names(region="330108") and "西湖校长" not in names(region="330108")
    assert "林老师" in names(kind="primary") and "西湖校长" not in names(kind="primary")


def test_the_list_pages_with_a_constant_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.hz_admin)
    url = reverse("people:principal_list")
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(30):
        PrincipalFactory(school=cast.xihu_school, name=f"新校长{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 32


def test_id_numbers_are_masked_on_the_page_even_with_the_right(client, cast):
    principal = cast.xihu_principal
    url = reverse("people:principal_detail", args=[principal.pk])
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert principal.masked_id_number in page and principal.id_number not in page
    client.force_login(cast.xihu)  # granted sees_personal_data: masked until they ask
    page = client.get(url).content.decode()
    assert principal.id_number not in page and "显示" in page
    client.force_login(cast.own)  # their own record
    assert principal.id_number in client.get(url).content.decode()
    client.force_login(cast.hz_centre)
    listing = client.get(reverse("people:principal_list")).content.decode()
    assert principal.id_number not in listing


def test_adding_a_principal_checks_the_id_number_in_chinese(client, cast):
    client.force_login(cast.xihu)
    url = reverse("people:principal_create")
    data = {
        "name": "新校长",
        "id_number": "330106197801011234",
        "mobile": "12345",
        "school": cast.xihu_school.pk,
        "position": "principal",
        "title": "senior",
        "in_service": "on",
        "established": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "校验位错误" in page
    assert "手机号应为以1开头的11位数字" in page
    assert Principal.objects.filter(name="新校长").count() == 0

    data["id_number"] = make_id_number("330106", dt.date(1979, 4, 5), 17).lower()
    data["mobile"] = "139 0000 1234"
    response = client.post(url, data)
    principal = Principal.objects.get(name="新校长")
    assert response.status_code == 302
    assert principal.id_number == data["id_number"].upper()
    assert principal.mobile == "13900001234"
    assert principal.gender == "M"
    entry = AuditEntry.objects.get(verb="create", target_id=str(principal.pk))
    assert entry.actor == cast.xihu and entry.ip_address == "127.0.0.1" and entry.source == "web"


def test_a_district_officer_cannot_file_a_principal_under_another_districts_school(client, cast):
    client.force_login(cast.xihu)
    response = client.post(
        reverse("people:principal_create"),
        {
            "name": "越界",
            "id_number": make_id_number("330108", dt.date(1979, 4, 5), 19),
            "school": cast.binjiang_school.pk,
            "position": "principal",
            "title": "senior",
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


def test_editing_a_school_is_audited_with_the_change(client, cast):
    client.force_login(cast.xihu)
    school = cast.xihu_school
    response = client.post(
        reverse("people:school_update", args=[school.pk]),
        {
            "name": school.name,
            "region": "330106",
            "kind": "complete",
            "is_public": "on",
            "is_rural": "on",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.kind == "complete" and school.is_rural
    entry = AuditEntry.objects.get(
        verb="update", target_id=str(school.pk), target_type__model="school"
    )
    assert entry.changes["kind"] == ["junior", "complete"]
    assert entry.changes["is_rural"] == [False, True]


@pytest.mark.clause("HN-4.1.4")
def test_rural_and_weak_flags_are_kept_and_filterable_on_schools(client, cast):
    client.force_login(cast.hn_admin)
    response = client.post(
        reverse("people:school_create"),
        {
            "name": "琼中县红毛镇中学",
            "region": "469030",
            "kind": "junior",
            "is_public": "on",
            "is_rural": "on",
            "is_weak": "on",
        },
    )
    assert response.status_code == 302
    school = School.objects.get(name="琼中县红毛镇中学")
    assert school.is_rural and school.is_weak
    page = client.get(reverse("people:school_list"), {"region": "469030"}).content.decode()
    assert "琼中县红毛镇中学" in page and "薄弱" in page


def test_the_edit_form_opens_with_the_current_values_and_keeps_what_is_not_changed(client, cast):
    principal = cast.xihu_principal
    client.force_login(cast.xihu)
    url = reverse("people:principal_update", args=[principal.pk])
    response = client.get(url)
    form = response.context["form"]
    # A browser's date picker reads only an ISO date; any other shows the field empty.
    assert 'name="appointed_on" value="2018-09-01"' in response.content.decode()
    assert form["name"].value() == principal.name
    assert form["school"].value() == principal.school_id
    assert form["title"].value() == "senior"
    data = {key: form[key].value() for key in form.fields if form[key].value() not in (None, False)}
    data["mobile"] = "13957112345"
    assert client.post(url, data).status_code == 302
    principal.refresh_from_db()
    assert principal.mobile == "13957112345"
    assert principal.title == "senior" and principal.appointed_on == dt.date(2018, 9, 1)
    entry = AuditEntry.objects.get(verb="update", target_id=str(principal.pk))
    assert entry.changes == {"mobile": ["138****8000", "139****2345"]}


def test_the_school_edit_form_opens_with_the_current_values(client, cast):
    client.force_login(cast.xihu)
    form = client.get(reverse("people:school_update", args=[cast.xihu_school.pk])).context["form"]
    assert form["name"].value() == "杭州学军中学" and form["region"].value() == "330106"


def test_the_birth_date_is_shown_in_full_only_with_the_right_to_see_personal_data(client, cast):
    principal = cast.xihu_principal  # born 1975-06-01 (tests/factories.py)
    url = reverse("people:principal_detail", args=[principal.pk])
    client.force_login(cast.hz_centre)
    page = client.get(url).content.decode()
    assert "1975" in page and "1975年6月1日" not in page
    client.force_login(cast.xihu)
    assert "1975年6月1日" in client.get(url).content.decode()


def test_a_district_officer_adding_a_school_has_their_district_preselected(client, cast):
    client.force_login(cast.xihu)
    form = client.get(reverse("people:school_create")).context["form"]
    assert form["region"].value() == "330106"


def test_a_short_id_number_gets_the_products_message(client, cast):
    client.force_login(cast.xihu)
    response = client.post(
        reverse("people:principal_create"), {"name": "某", "id_number": "33010619780101123"}
    )
    assert "应为18位，实为17位" in response.content.decode()
