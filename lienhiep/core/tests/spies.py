"""Spies on third-party libraries for tests that must see when something happens, not only what."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def jpeg_encodings(using: str = "default") -> Iterator[list[bool]]:
    """For each JPEG Pillow encodes inside the block (a photo re-encoded, its thumbnail), whether a transaction was
    open on the database at that moment. Run in a test without the wrapping transaction
    (`django_db(transaction=True)`), so that only the code's own transactions count."""
    from django.db import connections
    from PIL import Image

    seen: list[bool] = []
    save = Image.Image.save

    def spy(image: Any, fp: Any, format: str | None = None, **params: Any) -> None:  # noqa: A002 - Pillow's name
        if (format or "").upper() == "JPEG":
            seen.append(connections[using].in_atomic_block)
        save(image, fp, format, **params)

    Image.Image.save = spy  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        Image.Image.save = save  # type: ignore[method-assign]
