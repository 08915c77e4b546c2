"""Fixtures of the reviews' tests."""

import pytest


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploads (drafts, their stamped copies) in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
