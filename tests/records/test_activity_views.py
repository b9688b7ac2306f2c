"""Activities: the list and its filters, one activity, creating, editing, deleting, files."""

import datetime as dt
import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import ALLOWED, NOT_FOUND, check_access
from tests.factories import PrincipalFactory, SchoolFactory
from tests.files import jpeg_bytes, pdf_bytes, png_bytes
from tests.programmes import SYSTEM
from tests.records.programme_people import matrix, with_hainan, with_hangzhou
from touyan.audit.models import AuditEntry, Verb
from touyan.programmes.services import create_studio
from touyan.records.models import Activity, ActivityFile, Attendance
from touyan.records.services import Mark, create_activity, record_attendance

pytestmark = pytest.mark.django_db

PNG = png_bytes()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def seminar(hn, *studios, **fields) -> Activity:
    values = {
        "activity_type": "seminar",
        "title": "专题研讨：课程领导力",
        "date": dt.date(2025, 10, 15),
    } | fields
    return create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[i] for i in studios or (0,)],
        **values,
    )


def activity_url(name: str, activity: Activity) -> str:
    return reverse(name, args=[activity.programme.slug, activity.pk])


def form_data(**values) -> dict:
    return {
        "activity_type": "seminar",
        "title": "专题研讨：学校文化建设",
        "date": "2025-11-12",
        "start_time": "09:00",
        "end_time": "11:30",
        "place": "海南中学报告厅",
        "description": "成员交流各校文化建设案例。",
    } | values


def test_the_activity_list_is_seen_by_whoever_sees_the_programme(client, cast):
    with_hainan(cast)
    check_access(
        client,
        cast,
        reverse("records:activity_list", args=["hn-2025"]),
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


@pytest.mark.clause("HN-4.1.5")
def test_an_activity_is_seen_by_the_people_of_its_studios_only(client, cast):
    hn = with_hainan(cast)
    own = seminar(hn, 0, title="龙华专题研讨")
    joint = seminar(hn, 0, 1, activity_type="joint", title="两个工作室联合活动")
    inside = {"superuser": ALLOWED, "hn_admin": ALLOWED, "hn_centre": ALLOWED}
    check_access(
        client,
        cast,
        activity_url("records:activity", own),
        matrix(cast, NOT_FOUND, **inside, longhua=ALLOWED, host=ALLOWED, member=ALLOWED),
    )
    check_access(
        client,
        cast,
        activity_url("records:activity", joint),
        matrix(
            cast,
            NOT_FOUND,
            **inside,
            longhua=ALLOWED,
            host=ALLOWED,
            member=ALLOWED,
            other_host=ALLOWED,
        ),
    )
    client.force_login(cast.other_host)
    listing = client.get(reverse("records:activity_list", args=["hn-2025"])).content.decode()
    assert "两个工作室联合活动" in listing and "龙华专题研讨" not in listing


def test_the_list_filters_by_organiser_type_and_month(client, cast):
    hn = with_hainan(cast)
    seminar(hn, 0, title="十月龙华研讨")
    seminar(hn, 1, title="十一月吉阳研讨", date=dt.date(2025, 11, 5))
    seminar(
        hn, 1, title="十一月吉阳集中研修", activity_type="intensive", date=dt.date(2025, 11, 20)
    )
    client.force_login(cast.hn_centre)
    url = reverse("records:activity_list", args=["hn-2025"])

    def titles(**query):
        page = client.get(url, query).content.decode()
        return {t for t in ("十月龙华研讨", "十一月吉阳研讨", "十一月吉阳集中研修") if t in page}

    assert titles() == {"十月龙华研讨", "十一月吉阳研讨", "十一月吉阳集中研修"}
    assert titles(organiser=f"studio-{hn.studios[0].pk}") == {"十月龙华研讨"}
    assert titles(activity_type="intensive") == {"十一月吉阳集中研修"}
    assert titles(month="2025-11") == {"十一月吉阳研讨", "十一月吉阳集中研修"}
    page = client.get(url).content.decode()
    assert "集中研修" in page and ">intensive<" not in page


def test_creating_activities_is_for_the_centre_and_hosts(client, cast):
    with_hainan(cast)
    check_access(
        client,
        cast,
        reverse("records:activity_create", args=["hn-2025"]),
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
            host=ALLOWED,
            other_host=ALLOWED,
        ),
    )


@pytest.mark.clause("HN-4.1.1")
def test_a_host_records_an_activity_of_their_studio_with_its_files(client, cast):
    hn = with_hainan(cast)
    client.force_login(cast.host)
    url = reverse("records:activity_create", args=["hn-2025"])
    form = client.get(url).content.decode()
    assert '<option value="seminar">专题研讨</option>' in form
    assert "主持人0中学卓越校长工作室" in form  # named as the organiser, nothing to choose
    assert "主持人1中学卓越校长工作室" not in form  # no other studio is offered
    assert "工作室联合活动）计入每个参与的工作室，由培训中心登记" in form
    files = [
        SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
        SimpleUploadedFile("议程.docx", docx_bytes(), content_type="application/octet-stream"),
    ]
    response = client.post(url, form_data(files=files))
    assert response.status_code == 302
    activity = Activity.objects.get(title="专题研讨：学校文化建设")
    assert [o.studio for o in activity.organisers.all()] == [hn.studios[0]]
    assert activity.start_time == dt.time(9, 0) and activity.created_by == cast.host
    kinds = sorted((f.kind, f.name) for f in activity.files.all())
    assert kinds == [("material", "议程.docx"), ("photo", "现场.png")]
    assert all(f.file.name.endswith((".png", ".docx")) for f in activity.files.all())
    entries = AuditEntry.objects.filter(target_id=str(activity.pk))
    assert {e.verb for e in entries} == {Verb.CREATE, Verb.UPDATE}


@pytest.mark.clause("HN-4.1.5")
def test_a_joint_activity_is_recorded_by_the_centre_not_by_a_host(client, cast):
    hn = with_hainan(cast)
    url = reverse("records:activity_create", args=["hn-2025"])
    client.force_login(cast.host)
    # Another studio slipped into the form is not taken: a host records for their own only.
    response = client.post(
        url,
        form_data(activity_type="joint", studios=[hn.studios[1].pk], partners=[hn.studios[1].pk]),
    )
    assert response.status_code == 302
    assert [o.studio_id for o in Activity.objects.get().organisers.all()] == [hn.studios[0].pk]
    client.force_login(cast.hn_centre)
    response = client.post(
        url, form_data(activity_type="joint", title="两室联合", studios=[s.pk for s in hn.studios])
    )
    assert response.status_code == 302
    joint = Activity.objects.get(title="两室联合")
    assert {o.studio_id for o in joint.organisers.all()} == {s.pk for s in hn.studios}


@pytest.mark.clause("HN-4.1.5")
def test_a_co_host_takes_the_roll_call_of_a_joint_activity_but_does_not_change_it(client, cast):
    hn = with_hainan(cast, members=1)
    joint = seminar(hn, 0, 1, activity_type="joint", title="两室联合")
    client.force_login(cast.host)
    page = client.get(activity_url("records:activity", joint)).content.decode()
    assert "记录考勤" in page and "修改" not in page
    assert client.get(activity_url("records:attendance", joint)).status_code == 200
    assert client.get(activity_url("records:activity_update", joint)).status_code == 404
    assert (
        client.post(activity_url("records:activity_update", joint), form_data()).status_code == 404
    )
    assert client.post(activity_url("records:activity_delete", joint)).status_code == 404
    assert Activity.objects.filter(pk=joint.pk, title="两室联合").exists()
    client.force_login(cast.hn_centre)
    assert client.get(activity_url("records:activity_update", joint)).status_code == 200


def test_an_organiser_id_out_of_range_is_an_invalid_choice(client, cast):
    with_hainan(cast)
    client.force_login(cast.hn_centre)
    url = reverse("records:activity_create", args=["hn-2025"])
    for value in ("99999999999999999999", "-1", "x"):
        response = client.post(url, form_data(studios=[value]))
        assert response.status_code == 200
        assert "不在可用的选项中" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_month_out_of_range_is_a_filter_error(client, cast):
    with_hainan(cast)
    client.force_login(cast.hn_centre)
    url = reverse("records:activity_list", args=["hn-2025"])
    for month in ("0000-01", "9999-12"):
        response = client.get(url, {"month": month})
        assert response.status_code == 200
        assert "月份格式应为 2025-09" in response.content.decode()


def test_files_are_checked_by_their_content_and_size(client, cast):
    with_hainan(cast)
    client.force_login(cast.host)
    url = reverse("records:activity_create", args=["hn-2025"])
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(url, form_data(files=[fake])).content.decode()
    assert "“报告.pdf”不是允许的文件类型" in page
    big = SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * 20 * 2**20, content_type="application/pdf")
    page = client.post(url, form_data(files=[big])).content.decode()
    assert "“大.pdf”超过 20 MB" in page
    assert not Activity.objects.exists()


def test_a_press_on_find_offers_matching_schools_and_saves_nothing(client, cast):
    with_hainan(cast)
    SchoolFactory(name="琼中县黎母山中学", region_id="460106", is_rural=True)
    client.force_login(cast.host)
    url = reverse("records:activity_create", args=["hn-2025"])
    page = client.post(
        url, form_data(school_query="黎母山", find_school="1", title="送培下乡")
    ).content.decode()
    assert "找到 1 所学校" in page and "琼中县黎母山中学（龙华区）" in page
    assert 'value="送培下乡"' in page
    assert not Activity.objects.exists()


@pytest.mark.clause("HN-4.1.2")
def test_the_place_school_is_any_school_of_the_jurisdiction_for_a_host(client, cast):
    with_hainan(cast)
    school = SchoolFactory(name="三亚市第一中学", region_id="460203")
    client.force_login(cast.host)
    response = client.post(
        reverse("records:activity_create", args=["hn-2025"]),
        form_data(activity_type="diagnosis", place_school=school.pk),
    )
    assert response.status_code == 302
    assert Activity.objects.get().place_school == school
    # A school of another province is not a place a Hainan host may pick.
    client.post(
        reverse("records:activity_create", args=["hn-2025"]),
        form_data(title="杭州", place_school=cast.xihu_school.pk),
    )
    assert not Activity.objects.filter(title="杭州").exists()


def test_editing_an_activity_is_for_the_centre_and_its_hosts(client, cast):
    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    check_access(
        client,
        cast,
        activity_url("records:activity_update", activity),
        matrix(
            cast,
            NOT_FOUND,
            superuser=ALLOWED,
            hn_admin=ALLOWED,
            hn_centre=ALLOWED,
            host=ALLOWED,
        ),
    )
    client.force_login(cast.member)
    assert (
        client.post(activity_url("records:activity_update", activity), form_data()).status_code
        == 404
    )
    assert client.post(activity_url("records:activity_delete", activity)).status_code == 404
    client.force_login(cast.host)
    response = client.post(
        activity_url("records:activity_update", activity), form_data(title="改期后的专题研讨")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "改期后的专题研讨" and activity.date == dt.date(2025, 11, 12)
    entry = AuditEntry.objects.get(verb=Verb.UPDATE, target_id=str(activity.pk))
    assert entry.changes["title"] == ["专题研讨：课程领导力", "改期后的专题研讨"]


def test_deleting_an_activity_removes_its_files(client, cast, django_capture_on_commit_callbacks):
    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    client.force_login(cast.host)
    client.post(
        activity_url("records:file_upload", activity),
        {"files": [SimpleUploadedFile("a.png", PNG)]},
    )
    stored = ActivityFile.objects.get()
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)
    assert (
        "确定删除" in client.get(activity_url("records:activity_delete", activity)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(activity_url("records:activity_delete", activity))
    assert response.status_code == 302
    assert not Activity.objects.exists() and not storage.exists(name)
    assert AuditEntry.objects.filter(verb=Verb.DELETE, target_id=str(activity.pk)).exists()


def sees_the_studios_files(cast) -> dict[str, str]:
    """Who may download a file of the Hainan studio's activity."""
    return matrix(
        cast,
        NOT_FOUND,
        superuser=ALLOWED,
        hn_admin=ALLOWED,
        hn_centre=ALLOWED,
        longhua=ALLOWED,
        host=ALLOWED,
        member=ALLOWED,
    )


def test_files_are_downloaded_only_by_those_who_see_the_activity(client, cast):
    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    agenda = docx_bytes()
    client.force_login(cast.host)
    client.post(
        activity_url("records:file_upload", activity),
        {
            "files": [
                SimpleUploadedFile("合影.png", PNG),
                SimpleUploadedFile("议程.docx", agenda),
            ]
        },
    )
    photo = ActivityFile.objects.get(kind=ActivityFile.Kind.PHOTO)
    material = ActivityFile.objects.get(kind=ActivityFile.Kind.MATERIAL)
    url = reverse("records:file", args=["hn-2025", photo.pk])
    check_access(client, cast, url, sees_the_studios_files(cast))
    client.force_login(cast.member)
    response = client.get(reverse("records:file", args=["hn-2025", material.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == agenda
    # A photo too is a download (the activity page still shows it in an <img>).
    photo_response = client.get(url)
    assert photo_response["Content-Type"] == "image/png"
    assert photo_response["Content-Disposition"].startswith("attachment")
    assert photo_response["X-Content-Type-Options"] == "nosniff"
    assert "private" in photo_response["Cache-Control"]
    # Removing a file is for those who may change the activity.
    assert (
        client.post(reverse("records:file_delete", args=["hn-2025", photo.pk])).status_code == 404
    )
    client.force_login(cast.host)
    client.post(reverse("records:file_delete", args=["hn-2025", photo.pk]))
    assert not ActivityFile.objects.filter(pk=photo.pk).exists()


def test_the_activity_page_shows_its_facts_files_and_attendance(client, cast):
    hn = with_hainan(cast, members=2)
    school = hn.members[hn.studios[0].pk][0].school
    activity = seminar(hn, 0, activity_type="diagnosis", title="入校诊断", place_school=school)
    record_attendance(
        actor=SYSTEM,
        activity=activity,
        marks=[Mark(hn.studios[0].host_id, Attendance.Status.PRESENT, presented=True)],
    )
    client.force_login(cast.member)
    page = client.get(activity_url("records:activity", activity)).content.decode()
    assert "入校诊断" in page and school.name in page and "农村学校" in page
    assert "出勤 1 · 请假 0 · 缺勤 0" in page and "未记录 2" in page
    assert "记录考勤" not in page and "修改" not in page


@pytest.mark.clause("HZ-3.2")
def test_the_centre_records_a_cohort_session_with_its_curriculum_hours(client, cast):
    hz = with_hangzhou(cast)
    client.force_login(cast.hz_centre)
    url = reverse("records:activity_create", args=["hz-2026"])
    form = client.get(url).content.decode()
    assert "人文社会科学思想拓展（20 学时）" in form and 'name="cohort"' in form
    response = client.post(
        url,
        form_data(
            activity_type="course",
            title="浙江大学人文讲座",
            date="2026-03-20",
            cohort=hz.cohort.pk,
            topic="humanities",
            hours="6",
        ),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    record_attendance(
        actor=SYSTEM,
        activity=activity,
        marks=[Mark(t.principal_id, Attendance.Status.PRESENT) for t in hz.trainees],
    )
    client.force_login(cast.trainee)
    page = client.get(reverse("programmes:trainee", args=["hz-2026", hz.trainees[0].pk]))
    assert ("人文社会科学思想拓展", 6) in [(t.name, d) for t, d in page.context["curriculum"]]
    client.force_login(cast.hz_centre)
    missing_hours = client.post(
        url, form_data(activity_type="course", cohort=hz.cohort.pk, topic="humanities")
    )
    assert "课程专题的活动须填写学时" in missing_hours.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    hn = with_hainan(cast, members=1)
    seminar(hn, 0)
    client.force_login(cast.host)
    url = reverse("records:activity_list", args=["hn-2025"])
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for day in range(1, 21):
        seminar(hn, 0, 1, activity_type="joint", date=dt.date(2025, 11, day))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 21


def test_in_a_programme_of_many_studios_the_centre_finds_them_by_a_search(client, cast):
    hn = with_hainan(cast, members=1)
    for number in range(41):
        school = SchoolFactory(name=f"三亚第{number}中学", region_id="460203", kind="complete")
        host = PrincipalFactory(name=f"三亚主持人{number}", school=school)
        create_studio(actor=SYSTEM, programme=hn.programme, host=host)
    client.force_login(cast.hn_centre)
    url = reverse("records:activity_create", args=["hn-2025"])
    form = client.get(url).content.decode()
    assert "查找工作室" in form and "三亚主持人7中学卓越校长工作室" not in form
    found = client.post(
        url, form_data(studio_query="三亚主持人7", find_studio="1")
    ).content.decode()
    assert "找到 1 个工作室" in found and "三亚主持人7中学卓越校长工作室" in found
    partner = hn.programme.studios.get(host__name="三亚主持人7")
    response = client.post(
        url, form_data(activity_type="joint", studios=[hn.studios[0].pk, partner.pk])
    )
    assert response.status_code == 302
    assert {o.studio_id for o in Activity.objects.get().organisers.all()} == {
        hn.studios[0].pk,
        partner.pk,
    }


def test_a_photo_that_does_not_decode_is_refused_on_the_upload_page(client, cast):
    """The type is read from the first bytes, the pixels only when the photo is re-encoded on
    storing: a PNG header over a broken body (or a pixel flood) answered 500 there."""
    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    client.force_login(cast.host)
    response = client.post(
        activity_url("records:file_upload", activity),
        {"files": [SimpleUploadedFile("合影.png", PNG[:40])]},
    )
    assert response.status_code == 200
    assert "“合影.png”不是完整的图片，无法读取" in response.content.decode()
    assert not ActivityFile.objects.exists()


def test_a_file_is_saved_under_the_extension_of_what_it_is_whatever_its_name(client, cast):
    """A PDF sent as "议程.html" would open in a browser from the downloads folder as a page."""
    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    client.force_login(cast.host)
    sent = {
        "议程.html": pdf_bytes(),
        "合影.jpeg": PNG,
        "照片.JPG": jpeg_bytes(),
        "说明": pdf_bytes(),
    }
    client.post(
        activity_url("records:file_upload", activity),
        {"files": [SimpleUploadedFile(name, data) for name, data in sent.items()]},
    )
    client.force_login(cast.member)
    saved_as = {
        stored.name: client.get(reverse("records:file", args=["hn-2025", stored.pk]))[
            "Content-Disposition"
        ]
        for stored in ActivityFile.objects.all()
    }
    assert saved_as["议程.html"].endswith(f"''{quote('议程.pdf')}")
    assert saved_as["合影.jpeg"].endswith(f"''{quote('合影.png')}")
    assert saved_as["照片.JPG"].endswith(f"''{quote('照片.JPG')}")
    assert saved_as["说明"].endswith(f"''{quote('说明.pdf')}")
