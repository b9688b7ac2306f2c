"""The trail page renders every entry any service writes, for every administrator.

Two nets: the shapes the code writes today (one entry of each, under every verb, rendered as
each admin of the cast), and every JSON shape under every name of every model (so that a shape
written tomorrow cannot break the page either).
"""

import itertools

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from touyan.audit.models import AuditEntry, Verb
from touyan.audit.presenters import change_rows

pytestmark = pytest.mark.django_db

ADMINS = ("superuser", "hz_admin", "hn_admin")
AREAS = {"hz_admin": "330106", "hn_admin": "460106"}

# Every value shape a stored JSON change may hold, alone and nested.
JSON_SHAPES = [
    None,
    "",
    "文字 <b>not bold</b>",
    True,
    False,
    0,
    42,
    -2.5,
    [],
    {},
    [1, 2, 3],
    ["议程.docx", "合影.png"],
    [None, True, "x"],
    {"create": 3, "update": 0},
    {"rows": [1, 2], "nested": {"a": None}},
    [[1, 2], {"k": "v"}],
]

# (model, changes) as the services write them: one per distinct shape found by reading every
# ``record(`` / ``build_entry(`` call (grep -rn "record(\|build_entry(" touyan).
WRITTEN = [
    ("records.activity", {"files": [None, "议程.docx、合影.png"]}),  # records/uploads.py
    ("records.activity", {"files": ["议程.docx", None]}),
    ("records.activity", {"title": ["旧", "新"], "date": ["2025-10-15", "2025-11-12"]}),
    ("records.activity", {"studios": [None, "海南中学工作室"], "activity_type": [None, "seminar"]}),
    ("records.deliverable", {"char_count": [1200, 3400]}),
    ("records.researchproject", {"outcome": [None, "结题报告"], "kind": [None, "paper"]}),
    ("records.recordimport", {"create": 12, "update": 3, "unchanged": 0, "rejected": 1}),
    ("people.rosterimport", {"create": 12, "update": 3, "unchanged": 0, "rejected": 1}),
    (
        "people.principal",
        {"id_number": [None, "***"], "mobile": ["***", "***"], "school": [None, "杭州学军中学"]},
    ),
    ("people.principal", {"user": [None, "hz-trainee"]}),
    (
        "people.school",
        {"kind": ["junior", "complete"], "is_weak": [False, True], "region": [None, "西湖区"]},
    ),
    ("programmes.programme", {"status": ["draft", "open"], "policy_version": ["1", "2"]}),
    ("programmes.studio", {"member": [None, "校长"], "carried_from": [None, 17]}),
    ("programmes.cohort", {"name": [None, "第一期"], "starts_on": [None, "2026-03-01"]}),
    ("allocation.run", {"1234": [None, 56], "objective": [10.5, 11]}),
    (
        "selection.application",
        {"status": ["draft", "submitted"], "studio_choices": [[3, 1], [1, 2, 5]]},
    ),
    ("selection.districtbatch", {"district_rank": [None, ["HZ-001", "HZ-004"]]}),
    ("selection.notice", {"ends_on": [None, "2026-05-01"], "selected": [None, 20]}),
    ("selection.review", {"total": [None, "87.50"]}),
    ("selection.call", {"stage": ["decision", "final"]}),
    ("studios.prospectus", {"goals": ["", "长文本\n第二行"], "status": ["draft", "submitted"]}),
    ("policies.policy", {"name": ["旧名", "新名"]}),
    ("policies.policyversion", {"number": [None, 2], "digest": [None, "ab12"]}),
    (
        "api.apitoken",
        {"user": [None, "hz-admin"], "revoked_at": [None, "2026-01-01T00:00:00+00:00"]},
    ),
    ("compliance.snapshot", {"as_of": [None, "2026-01-31"], "verdicts": [None, 48]}),
    (
        "accounts.user",
        {"username": [None, "li"], "is_superuser": [None, False], "is_active": [True, False]},
    ),
    ("accounts.rolegrant", {"role": [None, "authority_admin"], "sees_personal_data": [None, True]}),
    ("accounts.rolegrant", {"region": ["杭州市", None]}),
    # accounts/services.py: account management and password resets
    ("accounts.user", {"home_region": [None, "西湖区"], "email": [None, "li@example.cn"]}),
    ("accounts.user", {"password": ["***", "***"]}),
    (
        "accounts.rolegrant",
        {"scope_object": [None, "卓越校长工作室"], "sees_personal_data": [True, None]},
    ),
    # audit/sysadmin.py: writes in the Django admin (many-to-many lists, form-only fields)
    ("accounts.user", {"groups": [["组一"], ["组一", "组二"]], "password1": [None, "***"]}),
    ("auth.group", {"name": ["组一", None], "permissions": [[], ["Can view user"]]}),
    ("regions.region", {"name": ["旧名", "新名"], "parent": ["海南省", None]}),
    (None, {}),
]


def _entry(verb: str, model_label: str | None, changes, scope_code: str, label: str) -> AuditEntry:
    content_type = None
    if model_label is not None:
        content_type = ContentType.objects.get_for_model(apps.get_model(model_label))
    return AuditEntry(
        actor_label="hz-admin",
        source="web",
        ip_address="192.0.2.1",
        verb=verb,
        target_type=content_type,
        target_id="1" if content_type else "",
        target_label=label,
        scope_code=scope_code,
        changes=changes,
        note="说明",
    )


def _render_every_page(client, user) -> str:
    client.force_login(user)
    url, pages, number = reverse("audit:entry_list"), [], 1
    while True:
        response = client.get(url, {"page": number})
        assert response.status_code == 200, f"{user}: page {number}"
        pages.append(response.content.decode())
        if not response.context["page"].has_next():
            return "".join(pages)
        number += 1


def test_every_verb_and_every_written_shape_renders_for_every_admin(client, cast):
    entries = []
    pairs = zip(itertools.cycle(Verb.values), WRITTEN * 2, strict=False)
    for index, (verb, (model_label, changes)) in enumerate(
        itertools.islice(pairs, max(len(Verb), len(WRITTEN)))
    ):
        for admin, area in AREAS.items():
            entries.append(_entry(verb, model_label, changes, area, f"{admin}-对象-{index}"))
    for verb in Verb.values:
        entries.append(_entry(verb, None, {}, "", f"无对象-{verb}"))
    AuditEntry.objects.bulk_create(entries)
    assert {e.verb for e in entries} == set(Verb.values)

    for name in ADMINS:
        page = _render_every_page(client, cast[name])
        for index in range(max(len(Verb), len(WRITTEN))):
            for admin in AREAS:
                shown = f"{admin}-对象-{index}" in page
                assert shown == (name == "superuser" or name == admin), (name, admin, index)


def test_every_json_shape_under_every_name_of_every_model_renders():
    for model in apps.get_models():
        content_type = ContentType.objects.get_for_model(model)
        names = [f.name for f in model._meta.get_fields()]
        names += [f"{n}_id" for n in names] + ["not-a-field", "1234"]
        for name, value in itertools.product(names, JSON_SHAPES):
            for changes in ({name: [value, value]}, {name: value}, {name: [value]}):
                rows = change_rows(AuditEntry(target_type=content_type, changes=changes))
                assert all(
                    isinstance(x, str) for row in rows for x in (row.label, row.old, row.new)
                )


@pytest.mark.parametrize("changes", [None, [], "", "text", [1, 2], 3, [["a", "b"]]])
def test_changes_that_are_not_an_object_still_render(changes):
    rows = change_rows(AuditEntry(changes=changes))
    assert all(isinstance(row.new, str) for row in rows)


def test_a_file_upload_to_an_activity_leaves_the_trail_readable(client, cast):
    from tests.records.programme_people import with_hainan
    from tests.records.test_activity_views import PNG, activity_url, seminar

    hn = with_hainan(cast)
    activity = seminar(hn, 0)
    client.force_login(cast.host)
    client.post(
        activity_url("records:file_upload", activity),
        {"files": [SimpleUploadedFile("合影.png", PNG)]},
    )
    assert AuditEntry.objects.filter(target_id=str(activity.pk), changes__has_key="files").exists()
    for name in ("superuser", "hn_admin"):
        client.force_login(cast[name])
        page = client.get(reverse("audit:entry_list")).content.decode()
        assert "合影.png" in page and "活动资料" in page


def test_values_are_shown_readably(client, cast):
    entry = _entry(
        "import",
        "selection.application",
        {"status": ["draft", "submitted"], "studio_choices": [[3, 1], []], "result": {"create": 2}},
        "330106",
        "x",
    )
    rows = {row.label: (row.old, row.new) for row in change_rows(entry)}
    assert rows["result"] == ("—", "create：2")
    assert ("3、1", "—") in rows.values()
    assert all("[" not in old + new for old, new in rows.values())
