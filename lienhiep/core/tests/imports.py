"""What the tests of every file import (core.importers) do the same way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse


def import_run(client: Any, batch: Any, capture: Any, url_name: str, data: Mapping[str, str] | None = None) -> Any:
    """The officer asks for the import of `batch` (`url_name`: its app's run view; `data`, the choices posted with
    it) and is sent back to the batch; the task runs as the worker would, once the request commits (`capture`:
    pytest-django's django_capture_on_commit_callbacks). The batch, as it then stands."""
    with capture(execute=True):
        assert client.post(reverse(url_name, args=[batch.pk]), data or {}).status_code == 302
    batch.refresh_from_db()
    return batch
