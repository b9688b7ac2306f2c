"""Library search (HN-4.1.5): a substring of the title, a tag or the summary, Chinese with no
word segmentation, at least two characters, full-width and capital letters folded; filters by
kind, tag, studio and programme. The same rows on SQLite and PostgreSQL (this module runs on
both)."""

import pytest
from django.urls import reverse

from tests.programmes import SYSTEM, hainan
from touyan.library.models import Kind, Resource, Visibility
from touyan.library.search import QueryTooShort, matching, normalise

from .helpers import share

pytestmark = [pytest.mark.django_db, pytest.mark.clause("HN-4.1.5")]


@pytest.fixture
def shelf(db):
    hn = hainan(studios=2, members=0)
    first, second = hn.studios

    def put(title, *, studio=first, **extra):
        return share(SYSTEM, hn.programme, studio=studio, title=title, **extra)

    return {
        "rural": put(
            "乡村学校课程领导力的提升路径",
            kind=Kind.CASE,
            tags=["乡村学校", "课程领导力"],
            summary="以三所农村初中为例，说明校长如何带领教师开发校本课程。",
        ),
        "ai": put(
            "ＡＩ助教在课堂中的使用",
            kind=Kind.TOOL,
            tags="人工智能",
            summary="Prompt templates for lesson planning",
            studio=second,
        ),
        "design": put(
            "《函数的图像》课例设计",
            kind=Kind.LESSON_DESIGN,
            tags=["初中数学"],
            summary="50% 的时间留给学生探究",
        ),
        "report": put("校本研修年度报告", kind=Kind.REPORT, summary="研修_记录与反思"),
        "hn": hn,
    }


def found(query: str) -> set[str]:
    return set(matching(Resource.objects.all(), query).values_list("title", flat=True))


def test_a_chinese_substring_of_the_title_is_found_without_word_segmentation(shelf):
    assert found("领导") == {shelf["rural"].title}
    assert found("课例") == {shelf["design"].title}
    assert found("函数的图") == {shelf["design"].title}


def test_tags_and_summary_are_searched_too(shelf):
    assert found("人工智能") == {shelf["ai"].title}
    assert found("农村初中") == {shelf["rural"].title}
    assert found("初中") == {shelf["rural"].title, shelf["design"].title}


def test_letters_are_found_whatever_their_width_and_case(shelf):
    assert found("ai助教") == {shelf["ai"].title}
    assert found("AI") == {shelf["ai"].title}
    assert found("prompt") == {shelf["ai"].title}
    assert found("ＰＲＯＭＰＴ") == {shelf["ai"].title}


def test_like_wildcards_are_plain_characters(shelf):
    assert found("50%") == {shelf["design"].title}
    assert found("%的") == set()
    assert found("研修_") == {shelf["report"].title}
    assert found("_记") == {shelf["report"].title}
    assert found("修x记") == set()


def test_no_match_spans_two_fields(shelf):
    # The title ends in 路径 and the first tag is 乡村学校: never one string.
    assert found("路径乡村") == set()
    assert found("路径 乡村") == set()


def test_a_query_of_fewer_than_two_characters_is_refused(shelf):
    with pytest.raises(QueryTooShort):
        found("课")
    with pytest.raises(QueryTooShort):
        found("  a  ")
    assert normalise("  Ａ　Ｂ  ") == "a b"


def test_the_page_says_a_query_is_too_short_and_searches_nothing(client, cast, shelf):
    client.force_login(cast.superuser)
    response = client.get(reverse("library:list"), {"q": "课"})
    page = response.content.decode()
    assert "请至少输入 2 个字再搜索" in page
    for resource in ("rural", "ai", "design", "report"):
        assert shelf[resource].title in page


def test_the_page_searches_and_filters(client, cast, shelf):
    client.force_login(cast.superuser)
    url = reverse("library:list")

    def titles(**query):
        page = client.get(url, query).context["page"]
        return {resource.title for resource in page}

    assert titles(q="初中") == {shelf["rural"].title, shelf["design"].title}
    assert titles(q="初中", kind=Kind.CASE) == {shelf["rural"].title}
    assert titles(tag="初中数学") == {shelf["design"].title}
    assert titles(tag="初中") == set()  # a tag is matched whole
    assert titles(studio=shelf["hn"].studios[1].pk) == {shelf["ai"].title}
    assert "没有找到符合条件的资源" in client.get(url, {"q": "不存在的词"}).content.decode()


def test_the_public_library_searches_public_resources_only(client, shelf):
    share(
        SYSTEM,
        shelf["hn"].programme,
        studio=shelf["hn"].studios[0],
        title="乡村学校的内部资料",
        visibility=Visibility.STUDIO,
    )
    page = client.get(reverse("library:public"), {"q": "乡村学校"}).context["page"]
    assert {resource.title for resource in page} == {shelf["rural"].title}
