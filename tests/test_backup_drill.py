"""The restore drill (issue 13): the demo with private files of every kind, backed up, restored into a second
database (a new SQLite file, a new PostgreSQL database) and a MEDIA_ROOT that was deleted, then compared: every
figure of the overview and the member count of every union, and every private file by its SHA-256, identical.

The archive is encrypted (age) so that the drill decrypts too. The refusals a restore owes the operator are
checked on the same archive: a database that holds data, a damaged archive, the wrong key, a newer schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.http import QueryDict

from lienhiep.core import backups
from lienhiep.core.tests.samples import office_xlsx, png_bytes
from tests import layers

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _hashes(root: Path) -> dict[str, str]:
    """Every file under `root` by its SHA-256, but for what a restore keeps aside (`.before-restore-…`)."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).parts[0].startswith(".")
    }


def _add_private_files() -> None:
    """One file of every kind the apps keep under MEDIA_ROOT, each through its own service."""
    from lienhiep.accounts.models import User
    from lienhiep.activities import services as activities
    from lienhiep.activities.importing import INITIATIVES
    from lienhiep.activities.models import Activity
    from lienhiep.awards import services as awards
    from lienhiep.awards.models import Honour
    from lienhiep.core import services as core
    from lienhiep.governance import selectors as governance_selectors
    from lienhiep.governance import services as governance
    from lienhiep.governance.models import Committee
    from lienhiep.members import services as members
    from lienhiep.orgs.models import Org, OrgKind
    from lienhiep.reporting import services as reporting
    from lienhiep.reporting.models import Report, ReportStatus

    admin = User.objects.get(username="admin")
    activity = Activity.objects.order_by("pk").first()
    activities.activity_file_add(actor=admin, activity=activity, upload=ContentFile(png_bytes(), name="anh.png"))
    activities.activity_file_add(actor=admin, activity=activity, upload=ContentFile(PDF, name="ke-hoach.pdf"))
    honour = Honour.objects.order_by("pk").first()
    awards.honour_scan_attach(actor=admin, honour=honour, scan=ContentFile(PDF, name="bang-khen.pdf"))
    committee = Committee.objects.order_by("pk").first()
    held_on = committee.congress.held_on + dt.timedelta(days=40)
    while committee.meetings.filter(held_on=held_on).exists():
        held_on += dt.timedelta(days=1)
    seats = governance_selectors.composition(committee, on=held_on)
    governance.meeting_record(
        actor=admin,
        committee=committee,
        held_on=held_on,
        attendance={seat.pk: "present" for seat in seats},
        minutes=ContentFile(PDF, name="bien-ban.pdf"),
    )
    association = Org.objects.filter(kind=OrgKind.ASSOCIATION, congresses__isnull=True).order_by("pk").first()
    governance.congress_create(
        actor=admin, org=association, ordinal=1, term_start_year=2021, term_end_year=2026,
        held_on=dt.date(2021, 6, 5), documents=ContentFile(PDF, name="nghi-quyet.pdf"),
    )  # fmt: skip
    province = Org.objects.filter(kind=OrgKind.PROVINCIAL).order_by("pk").first()
    sheet = office_xlsx({"Hội viên": [["Họ và tên", "Ngày sinh"], ["Trần Thị Bình", "12/03/1985"]]})
    members.import_upload(actor=admin, org=province, file_name="hoi-vien.xlsx", data=sheet)
    INITIATIVES.upload(actor=admin, org=province, file_name="sang-kien.xlsx", data=sheet)
    core.export_request(actor=admin, source="members", query=QueryDict(f"org={province.pk}"))
    issued = Report.objects.filter(status=ReportStatus.ISSUED).order_by("pk").first()
    reporting.signed_scan_upload(actor=admin, report=issued, upload=ContentFile(PDF, name="ban-ky.pdf"))
    reporting.rendering_request(actor=admin, report=issued, formats=("xlsx",))


def _figures(*, afresh: bool) -> dict[int, Any]:
    """Every figure of the overview of every union and every unit's member count: counted from the records alone
    (`afresh`, nothing remembered), or as the pages read them (remembered figures where there are)."""
    from lienhiep.orgs import figures
    from lienhiep.orgs import selectors as org_selectors
    from lienhiep.orgs.models import Org, OrgKind
    from lienhiep.reporting import overview, registry

    today = org_selectors.today()
    start, end = overview.period(today)
    found: dict[int, Any] = {}
    with figures.computed_afresh() if afresh else _nothing():
        for org in Org.objects.order_by("pk"):
            found[org.pk] = {"members": registry.compute("members.count", org, start=start, end=end, as_of=today).value}
            if org.kind in (OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT):
                found[org.pk]["overview"] = overview.figures(org, start, end)
    return found


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _using(name: str) -> Iterator[Any]:
    """The default connection on another database of the same server (or another SQLite file) for the block."""
    original = connections["default"]
    other = original.__class__({**original.settings_dict, "NAME": name}, "default")
    connections["default"] = other
    try:
        yield other
    finally:
        other.close()
        connections["default"] = original


@contextmanager
def _second_database(tmp_path: Path) -> Iterator[str]:
    """A new, empty database: a database name of its own on PostgreSQL, a new file on SQLite."""
    if connection.vendor != "postgresql":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_destroy_restore_gives_every_figure_and_file_back(demo, settings, tmp_path):
    layers.unwatch()  # the archive holds the database as an instance has it, without the test layers' own schema
    # Given the demo with a private file of every kind, in a MEDIA_ROOT of the test's own
    media = tmp_path / "private"
    settings.MEDIA_ROOT = media
    settings.BACKUP_DIR = tmp_path / "backups"
    key = tmp_path / "backup-key.txt"
    settings.BACKUP_AGE_RECIPIENTS = [backups.new_key(key)]
    _add_private_files()
    files = _hashes(media)
    # a photo and its thumbnail, a document, a scan, congress documents, minutes, two imports, an export, a report's
    # signed scan and a rendering
    folders = sorted(re.sub(r"\d+", "N", name.rsplit("/", 1)[0]) for name in files)
    assert folders == [
        "activities/N", "activities/N", "activities/N", "awards/N", "exports", "governance/congresses",
        "governance/minutes", "imports", "imports", "reports/N", "reports/scans",
    ], sorted(files)  # fmt: skip
    figures = _figures(afresh=True)

    # when it is backed up (encrypted)
    out = io.StringIO()
    call_command("backup", stdout=out)
    [archive] = backups.archives(settings.BACKUP_DIR)
    assert archive.name.endswith(".tar.age")
    assert backups.checksum_path(archive).read_text() == f"{backups.sha256_of(archive)}  {archive.name}\n"
    assert "not encrypted" not in out.getvalue()

    # then a restore into this instance, which holds data, is refused and changes nothing
    rows = connection.introspection.django_table_names(only_existing=True)
    with pytest.raises(CommandError, match="empty instance only, and the database holds data"):
        call_command("restore", str(archive), "--identity", str(key), stdout=io.StringIO())
    assert _hashes(media) == files
    assert connection.introspection.django_table_names(only_existing=True) == rows

    # and so are a damaged copy and the wrong key, before anything is touched
    damaged = tmp_path / "copy" / archive.name
    damaged.parent.mkdir()
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    backups.checksum_path(damaged).write_text(backups.checksum_path(archive).read_text())
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), "--identity", str(key), stdout=io.StringIO())
    other_key = tmp_path / "other-key.txt"
    backups.new_key(other_key)
    with pytest.raises(CommandError, match="cannot be decrypted with the key"):
        call_command("restore", str(archive), "--check", "--identity", str(other_key), stdout=io.StringIO())

    # when the files are destroyed and the archive restored into a new, empty database
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    media.rmdir()
    with _second_database(tmp_path) as name, _using(name):
        out = io.StringIO()
        call_command("restore", str(archive), "--identity", str(key), stdout=out)
        assert "Target database: empty." in out.getvalue()
        restored = backups.database_state(connections["default"]).data
        # then every figure and every file is back, identical: counted afresh, and as the pages show them
        assert _figures(afresh=True) == figures
        assert _figures(afresh=False) == figures
        assert _hashes(media) == files

        # and restoring again over it is refused, unless forced: then the database is replaced (the rows the
        # restore wrote, again) and the files that were there are kept aside
        with pytest.raises(CommandError, match="holds data .* and MEDIA_ROOT .* holds files"):
            call_command("restore", str(archive), "--identity", str(key), stdout=io.StringIO())
        out = io.StringIO()
        call_command("restore", str(archive), "--identity", str(key), "--force", stdout=out)
        assert "Target database: holds data, replaced (--force)." in out.getvalue()
        assert backups.database_state(connections["default"]).data == restored
        [aside] = media.glob(".before-restore-*")
        assert _hashes(aside) == _hashes(media) == files
        assert sorted(path.name for path in media.iterdir() if path.name.startswith(".")) == [aside.name]


def _archive_with(tmp_path: Path, manifest: dict[str, Any], members: dict[str, bytes]) -> Path:
    archive = tmp_path / "lienhiep-20261127T010203Z.tar"
    with tarfile.open(archive, "w") as tar:
        for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    backups.checksum_path(archive).write_text(f"{backups.sha256_of(archive)}  {archive.name}\n")
    return archive


def _manifest(migrations: list[str], files: dict[str, bytes]) -> dict[str, Any]:
    def entry(name: str, data: bytes) -> dict[str, Any]:
        return {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    return {
        "format": backups.FORMAT,
        "created_at": "2026-11-27T01:02:03Z",
        "app_version": "v9.9",
        "database": {"engine": "sqlite", "file": "database.sqlite3", "size": 0, "sha256": hashlib.sha256().hexdigest()},
        "migrations": migrations,
        "files": [entry(name, data) for name, data in files.items() if name.startswith("files/")],
        "total_files": 1,
        "total_bytes": 3,
    }  # fmt: skip


def test_an_archive_from_a_newer_schema_is_refused(tmp_path):
    # Given an archive whose database had a migration this code does not know
    manifest = _manifest(["accounts.0001_initial", "members.9999_from_the_future"], {"files/a.txt": b"abc"})
    archive = _archive_with(tmp_path, manifest, {"database.sqlite3": b"", "files/a.txt": b"abc"})
    # when it is checked, it is refused, saying which migration and which version
    with pytest.raises(backups.BackupError) as refused:
        backups.verify(archive, say=lambda _line: None)
    assert str(refused.value) == (
        "The archive comes from a newer version (v9.9): this code does not know its migrations "
        "members.9999_from_the_future. Restore it with that version or a later one. Nothing was changed."
    )


def test_a_file_that_differs_from_the_manifest_is_refused(tmp_path):
    # Given an archive whose file was changed after its manifest was written (the archive's checksum made again)
    manifest = _manifest(["accounts.0001_initial"], {"files/a.txt": b"abc"})
    archive = _archive_with(tmp_path, manifest, {"database.sqlite3": b"", "files/a.txt": b"abd"})
    with pytest.raises(backups.BackupError, match=r"^files/a.txt does not match its checksum in the manifest"):
        backups.verify(archive, say=lambda _line: None)
    # and one that holds a file its manifest does not list
    archive.unlink()
    extra = {"database.sqlite3": b"", "files/a.txt": b"abc", "files/../../evil.txt": b"x"}
    archive = _archive_with(tmp_path, manifest, extra)
    with pytest.raises(backups.BackupError, match="cannot be read|differ from its manifest"):
        backups.verify(archive, say=lambda _line: None)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_rotation_keeps_the_last_archive_of_each_latest_day_and_week(tmp_path, settings):
    settings.TIME_ZONE = "UTC"
    times = [
        "20261101T010000Z", "20261108T010000Z", "20261115T010000Z", "20261116T010000Z",  # older weeks
        "20261120T010000Z", "20261121T010000Z", "20261121T180000Z", "20261122T010000Z",
        "20261123T010000Z", "20261124T010000Z", "20261125T010000Z", "20261126T010000Z",
    ]  # fmt: skip
    for stamp in times:
        (tmp_path / f"lienhiep-{stamp}.tar").write_bytes(b"")
        (tmp_path / f"lienhiep-{stamp}.tar.sha256").write_text("x")
    (tmp_path / "notes.txt").write_text("not an archive")

    deleted = backups.rotate(tmp_path, keep_daily=3, keep_weekly=3)

    kept = sorted(path.name for path in tmp_path.iterdir())
    assert kept == [
        # the last of each of the 3 latest ISO weeks: 46 (Sun 15th), 47 (Sun 22nd), 48 (Thu 26th)
        "lienhiep-20261115T010000Z.tar", "lienhiep-20261115T010000Z.tar.sha256",
        "lienhiep-20261122T010000Z.tar", "lienhiep-20261122T010000Z.tar.sha256",
        # the last of each of the 3 latest days
        "lienhiep-20261124T010000Z.tar", "lienhiep-20261124T010000Z.tar.sha256",
        "lienhiep-20261125T010000Z.tar", "lienhiep-20261125T010000Z.tar.sha256",
        "lienhiep-20261126T010000Z.tar", "lienhiep-20261126T010000Z.tar.sha256",
        "notes.txt",
    ]  # fmt: skip
    assert len(deleted) == 7


@pytest.mark.django_db
def test_a_database_as_migrate_leaves_it_holds_no_data():
    # What a new server holds after `manage.py migrate` alone is empty for a restore (a migration that writes rows
    # into a new table must add it to backups.SCHEMA_ROWS).
    state = backups.database_state(connection)
    assert state.tables > 0
    assert state.data == {}
