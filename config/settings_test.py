"""Test settings: the same settings, with fast hashing and plain static storage."""

import hashlib
import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "t" * 50)

from config.settings import *  # noqa: E402,F403
from config.settings import BASE_DIR  # noqa: E402

EVENT_KEYS_CHECKED = True  # every event row the suite writes has its keys declared (core/redaction.py)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# One private-files folder per database and test worker: a test that looks at what a folder holds (an export that
# failed keeps no file) must not see the files another worker writes at the same moment, nor those of the other
# database's run in the same checkout (CI runs the two side by side: .ci/run).
MEDIA_ROOT = (
    BASE_DIR
    / "var"
    / "test-media"
    / f"{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
)
STATIC_ROOT = BASE_DIR / "var" / "test-static"
# Made, empty: the suite serves no collected files, but WhiteNoise scans the folder each time a test client loads the
# middleware, and a missing one printed "No directory at …" once per test (~2,400 lines that hid real warnings).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# SQLite's test database is a file per checkout and worker (in RAM where /dev/shm is), not Django's shared in-memory
# one: the live server of the browser journeys then serves each request on a connection of its own, as in production,
# instead of every thread sharing one connection (and its transaction) with the test and each other. Nothing of it
# has to outlive the run: no fsync.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _RAM = Path("/dev/shm")  # noqa: S108 - a test database, named after the checkout
    _CHECKOUT = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]
    _FREE = os.statvfs(_RAM) if _RAM.is_dir() else None  # a container's /dev/shm may be 64 MB: then on disk
    _FOLDER = _RAM if _FREE and _FREE.f_bavail * _FREE.f_frsize >= 1 << 30 else BASE_DIR / "var" / "test-db"
    _FOLDER.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_FOLDER / f"lienhiep-test-{_CHECKOUT}.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] += "PRAGMA synchronous=OFF;"  # noqa: F405
