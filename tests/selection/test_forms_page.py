"""The district's forms page promises the prepared PDF for as long as the retention setting of
files made by the task queue (``job_files``) keeps it."""

import pytest
from django.urls import reverse

from tests.selection_chain import actor_of, applicant, apply, candidate_call
from touyan.core import retention
from touyan.selection.services import district

pytestmark = pytest.mark.django_db
XIHU = "330106"


@pytest.mark.parametrize(
    ("days", "words"),
    [(None, "保留 24 小时"), (0.5, "保留 12 小时"), (3, "保留 3 天"), (30, "保留 30 天")],
)
def test_the_forms_page_says_how_long_the_file_is_kept(client, cast, settings, days, words):
    settings.RETENTION = {} if days is None else {"job_files": days}
    chain = candidate_call()
    application = apply(chain.call, applicant(XIHU))
    district.review_application(
        actor=actor_of(cast.xihu), application=application, decision="endorse"
    )
    client.force_login(cast.xihu)
    page = client.get(reverse("selection:district_forms", args=[chain.call.pk, XIHU]))
    assert words in page.content.decode()
    assert "24 小时" not in page.content.decode() or days is None


def test_kept_words_are_hours_under_two_days_and_days_beyond(settings):
    for days, words in ((1, "24 小时"), (1.5, "36 小时"), (2, "2 天"), (90, "90 天")):
        settings.RETENTION = {"job_files": days}
        assert retention.kept_words("job_files") == words
