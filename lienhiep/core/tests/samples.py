"""Small files for the tests of every app."""

from __future__ import annotations

import io


def png_bytes(size: tuple[int, int] = (8, 8), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A PNG photo (which the upload checks re-encode as JPEG)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()
