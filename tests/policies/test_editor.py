"""The policy editor (issue 22, part 3): drafts and who may write them, the check as one types
(line-located problems in Chinese and English), the readable page and the difference of a
draft, the preview of its verdicts on the task queue, and publishing it as the next version."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.access import ALLOWED, LOGIN, NOT_FOUND, check_access
from tests.programmes import SYSTEM, hainan
from touyan.audit.models import AuditEntry, Verb
from touyan.core.actors import Actor
from touyan.jobs import runner
from touyan.jobs.models import Job
from touyan.policies import drafting
from touyan.policies.differences import line_diff
from touyan.policies.jobs import compare
from touyan.policies.loading import PolicyError
from touyan.policies.models import Policy, PolicyDraft, PolicyVersion
from touyan.policies.services import publish_policy
from touyan.records import services as records

from .helpers import HAINAN, HANGZHOU, edit, line_of

pytestmark = pytest.mark.django_db

MONTHLY = 'activity_types = ["seminar"]\nperiod = "month"'
ONCE_A_CYCLE = 'activity_types = ["seminar"]\nperiod = "cycle"'


def as_user(user) -> Actor:
    return Actor(user=user)


def entries(draft_pk, verb, model=PolicyDraft):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(model), target_id=str(draft_pk), verb=verb
    )


@pytest.fixture
def hn_policy():
    return publish_policy(actor=SYSTEM, text=HAINAN).policy


@pytest.fixture
def hz_policy():
    return publish_policy(actor=SYSTEM, text=HANGZHOU).policy


# who may write ---------------------------------------------------------------------------------


def test_who_may_change_which_policy(cast, hn_policy, hz_policy):
    may = {
        name: (
            cast[name].has_perm("policies.change_policy", hn_policy),
            cast[name].has_perm("policies.change_policy", hz_policy),
            cast[name].has_perm("policies.change_policy"),
        )
        for name in ("superuser", "hn_admin", "hz_admin", "hz_centre", "xihu", "expert", "nobody")
    }
    assert may == {
        "superuser": (True, True, True),
        "hn_admin": (True, False, True),
        "hz_admin": (False, True, True),
        "hz_centre": (False, False, False),
        "xihu": (False, False, False),
        "expert": (False, False, False),
        "nobody": (False, False, False),
    }


def test_publish_policy_refuses_an_actor_who_may_not_edit_it(cast, hn_policy):
    changed = edit(HAINAN, "每月至少举行一次专题研讨活动。", "每月至少举行一次专题研讨。")
    with pytest.raises(PermissionDenied):
        publish_policy(actor=as_user(cast.hz_admin), text=changed)
    with pytest.raises(PermissionDenied):  # a new policy outside their area, too
        publish_policy(actor=as_user(cast.hn_admin), text=HANGZHOU)
    assert publish_policy(actor=as_user(cast.hn_admin), text=changed).number == 2
    # the command line and the demo act as the system
    assert publish_policy(actor=Actor.command_line(), text=HANGZHOU).number == 1


# drafts ----------------------------------------------------------------------------------------


def test_a_draft_starts_from_the_latest_version_is_saved_and_discarded_audited(cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    assert (draft.text, draft.based_on.number, draft.author) == (HAINAN, 1, cast.hn_admin)
    assert entries(draft.pk, Verb.CREATE).get().scope_code == "460000"
    drafting.save_draft(actor=as_user(cast.hn_admin), draft=draft, text="half written = ")
    draft.refresh_from_db()
    assert draft.text == "half written = "  # a draft may be saved with problems
    assert entries(draft.pk, Verb.UPDATE).count() == 1
    pk = draft.pk
    drafting.discard_draft(actor=as_user(cast.hn_admin), draft=draft)
    assert not PolicyDraft.objects.exists()
    assert entries(pk, Verb.DELETE).count() == 1


def test_a_new_policy_starts_from_the_blank_template_in_the_admins_jurisdiction(cast):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=None)
    assert draft.policy is None and draft.based_on is None
    assert 'jurisdiction = "460000"' in draft.text
    assert drafting.problems_in(draft.text) == []
    version = drafting.publish_draft(actor=as_user(cast.hn_admin), draft=draft)
    assert (version.policy.slug, version.number) == ("new-policy", 1)


def test_others_may_not_touch_a_draft(cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    for name in ("hz_admin", "hz_centre", "expert"):
        with pytest.raises(PermissionDenied):
            drafting.save_draft(actor=as_user(cast[name]), draft=draft, text="x")
        with pytest.raises(PermissionDenied):
            drafting.publish_draft(actor=as_user(cast[name]), draft=draft)
    with pytest.raises(PermissionDenied):
        drafting.start_draft(actor=as_user(cast.hz_admin), policy=hn_policy)
    new = drafting.start_draft(actor=as_user(cast.hn_admin), policy=None)
    assert cast.superuser.has_perm("policies.change_draft", new)
    assert not cast.hz_admin.has_perm("policies.change_draft", new)  # its author's alone


def test_publishing_a_draft_writes_the_next_version_and_removes_the_draft(cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    drafting.save_draft(
        actor=as_user(cast.hn_admin), draft=draft, text=edit(HAINAN, MONTHLY, ONCE_A_CYCLE)
    )
    pk = draft.pk
    version = drafting.publish_draft(actor=as_user(cast.hn_admin), draft=draft)
    assert version.number == 2 and version.created_by == cast.hn_admin
    assert not PolicyDraft.objects.exists()
    assert entries(version.pk, Verb.CREATE, PolicyVersion).get().actor == cast.hn_admin
    assert entries(pk, Verb.DELETE).get().note == "草稿已发布为第 2 版"


def test_a_draft_with_problems_is_not_published(cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    broken = edit(
        HAINAN,
        'period = "month"\nat_least = 1\ndescription = "每月至少举行一次专题',
        'period = "fortnight"\nat_least = 1\ndescription = "每月至少举行一次专题',
    )
    drafting.save_draft(actor=as_user(cast.hn_admin), draft=draft, text=broken)
    with pytest.raises(PolicyError):
        drafting.publish_draft(actor=as_user(cast.hn_admin), draft=draft)
    assert PolicyVersion.objects.count() == 1 and PolicyDraft.objects.count() == 1


def test_a_draft_may_not_move_to_another_policy(cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    moved = edit(HAINAN, 'slug = "hainan-studios"', 'slug = "hainan-other"')
    drafting.save_draft(actor=as_user(cast.hn_admin), draft=draft, text=moved)
    with pytest.raises(PolicyError) as caught:
        drafting.publish_draft(actor=as_user(cast.hn_admin), draft=draft)
    assert caught.value.problems[0].line == line_of(moved, 'slug = "hainan-other"')
    assert not Policy.objects.filter(slug="hainan-other").exists()


# checking --------------------------------------------------------------------------------------

SYNTAX = edit(HAINAN, 'slug = "hainan-studios"', "slug = hainan-studios")
SCHEMA = edit(
    HAINAN,
    'period = "month"\nat_least = 1\ndescription = "每月至少举行一次专题',
    'period = "fortnight"\nat_least = 1\ndescription = "每月至少举行一次专题',
)


def check(client, draft, text):
    response = client.post(reverse("policies:draft_check", args=[draft.pk]), {"text": text})
    assert response.status_code == 200
    return response.json()


def test_the_check_locates_a_toml_syntax_error_in_chinese_and_english(client, cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    client.force_login(cast.hn_admin)
    [problem] = check(client, draft, SYNTAX)["problems"]
    assert (problem["line"], problem["column"]) == (line_of(SYNTAX, "slug = hainan"), 8)
    assert "TOML 语法错误" in problem["message"] and "字符串须加引号" in problem["message"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [problem] = check(client, draft, SYNTAX)["problems"]
    assert problem["message"].startswith("TOML syntax error (column 8)")
    draft.refresh_from_db()
    assert draft.text == HAINAN  # checking saves nothing


def test_the_check_locates_a_schema_error_at_its_key(client, cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    client.force_login(cast.hn_admin)
    data = check(client, draft, SCHEMA)
    [problem] = data["problems"]
    assert (problem["line"], problem["column"]) == (line_of(SCHEMA, "fortnight"), 1)
    assert problem["key"].endswith(".period")
    assert "fortnight" in problem["message"] and "无效" in problem["message"]
    assert data["summary"] == "发现 1 个问题"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [problem] = check(client, draft, SCHEMA)["problems"]
    assert problem["message"].startswith('Invalid value "fortnight"')
    assert check(client, draft, HAINAN)["problems"] == []


def test_the_form_checks_without_javascript_and_saves(client, cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    client.force_login(cast.hn_admin)
    url = reverse("policies:draft", args=[draft.pk])
    page = client.post(url, {"text": SCHEMA, "action": "check"}).content.decode()
    line = line_of(SCHEMA, "fortnight")
    assert f'data-line="{line}"' in page and f"第 {line} 行第 1 列" in page
    draft.refresh_from_db()
    assert draft.text == HAINAN
    client.post(url, {"text": SCHEMA, "action": "save"})
    draft.refresh_from_db()
    assert draft.text == SCHEMA


# the readable page and the difference ----------------------------------------------------------


def test_the_draft_page_shows_what_it_will_publish(client, cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    text = edit(HAINAN, "每月至少举行一次专题研讨活动。", "每两月至少举行一次专题研讨活动。")
    drafting.save_draft(actor=as_user(cast.hn_admin), draft=draft, text=text)
    client.force_login(cast.hn_admin)
    page = client.get(reverse("policies:draft_page", args=[draft.pk])).content.decode()
    assert "每两月至少举行一次专题研讨活动。" in page and "海南省（460000）" in page
    drafting.save_draft(actor=as_user(cast.hn_admin), draft=draft, text=SCHEMA)
    page = client.get(reverse("policies:draft_page", args=[draft.pk])).content.decode()
    assert "无法生成页面" in page and "fortnight" in page


def test_the_difference_marks_added_and_removed_lines_by_text():
    hunks = line_diff("a\nb\nc\n", "a\nB\nc\nd\n")
    changes = [
        (line.change, line.old_number, line.new_number, line.text)
        for h in hunks
        for line in h.lines
    ]
    assert changes == [
        ("same", 1, 1, "a"),
        ("removed", 2, None, "b"),
        ("added", None, 2, "B"),
        ("same", 3, 3, "c"),
        ("added", None, 4, "d"),
    ]
    assert line_diff("same\n", "same\n") == []


def test_the_difference_page(client, cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    drafting.save_draft(
        actor=as_user(cast.hn_admin), draft=draft, text=edit(HAINAN, MONTHLY, ONCE_A_CYCLE)
    )
    client.force_login(cast.hn_admin)
    page = client.get(reverse("policies:draft_diff", args=[draft.pk])).content.decode()
    assert "草稿与第 1 版逐行比较" in page
    assert '<span class="diff-mark">−</span> 删除' in page and "period = &quot;month&quot;" in page
    assert '<span class="diff-mark">+</span> 新增' in page and "period = &quot;cycle&quot;" in page


# the preview of verdicts -----------------------------------------------------------------------


@pytest.fixture
def hn_programme(cast):
    hn = hainan(studios=2, members=3)
    today = timezone.localdate()
    records.create_activity(
        actor=SYSTEM,
        programme=hn.programme,
        studios=[hn.studios[0]],
        activity_type="seminar",
        title="专题研讨",
        date=today - dt.timedelta(days=3),
    )
    return hn


def test_the_preview_runs_through_the_queue_and_compares_the_verdicts(
    client, cast, hn_programme, settings, django_capture_on_commit_callbacks
):
    """HN-4.1.1: a seminar a month, made once a cycle in the draft: the studio that held one
    meets it; the other is no longer missed but at risk."""
    settings.TOUYAN_BACKGROUND_JOBS = "queue"
    policy = hn_programme.programme.policy_version.policy
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=policy)
    drafting.save_draft(
        actor=as_user(cast.hn_admin), draft=draft, text=edit(HAINAN, MONTHLY, ONCE_A_CYCLE)
    )
    client.force_login(cast.hn_admin)
    url = reverse("policies:draft_preview", args=[draft.pk])
    assert hn_programme.programme.name in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"programme": hn_programme.programme.pk})
    job = Job.objects.get(kind="policies.preview")
    assert response.url == reverse("policies:preview", args=[job.pk])
    assert job.state == Job.State.QUEUED and job.scope_code == "460000"
    waiting = client.get(response.url).content.decode()
    assert "data-job-running" in waiting and "job-status.js" in waiting
    assert runner.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.progress_current == job.progress_total == 2
    seminar = next(r for r in job.result["rules"] if r["id"] == "hn-monthly-seminar")
    assert seminar["before"]["missed"] == 2
    assert seminar["after"]["met"] == 1 and seminar["after"]["missed"] == 0
    changed = {(c["subject"], c["rule"]): (c["before"], c["after"]) for c in job.result["changes"]}
    first, second = (s.name for s in hn_programme.studios)
    assert changed[(first, "hn-monthly-seminar")] == ("missed", "met")
    assert changed[(second, "hn-monthly-seminar")][0] == "missed"
    assert changed[(second, "hn-monthly-seminar")][1] in ("on_track", "behind")
    page = client.get(response.url).content.decode()
    assert first in page and "未达成" in page and "已达成" in page
    assert "data-job-running" not in page
    # the job pages, which show other jobs' results raw, keep this one's names to its own page
    for listing in (reverse("jobs:detail", args=[job.pk]), reverse("jobs:list")):
        assert first not in client.get(listing).content.decode()
    # another province's admin may not read it, though it is a job like any other
    client.force_login(cast.hz_admin)
    assert client.get(response.url).status_code == 404


def test_the_comparison_names_rules_added_and_removed(hn_programme):
    from touyan.compliance.engine import evaluate
    from touyan.policies.loading import load_policy

    programme = hn_programme.programme
    today = timezone.localdate()
    text = edit(HAINAN, 'id = "hn-monthly-seminar"', 'id = "hn-seminar-renamed"')
    result = compare(
        evaluate(programme, as_of=today),
        evaluate(programme, as_of=today, spec=load_policy(text)),
    )
    assert result["added"] == ["hn-seminar-renamed"]
    assert result["removed"] == ["hn-monthly-seminar"]
    assert not any(c["rule"] == "hn-monthly-seminar" for c in result["changes"])


def test_a_preview_needs_a_programme_of_the_drafts_policy(client, cast, hn_programme):
    publish_policy(actor=SYSTEM, text=HANGZHOU)
    other = drafting.start_draft(
        actor=as_user(cast.superuser), policy=Policy.objects.get(slug="hangzhou-training")
    )
    with pytest.raises(PermissionDenied):
        drafting.ask_preview(
            actor=as_user(cast.superuser), draft=other, programme=hn_programme.programme
        )


# access ----------------------------------------------------------------------------------------

EDITORS_OF_HAINAN = {
    "anonymous": LOGIN,
    "superuser": ALLOWED,
    "hn_admin": ALLOWED,
    "hz_admin": NOT_FOUND,
    "hz_centre": NOT_FOUND,
    "xihu": NOT_FOUND,
    "expert": NOT_FOUND,
    "nobody": NOT_FOUND,
    "own": NOT_FOUND,
}


def test_who_may_open_each_page_of_a_draft(client, cast, hn_programme):
    policy = hn_programme.programme.policy_version.policy
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=policy)
    for name in ("draft", "draft_page", "draft_diff", "draft_preview", "draft_publish"):
        check_access(client, cast, reverse(f"policies:{name}", args=[draft.pk]), EDITORS_OF_HAINAN)
    posted_only = {**EDITORS_OF_HAINAN, "superuser": "HTTP 405", "hn_admin": "HTTP 405"}
    for name in ("draft_check", "draft_discard"):
        check_access(client, cast, reverse(f"policies:{name}", args=[draft.pk]), posted_only)
    check_access(client, cast, reverse("policies:edit", args=[policy.slug]), posted_only)
    check_access(
        client,
        cast,
        reverse("policies:new"),
        {**posted_only, "hz_admin": "HTTP 405"},
    )
    job = drafting.ask_preview(
        actor=as_user(cast.hn_admin), draft=draft, programme=hn_programme.programme
    )
    check_access(client, cast, reverse("policies:preview", args=[job.pk]), EDITORS_OF_HAINAN)


def test_a_new_policys_draft_is_its_authors(client, cast):
    draft = drafting.start_draft(actor=as_user(cast.hz_admin), policy=None)
    expected = {**EDITORS_OF_HAINAN, "hn_admin": NOT_FOUND, "hz_admin": ALLOWED}
    check_access(client, cast, reverse("policies:draft", args=[draft.pk]), expected)


def test_who_sees_the_list_of_policies_and_its_buttons(client, cast, hn_policy, hz_policy):
    check_access(
        client,
        cast,
        reverse("policies:list"),
        {
            "anonymous": LOGIN,
            "superuser": ALLOWED,
            "hn_admin": ALLOWED,
            "hz_admin": ALLOWED,
            "hz_centre": ALLOWED,
            "expert": ALLOWED,
            "nobody": NOT_FOUND,
            "own": NOT_FOUND,
        },
    )
    client.force_login(cast.hn_admin)
    page = client.get(reverse("policies:list")).content.decode()
    assert reverse("policies:edit", args=["hainan-studios"]) in page
    assert reverse("policies:edit", args=["hangzhou-training"]) not in page
    assert reverse("policies:new") in page
    client.force_login(cast.hz_centre)
    page = client.get(reverse("policies:list")).content.decode()
    assert "/edit/" not in page and reverse("policies:new") not in page


def test_publishing_from_the_page_shows_the_new_version(client, cast, hn_policy):
    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    client.force_login(cast.hn_admin)
    url = reverse("policies:draft_publish", args=[draft.pk])
    drafting.save_draft(actor=as_user(cast.hn_admin), draft=draft, text=SCHEMA)
    assert "不能发布" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "草稿还有问题，不能发布" in response.content.decode()
    drafting.save_draft(
        actor=as_user(cast.hn_admin), draft=draft, text=edit(HAINAN, MONTHLY, ONCE_A_CYCLE)
    )
    assert "将发布为第 2 版" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("policies:version", args=["hainan-studios", 2])


# what an attacker or a hurried admin tries ------------------------------------------------------


def test_a_new_policys_draft_may_not_take_an_existing_policys_slug(cast, hn_policy):
    """A "new policy" with Hainan's slug would otherwise publish over it unseen (no diff)."""
    draft = drafting.start_draft(actor=as_user(cast.hn_admin))
    drafting.save_draft(
        actor=as_user(cast.hn_admin),
        draft=draft,
        text=edit(HAINAN, 'name = "海南省中学卓越校长工作室"', 'name = "海南省中学优秀校长工作室"'),
    )
    with pytest.raises(PolicyError) as refused:
        drafting.publish_draft(actor=as_user(cast.hn_admin), draft=draft)
    assert "已有标识为“hainan-studios”的政策" in str(refused.value)
    assert hn_policy.versions.count() == 1 and PolicyDraft.objects.filter(pk=draft.pk).exists()


def test_a_draft_written_before_another_version_was_published_says_so(client, cast, hn_policy):
    admin = as_user(cast.hn_admin)
    stale = drafting.start_draft(actor=admin, policy=hn_policy)
    other = drafting.start_draft(actor=as_user(cast.superuser), policy=hn_policy)
    drafting.save_draft(
        actor=as_user(cast.superuser),
        draft=other,
        text=edit(HAINAN, 'name = "海南省中学卓越校长工作室"', 'name = "海南省中学优秀校长工作室"'),
    )
    drafting.publish_draft(actor=as_user(cast.superuser), draft=other, seen_latest=1)
    client.force_login(cast.hn_admin)
    page = client.get(reverse("policies:draft_publish", args=[stale.pk])).content.decode()
    assert "以第 1 版为基础" in page and "此后已发布第 2 版" in page
    drafting.save_draft(
        actor=admin,
        draft=stale,
        text=edit(HAINAN, 'name = "海南省中学卓越校长工作室"', 'name = "海南省中学杰出校长工作室"'),
    )
    with pytest.raises(PolicyError) as refused:
        drafting.publish_draft(actor=admin, draft=stale, seen_latest=1)
    assert "又发布了第 2 版" in str(refused.value)
    # Having seen version 2 and its difference, the admin may still publish the draft.
    assert drafting.publish_draft(actor=admin, draft=stale, seen_latest=2).number == 3


def test_starting_a_draft_of_a_policy_twice_continues_the_first(client, cast, hn_policy):
    client.force_login(cast.hn_admin)
    url = reverse("policies:edit", args=[hn_policy.slug])
    first, second = client.post(url), client.post(url)
    assert first.url == second.url and PolicyDraft.objects.count() == 1


def test_a_huge_or_deeply_nested_text_is_refused_quickly_with_a_reason(cast, hn_policy):
    from touyan.policies.loading import MAX_POLICY_CHARS, load_policy

    draft = drafting.start_draft(actor=as_user(cast.hn_admin), policy=hn_policy)
    huge = HAINAN + "#" * MAX_POLICY_CHARS
    with pytest.raises(Exception) as refused:
        drafting.save_draft(actor=as_user(cast.hn_admin), draft=draft, text=huge)
    assert "政策文本过长" in " ".join(refused.value.messages)
    assert [p.message[:6] for p in drafting.problems_in(huge)] == ["政策文本过长"]
    nested = "a = " + "[" * 2000 + "]" * 2000
    with pytest.raises(PolicyError) as deep:
        load_policy(nested)
    assert "嵌套过深" in str(deep.value)


def test_thousands_of_problems_are_listed_from_the_top(cast):
    text = HAINAN + "".join(f'\n[[rules]]\nid = "r{n}"\nkind = "nope"\n' for n in range(600))
    problems = drafting.problems_in(text)
    assert len(problems) == drafting.MAX_PROBLEMS + 1
    assert "未列出" in problems[-1].message and problems[0].line is not None
