"""Backups of the whole instance and their restore (`manage.py backup`, `manage.py restore`; docs/backup.md).

One archive per run, `lienhiep-<UTC time>.tar` (`.tar.age` when encrypted), beside it `<archive>.sha256` (the
archive's own checksum, in `sha256sum -c` form). Inside the tar:
- `database.pgdump` (`pg_dump --format=custom`: one consistent snapshot taken by PostgreSQL) or `database.sqlite3`
  (SQLite's online backup API, a consistent copy of a live WAL database; never a copy of the file);
- `files/…`: every private file under MEDIA_ROOT (photos, minutes, congress documents, scans, import batches and
  their errors files, exports, report files and renderings: every app keeps its files there, core/files.py);
- `manifest.json`, last: the time, the code's version, the database engine, the migrations applied, and every
  file with its size and SHA-256.
The database is taken first, then the files: a file uploaded meanwhile is kept without its row (harmless), while
the other order would lose the file of a row.

Encryption (optional) is age's, through pyrage: archives are encrypted to the X25519 public keys in
BACKUP_AGE_RECIPIENTS, so the server that makes them cannot read them; the secret key (BACKUP_AGE_IDENTITY_FILE)
is needed only where one restores, and `age -d` reads the archive too. age streams, so an archive of any size is
encrypted without holding it in memory (Fernet holds the whole message).

A restore goes into an empty instance only: every checksum is verified and the archive's migrations compared
with the code's before anything is touched; a database that holds data, or a MEDIA_ROOT that holds files, is
refused unless forced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "lienhiep-backup/1"
MANIFEST = "manifest.json"
FILES = "files"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ARCHIVE_NAME = re.compile(r"^lienhiep-(\d{8}T\d{6}Z)\.tar(\.age)?$")
# Tables that `migrate` itself fills in an empty database (Django's bookkeeping, the starting fields of expertise,
# the shipped report templates): a database with rows only in these holds no data. Any real instance has rows
# elsewhere (its units, its accounts). tests/test_backup_drill.py fails when a migration fills another one.
SCHEMA_ROWS = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "members_field",
    "reporting_reporttemplate",
    "reviews_regulationprofile",  # the two shipped profiles (provincial, national)
}
CHUNK = 1024 * 1024
# A restore works inside MEDIA_ROOT (the same file system, where a Docker volume is mounted): it unpacks into
# `.restore-…` and, when forced, keeps the files that were there in `.before-restore-…`. MEDIA_ROOT's entries whose
# name starts with a dot are the restore's own: never backed up, never counted as files it holds.
RESTORE_WORK = ".restore-"
KEPT_ASIDE = ".before-restore-"

Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do, for the operator."""


@dataclass
class Made:
    path: Path
    size: int
    files: int
    file_bytes: int
    encrypted: bool


@dataclass
class DatabaseState:
    tables: int = 0
    # Tables holding data (not only what `migrate` writes), with their row counts.
    data: dict[str, int] = field(default_factory=dict)


@dataclass
class Restored:
    manifest: dict[str, Any]
    files: int
    replaced_database: bool
    moved_files_to: Path | None


# --- Names, checksums --------------------------------------------------------------------------------------------


def archive_name(at: dt.datetime, *, encrypted: bool) -> str:
    return f"lienhiep-{at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.tar" + (".age" if encrypted else "")


def archive_time(path: Path) -> dt.datetime | None:
    found = ARCHIVE_NAME.match(path.name)
    if found is None:
        return None
    return dt.datetime.strptime(found.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def checksum_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archives(folder: Path) -> list[Path]:
    """The archives in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    found = [(archive_time(path), path) for path in folder.iterdir() if path.is_file()]
    return [path for at, path in sorted((at, path) for at, path in found if at is not None)]


# --- Making a backup ---------------------------------------------------------------------------------------------


def create(
    *,
    folder: Path,
    media_root: Path,
    alias: str = "default",
    recipients: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Made:
    """Write one archive of the database `alias` and of `media_root` into `folder` (and its checksum beside it)."""
    import pyrage

    folder, media_root = Path(folder).resolve(), Path(media_root).resolve()
    if folder == media_root or media_root in folder.parents or folder in media_root.parents:
        raise BackupError(f"BACKUP_DIR ({folder}) and MEDIA_ROOT ({media_root}) must not lie in one another.")
    keys = [_recipient(key) for key in recipients]
    at = (now or timezone.now()).replace(microsecond=0)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = folder / archive_name(at, encrypted=bool(keys))
    if final.exists():
        raise BackupError(f"{final} exists already; wait a second and run again.")
    work = folder / f".partial-{at:%Y%m%dT%H%M%SZ}"
    plain = work.with_suffix(".tar")
    sealed = work.with_suffix(".tar.age")
    try:
        work.mkdir(mode=0o700)
        connection = connections[alias]
        dump = work / DUMPS[_engine(connection)]
        database = _dump(connection, dump)
        applied = sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())
        listed: list[dict[str, Any]] = []
        with _private_file(plain) as stream, tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as tar:
            size, digest = _add(tar, dump.name, dump)
            database |= {"file": dump.name, "size": size, "sha256": digest}
            for path in _walk(media_root):
                entry = f"{FILES}/{path.relative_to(media_root).as_posix()}"
                try:
                    size, digest = _add(tar, entry, path)
                except FileNotFoundError:  # deleted since the walk saw it (an export purged)
                    continue
                listed.append({"path": entry, "size": size, "sha256": digest})
            manifest = {
                "format": FORMAT,
                "created_at": at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                "app_version": app_version(),
                "database": database,
                "migrations": applied,
                "files": listed,
                "total_files": len(listed),
                "total_bytes": sum(item["size"] for item in listed),
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(at.timestamp())
            tar.addfile(info, io.BytesIO(data))
        if keys:
            with _private_file(sealed):
                pass  # created private; age writes into it
            pyrage.encrypt_file(str(plain), str(sealed), keys)
            plain.unlink()
            sealed.rename(final)
        else:
            plain.rename(final)
        sums = checksum_path(final)
        sums_tmp = work / "sha256"
        sums_tmp.write_text(f"{sha256_of(final)}  {final.name}\n")
        sums_tmp.rename(sums)
    except BaseException:
        for leftover in (plain, sealed, final, checksum_path(final)):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Made(final, final.stat().st_size, len(listed), int(manifest["total_bytes"]), bool(keys))


def rotate(folder: Path, *, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete the archives (and their checksums) that are neither the last of one of the `keep_daily` latest days
    nor the last of one of the `keep_weekly` latest weeks (local days, ISO weeks); the newest is always kept.
    Returns the archives deleted."""
    newest_first = list(reversed(archives(folder)))
    keep: set[Path] = set(newest_first[:1])
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for path in newest_first:
        day = timezone.localtime(archive_time(path)).date()
        if day not in days and len(days) < keep_daily:
            days.add(day)
            keep.add(path)
        week = day.isocalendar()[:2]
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.add(week)
            keep.add(path)
    deleted = [path for path in newest_first if path not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
        checksum_path(path).unlink(missing_ok=True)
    return deleted


def app_version() -> str:
    """`git describe` of the code, when it is a git checkout; else "unknown". The checkout belongs to root and the
    site's user runs the backup (docs/deploy.md), which git refuses as "dubious ownership" unless told the folder is
    safe: the walk's archives said "made by unknown" without it."""
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        found = subprocess.run(  # noqa: S603 - a fixed command
            [git, "-c", f"safe.directory={settings.BASE_DIR}", "describe", "--always", "--dirty", "--tags"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return "unknown"
    return found.stdout.strip() or "unknown"


def new_key(path: Path) -> str:
    """Write a new age secret key to `path` (readable by its owner only; `age-keygen` writes the same) and return
    its public key, the value of BACKUP_AGE_RECIPIENTS."""
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    created = timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds")
    with _private_file(Path(path)) as stream:
        stream.write(f"# created: {created}\n# public key: {public}\n{identity}\n".encode())
    return public


# --- Restoring ---------------------------------------------------------------------------------------------------


def restore(
    archive: Path,
    *,
    media_root: Path,
    alias: str = "default",
    identity_file: str | Path | None = None,
    force: bool = False,
    say: Say = print,
) -> Restored:
    """Put the instance back as `archive` holds it: the database `alias` and the files under `media_root`.

    Before anything is touched: the archive's checksum, its decryption, every file's size and SHA-256, the
    database engine, the migrations (an archive from a newer schema is refused) and the target's emptiness
    (refused when the database holds data or MEDIA_ROOT holds files, unless `force`). Then the database is
    replaced and the files moved into place; a forced restore moves the files that were there aside."""
    archive, media_root = Path(archive).resolve(), Path(media_root).resolve()
    connection = connections[alias]
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=RESTORE_WORK, dir=media_root))
    try:
        content = staging / "content"
        manifest = _unpack(archive, content, identity_file=identity_file, say=say)
        engine = _engine(connection)
        if manifest["database"]["engine"] != engine:
            raise BackupError(
                f"The archive holds a {manifest['database']['engine']} database; this instance uses {engine}."
            )
        check_migrations(manifest)
        name = str(connection.settings_dict["NAME"])
        if engine == "sqlite" and not name.startswith("file:") and name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)  # a new server's data folder
        state = database_state(connection)
        present = _any_file(media_root)
        if (state.data or present) and not force:
            found = []
            if state.data:
                tables = sorted(state.data.items(), key=lambda item: -item[1])
                more = ", …" if len(tables) > 5 else ""
                found.append(f"the database holds data ({', '.join(f'{t}: {n} rows' for t, n in tables[:5])}{more})")
            if present:
                found.append(f"MEDIA_ROOT ({media_root}) holds files")
            raise BackupError(
                f"A restore goes into an empty instance only, and {' and '.join(found)}. Nothing was changed; "
                "to replace them, run again with --force."
            )
        say(f"Target database: {'holds data, replaced (--force)' if state.data else 'empty'}.")
        # From here on the instance changes.
        _load(connection, content / manifest["database"]["file"], had_tables=state.tables > 0)
        say("Database restored.")
        moved = None
        if present:
            moved = media_root / f"{KEPT_ASIDE}{timezone.now():%Y%m%dT%H%M%S}"
            moved.mkdir()
            for entry in sorted(media_root.iterdir()):
                if not entry.name.startswith("."):
                    shutil.move(entry, moved / entry.name)
            say(f"The files that were in MEDIA_ROOT are kept in {moved}.")
        for item in manifest["files"]:
            target = media_root / item["path"].removeprefix(f"{FILES}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(content / item["path"], target)
        say(f"{len(manifest['files'])} files restored into {media_root}.")
        return Restored(manifest, len(manifest["files"]), bool(state.data), moved)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def verify(archive: Path, *, identity_file: str | Path | None = None, say: Say = print) -> dict[str, Any]:
    """Check an archive as a restore would, changing nothing: its checksum, its decryption, every file's checksum,
    and that this code knows its migrations. Returns its manifest."""
    staging = Path(tempfile.mkdtemp(prefix=".verify-", dir=Path(archive).resolve().parent))
    try:
        manifest = _unpack(Path(archive).resolve(), staging / "content", identity_file=identity_file, say=say)
        check_migrations(manifest)
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unpack(archive: Path, content: Path, *, identity_file: str | Path | None, say: Say) -> dict[str, Any]:
    """Check the archive's checksum, decrypt it, unpack it into `content` and check every file against the
    manifest; return the manifest."""
    if archive_time(archive) is None or not archive.is_file():
        raise BackupError(f"{archive} is not a Liên hiệp archive (lienhiep-<time>.tar or .tar.age).")
    sums = checksum_path(archive)
    if not sums.is_file():
        raise BackupError(f"{sums.name} is missing: copy it with the archive (it holds the archive's checksum).")
    if sha256_of(archive) != (sums.read_text().split() or [""])[0]:
        raise BackupError(f"{archive.name} does not match its checksum: it was changed or damaged. Nothing restored.")
    say(f"Checksum of {archive.name}: OK.")
    tar_path = archive
    if archive.name.endswith(".age"):
        tar_path = content.with_name("archive.tar")
        _decrypt(archive, tar_path, identity_file)
        say("Decrypted.")
    manifest = _extract_and_verify(tar_path, content)
    if tar_path != archive:
        tar_path.unlink()
    say(f"Every file's checksum: OK ({manifest['total_files']} files, {manifest['total_bytes']} bytes).")
    return manifest


def check_migrations(manifest: dict[str, Any]) -> list[str]:
    """Refuse an archive whose database had migrations this code does not know (a newer schema). Returns the
    code's migrations the archive lacks (applied after the restore)."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    applied = set(manifest["migrations"])
    newer = sorted(applied - known)
    if newer:
        raise BackupError(
            f"The archive comes from a newer version ({manifest['app_version']}): this code does not know its "
            f"migrations {', '.join(newer[:5])}{', …' if len(newer) > 5 else ''}. Restore it with that version "
            "or a later one. Nothing was changed."
        )
    return sorted(known - applied)


def database_state(connection: Any) -> DatabaseState:
    """How many tables the database has, and which hold data beyond what `migrate` writes (with their rows)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        state = DatabaseState(tables=len(tables))
        for table in tables:
            if table in SCHEMA_ROWS:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name
            rows = cursor.fetchone()[0]
            if rows:
                state.data[table] = rows
    return state


# --- Pieces ------------------------------------------------------------------------------------------------------


def _engine(connection: Any) -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups cover PostgreSQL and SQLite, not {connection.vendor}.")
    return str(connection.vendor)


def _recipient(key: str) -> Any:
    import pyrage

    try:
        return pyrage.x25519.Recipient.from_str(key.strip())
    except Exception as error:  # pyrage raises its own errors
        raise BackupError(f"BACKUP_AGE_RECIPIENTS: {key!r} is not an age public key (age1…).") from error


def _decrypt(archive: Path, out: Path, identity_file: str | Path | None) -> None:
    import pyrage

    if not identity_file:
        raise BackupError(
            f"{archive.name} is encrypted: give the secret key's file with --identity or BACKUP_AGE_IDENTITY_FILE."
        )
    try:
        lines = Path(identity_file).read_text().splitlines()
    except OSError as error:
        raise BackupError(f"The secret key's file cannot be read: {error}.") from error
    try:
        identities = [
            pyrage.x25519.Identity.from_str(line.strip()) for line in lines if line.strip().startswith("AGE-SECRET")
        ]
    except Exception as error:
        raise BackupError(f"{identity_file} holds no valid age secret key.") from error
    if not identities:
        raise BackupError(f"{identity_file} holds no age secret key (AGE-SECRET-KEY-1…).")
    try:
        pyrage.decrypt_file(str(archive), str(out), identities)
    except Exception as error:
        raise BackupError(f"{archive.name} cannot be decrypted with the key in {identity_file}.") from error


def _dump(connection: Any, out: Path) -> dict[str, Any]:
    """A consistent snapshot of the database into `out`; what the manifest says of it."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        version = connection.pg_version
        _run_pg(connection, "pg_dump", ["--format=custom", "--file", str(out)])
        return {"engine": "postgresql", "server_version": version}
    connection.ensure_connection()
    target = sqlite3.connect(out)
    try:
        # One step (pages=-1): the whole database as of one moment, even while others write to it (WAL).
        connection.connection.backup(target)
    finally:
        target.close()
    os.chmod(out, 0o600)
    return {"engine": "sqlite", "server_version": sqlite3.sqlite_version}


def _load(connection: Any, dump: Path, *, had_tables: bool) -> None:
    if connection.vendor == "postgresql":
        if had_tables:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
        connection.close()
        _run_pg(
            connection,
            "pg_restore",
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            + ["--dbname", str(connection.settings_dict["NAME"]), str(dump)],
        )
        return
    name = str(connection.settings_dict["NAME"])
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from PG_BIN_DIR if set, else the PATH, else the newest /usr/lib/postgresql/*/bin."""
    folder = getattr(settings, "PG_BIN_DIR", "")
    if folder:
        path = Path(folder) / name
        if not path.is_file():
            raise BackupError(f"{path} not found (PG_BIN_DIR).")
        return str(path)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
        reverse=True,
    )
    if candidates:
        return str(candidates[0])
    raise BackupError(f"{name} not found: install postgresql-client-15 (Debian) or set PG_BIN_DIR.")


def _run_pg(connection: Any, tool: str, arguments: list[str]) -> None:
    """Run pg_dump or pg_restore against `connection`'s database; the password goes through the environment, never
    on the command line."""
    options = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if options.get(key):
            env[variable] = str(options[key])
    env["PGDATABASE"] = str(options["NAME"])
    if options.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(options["OPTIONS"]["sslmode"])
    done = subprocess.run(  # noqa: S603 - our own arguments
        [pg_tool(tool), *arguments], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _walk(root: Path, *, own: bool = False) -> Iterator[Path]:
    """Every regular file under `root`, in a stable order (links are not followed), without the top-level entries
    whose name starts with a dot (the restore's own) unless `own`."""
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        if not own and Path(folder) == root:
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            names = [name for name in names if not name.startswith(".")]
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _any_file(root: Path) -> bool:
    return next(_walk(root), None) is not None


class _Hashing:
    """A file read once into the tar, hashed as it goes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, entry: str, path: Path) -> tuple[int, str]:
    with open(path, "rb") as stream:
        status = os.fstat(stream.fileno())
        info = tarfile.TarInfo(entry)
        info.size, info.mode, info.mtime = status.st_size, 0o600, int(status.st_mtime)
        reader = _Hashing(stream)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return status.st_size, reader.digest.hexdigest()


class _private_file:
    """A new file readable by its owner only (archives hold personal data)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> IO[bytes]:
        self.stream = os.fdopen(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


def _extract_and_verify(tar_path: Path, into: Path) -> dict[str, Any]:
    """Unpack the archive into `into` (regular files only, nothing outside it) and check it against its manifest:
    every file listed, present, of its size and SHA-256, and nothing else."""
    into.mkdir(mode=0o700)
    try:
        with tarfile.open(tar_path, mode="r:") as tar:
            members = tar.getmembers()
            for member in members:
                if not member.isfile():
                    raise BackupError(f"The archive holds {member.name!r}, which is not a file. Nothing restored.")
            tar.extractall(into, members=members, filter="data")
    except tarfile.TarError as error:
        raise BackupError(f"The archive cannot be read: {error}. Nothing restored.") from error
    try:
        manifest: dict[str, Any] = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError("The archive has no readable manifest.json. Nothing restored.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r} (this code reads {FORMAT}).")
    database = manifest["database"]
    expected = {database["file"]: (database["size"], database["sha256"])} | {
        item["path"]: (item["size"], item["sha256"]) for item in manifest["files"]
    }
    present = {path.relative_to(into).as_posix() for path in _walk(into, own=True)} - {MANIFEST}
    if present != set(expected):
        odd = sorted(present ^ set(expected))
        raise BackupError(f"The archive's files differ from its manifest ({', '.join(odd[:5])}). Nothing restored.")
    for name, (size, digest) in expected.items():
        path = into / name
        if path.stat().st_size != size or sha256_of(path) != digest:
            raise BackupError(f"{name} does not match its checksum in the manifest. Nothing restored.")
    if database["engine"] == "sqlite":
        check = sqlite3.connect(into / database["file"])
        try:
            result = check.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            check.close()
        if result != "ok":
            raise BackupError(f"The archived SQLite database fails its check ({result}). Nothing restored.")
    return manifest
