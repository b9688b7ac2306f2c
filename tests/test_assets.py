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
