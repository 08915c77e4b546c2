"""A member file imported through the services as the officer (alice) and the background tasks would do it, for
tests that need an import at a given step: read, checked, done."""

from __future__ import annotations

from typing import Any

from lienhiep.members import services
from lienhiep.members.models import ImportBatch

# The columns of the tests' files: name, association, date joined.
COLUMNS = {0: "full_name", 1: "org", 2: "joined_on"}


def read(world: Any, data: bytes, file_name: str = "hoi-vien.csv") -> ImportBatch:
    """`data` uploaded for Hà Tĩnh and read (the background reading)."""
    batch = services.import_upload(actor=world.alice, org=world.ha_tinh, file_name=file_name, data=data)
    return services.import_read(batch_id=batch.pk)


def checked(world: Any, batch: ImportBatch) -> ImportBatch:
    """`batch` checked against COLUMNS (the request, then the background check)."""
    services.import_request_check(actor=world.alice, batch=batch, mapping=COLUMNS)
    services.import_check(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def done(world: Any, batch: ImportBatch) -> ImportBatch:
    """`batch`, checked, imported (the request, then the background import)."""
    services.import_request_apply(actor=world.alice, batch=batch)
    services.import_apply(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch
