"""The prospectus services refuse whoever may not write or review it (pages answer 404 for
what the service refuses; these tests call the services directly)."""

import pytest

from tests.formation import PROSPECTUS
from tests.programmes import SYSTEM
from tests.records.programme_people import with_hainan
from tests.refusals import HAINAN_CAST, check_service
from touyan.studios import services
from touyan.studios.models import Prospectus

pytestmark = pytest.mark.django_db

HAINAN_CENTRE = ("superuser", "hn_admin", "hn_centre")
EVERYONE = pytest.mark.parametrize("name", HAINAN_CAST)


@pytest.fixture
def studio(cast):
    """Studio 0, hosted by ``cast.host``."""
    return with_hainan(cast, members=1).studios[0]


def state(studio):
    return lambda: Prospectus.objects.filter(studio=studio).values_list("status", "goals").first()


@EVERYONE
def test_writing_a_prospectus(cast, studio, name):
    check_service(
        cast,
        name,
        ("superuser", "host"),
        lambda actor: services.save_prospectus(actor=actor, studio=studio, **PROSPECTUS),
        state(studio),
    )


@EVERYONE
def test_submitting_a_prospectus(cast, studio, name):
    services.save_prospectus(actor=SYSTEM, studio=studio, **PROSPECTUS)
    check_service(
        cast,
        name,
        ("superuser", "host"),
        lambda actor: services.submit_prospectus(actor=actor, studio=studio),
        state(studio),
    )


@EVERYONE
def test_reviewing_a_prospectus(cast, studio, name):
    services.save_prospectus(actor=SYSTEM, studio=studio, **PROSPECTUS)
    services.submit_prospectus(actor=SYSTEM, studio=studio)
    check_service(
        cast,
        name,
        HAINAN_CENTRE,
        lambda actor: services.review_prospectus(actor=actor, studio=studio, approve=True),
        state(studio),
    )
