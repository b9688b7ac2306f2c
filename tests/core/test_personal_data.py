import logging

import pytest
from django.db import connection

from tests.factories import PrincipalFactory
from touyan.core import crypto
from touyan.people.models import Principal


@pytest.mark.django_db
def test_id_and_mobile_numbers_are_encrypted_at_rest():
    principal = PrincipalFactory(mobile="13912345678")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, mobile, id_digest FROM people_principal WHERE id = %s",
            [principal.pk],
        )
        stored_id, stored_mobile, stored_digest = cursor.fetchone()
    assert principal.id_number not in stored_id
    assert "13912345678" not in stored_mobile
    assert stored_digest == crypto.digest(principal.id_number)
    fresh = Principal.objects.get(pk=principal.pk)
    assert fresh.id_number == principal.id_number
    assert fresh.mobile == "13912345678"


@pytest.mark.django_db
def test_a_person_is_found_by_id_number_through_the_digest_only():
    principal = PrincipalFactory()
    assert Principal.objects.get(id_digest=crypto.digest(principal.id_number)) == principal


def test_the_logging_filter_masks_numbers(caplog):
    from touyan.core.logging import MaskPersonalData

    logger = logging.getLogger("touyan.test")
    logger.addFilter(MaskPersonalData())
    with caplog.at_level(logging.INFO, logger="touyan.test"):
        logger.info("row %s: %s", 3, "11010519491231002X")
    assert "11010519491231002X" not in caplog.text
    assert "1101**********002X" in caplog.text
