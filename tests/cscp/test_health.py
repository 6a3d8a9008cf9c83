from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_database_cache_and_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] in {"ok", "in-process"}


def test_health_is_503_when_the_database_is_down(client):
    with mock.patch("cscp.health.connection.cursor", side_effect=Exception("down")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_names_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    with mock.patch("cscp.celery.app.connection_for_write", side_effect=OSError("refused")):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["broker"] == "unavailable"


def test_ping_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ping/")
    assert response.content == b"ok"
