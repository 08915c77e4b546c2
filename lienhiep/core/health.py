"""Is the site able to work? The checks behind /healthz, for the reverse proxy and monitoring: each cheap (no
counting of records), each answering ok or failing, none revealing any data."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from lienhiep.core.models import WorkerHeartbeat

OK, FAILING = "ok", "failing"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure to reach the database is the answer
        return False


def worker_ok(*, now: dt.datetime | None = None) -> bool:
    """A background worker beat within WORKER_STALE_AFTER seconds."""
    try:
        latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    except Exception:  # noqa: BLE001 - the database check says why
        return False
    now = now or timezone.now()
    return latest is not None and (now - latest).total_seconds() <= settings.WORKER_STALE_AFTER


def free_mb(path: Path) -> int:
    """Free space, in MB, of the file system that holds `path` (or its nearest existing folder)."""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free // 2**20


def disk_ok() -> bool:
    """The private-files volume (MEDIA_ROOT) has at least HEALTH_MIN_FREE_MB free."""
    try:
        return free_mb(Path(settings.MEDIA_ROOT)) >= settings.HEALTH_MIN_FREE_MB
    except OSError:
        return False


def checks() -> dict[str, str]:
    """Each check's answer; the database first, as the worker's reads it."""
    return {
        "database": OK if database_ok() else FAILING,
        "worker": OK if worker_ok() else FAILING,
        "disk": OK if disk_ok() else FAILING,
    }


def beat(*, worker_id: str, started_at: dt.datetime) -> None:
    """The worker's heartbeat: its row's time now; the rows of workers silent for a day go."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": now, "started_at": started_at, "hostname": socket.gethostname()}
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
