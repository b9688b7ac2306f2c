"""Twenty citizens' browsers behind one address posting at the same moment: at most the limit
gets through, because the bucket is one locked row, not a count read before a write."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from touyan.selection.models import Objection
from touyan.selection.views.public.notice import OBJECTION_RATE

from .test_public_views import noticed, objection


@pytest.mark.clause("HZ-4.1.3")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between threads need PostgreSQL"
)
def test_twenty_parallel_objections_from_one_address_get_at_most_the_limit(reference_data):
    chain, apps, notice = noticed()
    url = reverse("selection:public_notice", args=[chain.call.pk])
    statuses, barrier = [], threading.Barrier(20)

    def post():
        barrier.wait()
        try:
            statuses.append(Client().post(url, objection(), REMOTE_ADDR="10.7.7.7").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * OBJECTION_RATE.burst + [429] * (20 - OBJECTION_RATE.burst)
    assert Objection.objects.count() == OBJECTION_RATE.burst
