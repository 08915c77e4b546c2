"""Back up the database and the private files into one archive, then rotate (lienhiep/core/backups.py).

Nightly from the scheduler: `manage.py backup` (exit status 1 and the reason on stderr when it fails)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lienhiep.core import backups


class Command(BaseCommand):
    help = "Write one archive of the database and of the private files (MEDIA_ROOT) into BACKUP_DIR, then rotate."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", help="Where to write the archive (default: BACKUP_DIR).")
        parser.add_argument("--no-rotate", action="store_true", help="Keep every earlier archive.")
        parser.add_argument(
            "--new-key",
            metavar="FILE",
            help="Only write a new age secret key to FILE and print its public key (for BACKUP_AGE_RECIPIENTS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            try:
                public = backups.new_key(Path(options["new_key"]))
            except FileExistsError as error:
                raise CommandError(f"{options['new_key']} exists already: choose another file.") from error
            self.stdout.write(
                f"Secret key written to {options['new_key']}: keep it off this server, in two safe places.\n"
                f"Public key, for BACKUP_AGE_RECIPIENTS on the server that backs up:\n{public}"
            )
            return
        folder = Path(options["folder"] or settings.BACKUP_DIR)
        started = time.monotonic()
        try:
            made = backups.create(
                folder=folder, media_root=settings.MEDIA_ROOT, recipients=settings.BACKUP_AGE_RECIPIENTS
            )
        except backups.BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(
            f"Backup written: {made.path} ({made.size:,} bytes; {made.files} files of {made.file_bytes:,} bytes; "
            f"{'encrypted' if made.encrypted else 'not encrypted'}) in {time.monotonic() - started:.1f} s."
        )
        if not options["no_rotate"]:
            deleted = backups.rotate(
                folder, keep_daily=settings.BACKUP_KEEP_DAILY, keep_weekly=settings.BACKUP_KEEP_WEEKLY
            )
            self.stdout.write(
                f"Rotation (last of {settings.BACKUP_KEEP_DAILY} days, {settings.BACKUP_KEEP_WEEKLY} weeks): "
                f"{len(deleted)} older archives deleted."
            )
