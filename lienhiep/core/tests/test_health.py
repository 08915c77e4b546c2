"""/healthz: each check ok or failing, 503 when one fails, no data, no login, cheap; the worker's heartbeat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lienhiep.core import health
from lienhiep.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def thresholds(settings):  # type: ignore[no-untyped-def]
    settings.HEALTH_MIN_FREE_MB = 0
    settings.WORKER_STALE_AFTER = 120
    return settings


def _beat(seconds_ago: int) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1", started_at=now - dt.timedelta(hours=1), beat_at=now - dt.timedelta(seconds=seconds_ago)
    )


def test_all_well_answers_ok_without_login_and_counts_nothing(client, django_assert_num_queries):
    _beat(seconds_ago=10)
    # SELECT 1, and the latest heartbeat: nothing else, whatever the data
    with django_assert_num_queries(2):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "worker": "ok", "disk": "ok"}}
    assert response["Cache-Control"] == "no-store"


def test_no_worker_ever_is_failing(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {"database": "ok", "worker": "failing", "disk": "ok"}}


def test_a_worker_silent_longer_than_allowed_is_failing(client):
    _beat(seconds_ago=121)
    assert client.get(reverse("healthz")).json()["checks"]["worker"] == "failing"


def test_a_full_private_files_volume_is_failing(client, settings):
    _beat(seconds_ago=0)
    settings.HEALTH_MIN_FREE_MB = health.free_mb(settings.MEDIA_ROOT) + 10**9
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "worker": "ok", "disk": "failing"}


def test_only_get(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_a_beat_keeps_one_row_per_worker_and_drops_the_long_silent():
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="gone", started_at=now, beat_at=now - dt.timedelta(days=2))
    health.beat(worker_id="w1", started_at=now)
    health.beat(worker_id="w1", started_at=now)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w1"]


def test_the_worker_beats_before_its_first_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # --batch: the worker runs what is queued (nothing) and stops
    call_command("db_worker", batch=True, worker_id="test-worker", verbosity=0)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["test-worker"]
    assert health.worker_ok()
