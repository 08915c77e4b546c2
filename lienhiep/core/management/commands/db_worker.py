"""django-tasks-db's worker, with a heartbeat: a thread of the worker's process writes `WorkerHeartbeat` every
WORKER_HEARTBEAT_EVERY seconds, whether the worker waits or runs a long task, so that /healthz can tell a stopped
worker (core/health.py). Same name and options as the package's command, which it replaces (core comes first in
INSTALLED_APPS)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as PackageCommand

from lienhiep.core import health

logger = logging.getLogger("lienhiep.worker")


def _beat_forever(*, worker_id: str, started_at: dt.datetime, stop: threading.Event) -> None:
    while not stop.wait(settings.WORKER_HEARTBEAT_EVERY):
        try:
            close_old_connections()
            health.beat(worker_id=worker_id, started_at=started_at)
        except Exception:
            # A locked or unreachable database: the next beat tries again; /healthz says so meanwhile.
            logger.exception("worker heartbeat failed")
        finally:
            connection.close()


class Command(PackageCommand):
    help = PackageCommand.help + " Beats a heartbeat for /healthz."

    def handle(self, *args: Any, **options: Any) -> None:
        # The first beat before any task, in the worker's own thread: a worker that cannot write it does not start.
        started_at = timezone.now()
        health.beat(worker_id=options["worker_id"], started_at=started_at)
        stop = threading.Event()
        beater = threading.Thread(
            target=_beat_forever,
            kwargs={"worker_id": options["worker_id"], "started_at": started_at, "stop": stop},
            name="heartbeat",
            daemon=True,
        )
        beater.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            beater.join(timeout=10)
