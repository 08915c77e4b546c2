"""Restore an archive of `manage.py backup` into an empty instance (lienhiep/core/backups.py, docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lienhiep.core import backups


class Command(BaseCommand):
    help = (
        "Restore an archive (lienhiep-<time>.tar or .tar.age, with its .sha256 beside it) into an empty instance: "
        "the database and MEDIA_ROOT. Every checksum is verified first."
    )
    # The checks open the database, which on a new server may not exist yet (SQLite's data folder).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive's path.")
        parser.add_argument(
            "--identity",
            help="The age secret key's file, for an encrypted archive (default: BACKUP_AGE_IDENTITY_FILE).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the archive (checksums, decryption, migrations); change nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that holds data, and move the files in MEDIA_ROOT aside, instead of refusing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        identity = options["identity"] or settings.BACKUP_AGE_IDENTITY_FILE
        try:
            if options["check"]:
                manifest = backups.verify(archive, identity_file=identity, say=self.stdout.write)
                self.stdout.write(
                    f"{archive.name} can be restored: made {manifest['created_at']} by {manifest['app_version']}, "
                    f"{manifest['database']['engine']} database, {manifest['total_files']} files."
                )
                return
            if options["force"]:
                self.stdout.write(self.style.WARNING("--force: what this instance holds now will be replaced."))
            restored = backups.restore(
                archive,
                media_root=settings.MEDIA_ROOT,
                identity_file=identity,
                force=options["force"],
                say=self.stdout.write,
            )
        except backups.BackupError as error:
            raise CommandError(f"Restore refused: {error}") from error
        pending = backups.check_migrations(restored.manifest)
        if pending:
            self.stdout.write(f"The code is newer than the archive: applying {len(pending)} migrations.")
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive.name} (made {restored.manifest['created_at']} by "
                f"{restored.manifest['app_version']}). Start the application and the worker again."
            )
        )
