"""The demo, backed up and restored into a fresh database of the pass's kind (PostgreSQL in the
PostgreSQL pass): every table's count and every row's digest on a canonical form are equal."""

import pytest
from django.core.management import call_command

from touyan.backups.backup import make_backup

from .canonical import digests
from .databases import fresh_database
from .test_round_trip import restore_in_a_process

pytestmark = pytest.mark.django_db


def test_the_demo_comes_back_row_for_row(tmp_path):
    call_command("demo", verbosity=0)
    archive = tmp_path / "demo.zip"
    make_backup(output=archive)
    source = digests("default")
    assert source["people.principal"][0] > 500 and source["selection.application"][0] > 50
    with fresh_database(tmp_path) as (alias, url):
        restore_in_a_process(archive, url, tmp_path / "restored-media")
        assert digests(alias) == source
