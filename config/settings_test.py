"""Test settings: the same settings, with fast hashing and plain static storage."""

import os

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
# One private-files folder per test worker: a test that looks at what a folder holds (an export that failed keeps
# no file) must not see the files another worker writes at the same moment.
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
STATIC_ROOT = BASE_DIR / "var" / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
