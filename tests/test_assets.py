import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/static/touyan/touyan.css", "/static/touyan/goose.svg"])
def test_the_stylesheet_and_icon_are_served_from_the_package(client, path):
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
def test_pages_load_nothing_from_another_host(client):
    page = client.get("/accounts/login/").content.decode()
    assert "http://" not in page and "https://" not in page


def test_no_template_carries_code_the_content_security_policy_would_block():
    """Scripts and styles live in static files: no inline <script>, <style>, style= or on…=
    in any template, rendered by a test or not."""
    from pathlib import Path

    from tests.csp import INLINE

    templates = Path(__file__).resolve().parents[1] / "touyan"
    offending = {
        str(path.relative_to(templates)): [
            match.group(0)[:60] for match in INLINE.finditer(path.read_text())
        ]
        for path in templates.rglob("*.html")
    }
    assert {path: found for path, found in offending.items() if found} == {}
