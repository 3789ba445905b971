"""/ready/: database, cache and storage reachable, and whether a worker
beats (issue 18 point 5)."""

import datetime

import pytest
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.utils import timezone

from portal.ops.models import WorkerHeartbeat
from tests.factories import WorkerHeartbeatFactory

pytestmark = pytest.mark.django_db


def test_ready_with_a_live_worker(client):
    WorkerHeartbeatFactory(seen_at=timezone.now())
    response = client.get("/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == body["cache"] == body["storage"] == "ok"
    assert body["worker"] == "ok" and body["status"] == "ok"
    assert "no-store" in response["Cache-Control"]


def test_ready_without_a_worker_warns_but_serves(client):
    assert not WorkerHeartbeat.objects.exists()
    response = client.get("/ready/")
    assert response.status_code == 200
    assert response.json()["worker"] == "geen"
    assert response.json()["status"] == "waarschuwing"


def test_a_late_worker_is_reported_late(client, settings):
    settings.READY_WORKER_MAX_AGE = 300
    WorkerHeartbeatFactory(seen_at=timezone.now() - datetime.timedelta(minutes=6))
    body = client.get("/ready/").json()
    assert body["worker"] == "te laat" and body["worker_heartbeat_seconds"] >= 360


def test_storage_away_is_503(client, monkeypatch):
    def away(name):
        raise OSError("object store unreachable")

    monkeypatch.setattr(default_storage, "exists", away)
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["storage"] == "niet bereikbaar"
    assert response.json()["status"] == "niet gereed"


def test_cache_away_is_503(client, monkeypatch):
    monkeypatch.setattr(caches["default"], "get", lambda *args, **kwargs: None)
    response = client.get("/ready/")
    assert response.status_code == 503 and response.json()["cache"] == "niet bereikbaar"
