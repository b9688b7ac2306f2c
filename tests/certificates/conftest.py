import pytest

from .builders import passed_course


@pytest.fixture(autouse=True)
def _key_folder(settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY_DIR = tmp_path / "certificate-keys"
    settings.CERTIFICATE_PUBLIC_URL = "https://touyan-public.example.cn"


@pytest.fixture
def passed(db):
    return passed_course()
