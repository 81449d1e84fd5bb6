"""Backups: one archive holding the database and the uploaded files, and a manifest to check a restore against.

The archive is a gzipped tar::

    manifest.json        what the archive holds (see ``backup_create``), written first
    database.sqlite3     SQLite: a consistent online copy (sqlite3's backup API, never a copy of the live file,
                         which loses the rows still in the write-ahead log and can catch a page mid-write)
    database.pgdump      PostgreSQL: ``pg_dump --format=custom`` of one snapshot
    media/<name>         every file of the default storage (MEDIA_ROOT, or the object storage's bucket)

Row counts in the manifest come from the same snapshot as the database copy, so a restore can be checked table by
table. Files are listed after the database snapshot: every file the copied rows name is in the archive (uploaded
files are never changed in place, only added).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

import thidua

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024

Say = Callable[[str], None]


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message tells the operator why."""


# ── the configured database ────────────────────────────────────────────────────────────────────────────────────


def engine_of(alias: str = "default") -> str:
    """``sqlite`` or ``postgresql`` (the two engines the project supports)."""
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sqlite_path(alias: str) -> Path:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def _postgres_args(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore from the DATABASES setting, and the environment carrying the
    password (never on the command line, where ``ps`` shows it)."""
    db = connections[alias].settings_dict
    args = ["--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _postgres_connect(alias: str):
    import psycopg

    db = connections[alias].settings_dict
    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
              "host": db.get("HOST") or None, "port": db.get("PORT") or None,
              "sslmode": (db.get("OPTIONS") or {}).get("sslmode")}
    return psycopg.connect(**{k: v for k, v in params.items() if v not in (None, "")})


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _quote(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def _count_rows(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _latest_migrations(rows) -> dict[str, str]:
    """The last applied migration of each app, from ``(app, name)`` rows in the order they were applied."""
    latest: dict[str, str] = {}
    for app, name in rows:
        latest[app] = name
    return dict(sorted(latest.items()))


@dataclass
class _Snapshot:
    member: str
    tables: dict[str, int]
    migrations: dict[str, str]
    server_version: str = ""


def _sqlite_snapshot(alias: str, target: Path) -> _Snapshot:
    """Copy the live database with SQLite's backup API in one step: the copy is one consistent state, whatever
    other processes write meanwhile (in WAL mode they go on writing; the copy reads one snapshot)."""
    source_path = _sqlite_path(alias)
    if not source_path.exists():
        raise BackupError(f"The database file {source_path} does not exist.")
    timeout = float((connections[alias].settings_dict.get("OPTIONS") or {}).get("timeout", 60))
    source = sqlite3.connect(source_path, timeout=timeout)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: the whole database under one read transaction
    finally:
        source.close()
    try:
        # The archived file stands alone (no -wal beside it); the server turns WAL on again when it opens it.
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The copy of the database failed SQLite's integrity check.")
        tables = [row[0] for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = _count_rows(copy.cursor(), tables)
        migrations = _latest_migrations(copy.execute("SELECT app, name FROM django_migrations ORDER BY id")) \
            if "django_migrations" in tables else {}
        version = copy.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        copy.close()
    return _Snapshot(SQLITE_MEMBER, counts, migrations, f"SQLite {version}")


def _postgres_snapshot(alias: str, target: Path) -> _Snapshot:
    """pg_dump of one exported snapshot; the row counts are read in that same snapshot."""
    pg_dump = _tool("pg_dump")
    args, env = _postgres_args(alias)
    db = connections[alias].settings_dict
    with _postgres_connect(alias) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        counts = _count_rows(conn.cursor(), tables)
        migrations = _latest_migrations(conn.execute("SELECT app, name FROM django_migrations ORDER BY id")) \
            if "django_migrations" in tables else {}
        version = conn.execute("SHOW server_version").fetchone()[0]
        # The exporting transaction stays open while pg_dump reads the snapshot.
        done = subprocess.run(
            [pg_dump, *args, "--format=custom", "--no-owner", "--snapshot", snapshot, "--file", str(target),
             "--dbname", str(db["NAME"])],
            env=env, capture_output=True, text=True, check=False,
        )
        conn.rollback()
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return _Snapshot(POSTGRES_MEMBER, counts, migrations, f"PostgreSQL {version}")


# ── files of the default storage ───────────────────────────────────────────────────────────────────────────────


def storage_files(storage=None, directory: str = "") -> Iterator[str]:
    """Every file name in ``storage`` (default storage), through the storage API so it works for the file system
    and for object storage alike; a missing MEDIA_ROOT is an empty storage."""
    storage = storage or default_storage
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        yield from storage_files(storage, f"{directory}/{sub}" if directory else sub)


def _copy_hashed(source, target: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _hash_file(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return path.stat().st_size, digest.hexdigest()


def stage_media(into: Path) -> tuple[list[dict], list[tuple[str, Path]]]:
    """Copy every file of the default storage into ``into`` (numbered, names may be anything the storage holds):
    the manifest entries and ``(archive name, staged copy)`` pairs."""
    into.mkdir(parents=True, exist_ok=True)
    files, staged = [], []
    for number, name in enumerate(storage_files()):
        target = into / str(number)
        with default_storage.open(name, "rb") as source:
            size, sha256 = _copy_hashed(source, target)
        files.append({"name": MEDIA_PREFIX + name, "size": size, "sha256": sha256})
        staged.append((MEDIA_PREFIX + name, target))
    return files, staged


def restore_media(members: dict[str, Path]) -> int:
    """Write the archive's ``media/…`` members into the default storage under their names; returns how many."""
    count = 0
    for name, path in members.items():
        if name.startswith(MEDIA_PREFIX):
            _storage_put(name[len(MEDIA_PREFIX):], path)
            count += 1
    return count


# ── backup ─────────────────────────────────────────────────────────────────────────────────────────────────────


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"thidua-{stamp}.tar.gz"


def backup_create(*, output: Path, alias: str = "default", say: Say = lambda _: None) -> dict:
    """Write one archive with the database and the uploaded files to ``output``; return its manifest.

    The manifest holds: the format, when and by which version of the application it was made, the database engine
    and server version, the last applied migration per app, the rows of every table, and every file with its size
    and SHA-256. The archive is written beside ``output`` and renamed when complete, so a half-written backup never
    carries the final name.
    """
    engine = engine_of(alias)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thidua-backup-", dir=output.parent) as staging:
        staging = Path(staging)
        say(f"Copying the {engine} database…")
        snapshot = (_sqlite_snapshot if engine == "sqlite" else _postgres_snapshot)(alias, staging / "database")
        size, sha256 = _hash_file(staging / "database")
        files = [{"name": snapshot.member, "size": size, "sha256": sha256}]
        say(f"  {sum(snapshot.tables.values())} rows in {len(snapshot.tables)} tables, {size} bytes")

        say("Copying the uploaded files…")
        media_files, staged = stage_media(staging / "media")
        files += media_files
        say(f"  {len(staged)} files, {sum(f['size'] for f in media_files)} bytes")

        manifest = {
            "format": FORMAT,
            "application": "thidua",
            "version": thidua.__version__,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "database": {"engine": engine, "server": snapshot.server_version},
            "storage": f"{type(default_storage).__module__}.{type(default_storage).__qualname__}",
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "files": files,
        }
        partial = output.with_name(output.name + ".partial")
        say(f"Writing {output}…")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(staging / "database", arcname=snapshot.member, recursive=False)
            for name, path in staged:
                archive.add(path, arcname=name, recursive=False)
        os.replace(partial, output)
    say(f"Backup written: {output} ({output.stat().st_size} bytes)")
    return manifest


# ── restore ────────────────────────────────────────────────────────────────────────────────────────────────────


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.load(tar.extractfile(member))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive} is not a thidua backup: {exc}") from exc
    if manifest.get("application") != "thidua" or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a thidua backup of format {FORMAT}.")
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _extract_checked(archive: Path, manifest: dict, into: Path, say: Say) -> dict[str, Path]:
    """Extract every member the manifest lists into ``into`` and check its size and SHA-256; anything missing,
    unlisted or different refuses the archive before anything is restored."""
    expected = {f["name"]: f for f in manifest["files"]}
    found: dict[str, Path] = {}
    with tarfile.open(archive, "r:gz") as tar:
        for number, member in enumerate(tar):
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile() or not _safe_name(member.name):
                raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
            target = into / str(number)
            size, sha256 = _copy_hashed(tar.extractfile(member), target)
            wanted = expected[member.name]
            if (size, sha256) != (wanted["size"], wanted["sha256"]):
                raise BackupError(f"Checksum mismatch for {member.name}: the archive is damaged.")
            found[member.name] = target
    missing = sorted(set(expected) - set(found))
    if missing:
        raise BackupError(f"The archive lacks {len(missing)} files of its manifest, first {missing[0]}.")
    say(f"  {len(found)} files match their checksums")
    return found


def database_rows(alias: str = "default") -> dict[str, int]:
    """Rows of every table of the configured database (the tables that exist)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        return _count_rows(cursor, connection.introspection.table_names(cursor))


def database_holds_data(alias: str = "default") -> str:
    """Why the configured database counts as in use ("3 users, 40 units"), or "" when it holds none: a migrated but
    unused database (migrations write their catalogs) may be restored into without --force."""
    connection = connections[alias]
    if connection.vendor == "sqlite" and not _sqlite_path(alias).exists():
        return ""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        found = []
        for table, label in (("accounts_user", "users"), ("org_unit", "units")):
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
                count = cursor.fetchone()[0]
                if count:
                    found.append(f"{count} {label}")
    return ", ".join(found)


def _unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the archive's database has applied that this version of the code does not have."""
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    known_apps = {app for app, _ in known}
    return [f"{app}.{name}" for app, name in manifest.get("migrations", {}).items()
            if app in known_apps and (app, name) not in known]


@dataclass
class RestoreResult:
    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)


def backup_restore(*, archive: Path, force: bool = False, alias: str = "default",
                   say: Say = lambda _: None) -> RestoreResult:
    """Restore the database and the files of ``archive`` into the configured database and default storage.

    Refused, before anything is changed: an archive that is not a thidua backup, made on another database engine,
    with a file whose checksum differs, or made by a newer version of the code (unknown migrations); a database
    already in use unless ``force``. SQLite: the database file is replaced by a rename, so stop the server and
    workers first (a process holding the old file open would go on writing to it). PostgreSQL: pg_restore
    --clean --if-exists --no-owner in one transaction. Then the rows of every table are compared with the manifest.
    """
    archive = Path(archive)
    manifest = read_manifest(archive)
    engine = engine_of(alias)
    say(f"Backup of {manifest['created_at']} (thidua {manifest['version']}, {manifest['database']['engine']}, "
        f"{len(manifest['files']) - 1} uploaded files)")
    if manifest["database"]["engine"] != engine:
        raise BackupError(f"This backup holds a {manifest['database']['engine']} database; the configured database "
                          f"is {engine}.")
    unknown = _unknown_migrations(manifest)
    if unknown and not force:
        raise BackupError(f"The backup was made by a newer version (migrations {', '.join(unknown)} are unknown "
                          "here): upgrade the application first, or use --force.")
    in_use = database_holds_data(alias)
    if in_use and not force:
        raise BackupError(f"The configured database is not empty ({in_use}): use --force to overwrite it.")

    parent = _sqlite_path(alias).parent if engine == "sqlite" else None
    if parent:
        parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thidua-restore-", dir=parent) as staging:
        staging = Path(staging)
        say("Checking the archive…")
        members = _extract_checked(archive, manifest, staging, say)
        member = SQLITE_MEMBER if engine == "sqlite" else POSTGRES_MEMBER
        if member not in members:
            raise BackupError(f"The archive holds no {member}.")
        say("Restoring the database…")
        connections[alias].close()
        if engine == "sqlite":
            _sqlite_replace(alias, members[member])
        else:
            _postgres_restore(alias, members[member])
        say("Restoring the uploaded files…")
        files = restore_media(members)
    say("Checking the restored rows…")
    result = RestoreResult(files=files)
    actual = database_rows(alias)
    for table, rows in manifest["tables"].items():
        got = actual.get(table, -1)
        if got != rows:
            result.mismatches[table] = (rows, got)
    result.tables, result.rows = len(manifest["tables"]), sum(manifest["tables"].values())
    return result


def _sqlite_replace(alias: str, restored: Path) -> None:
    """Put the restored file in place of the configured one by a rename (atomic on one file system); the old
    write-ahead log and shared-memory files go first, or SQLite would replay the old log onto the new file."""
    target = _sqlite_path(alias)
    check = sqlite3.connect(restored)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database in the archive fails SQLite's integrity check.")
    finally:
        check.close()
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{target}{suffix}")
    os.replace(restored, target)  # the staging folder is beside the target: one file system


def _postgres_restore(alias: str, dump: Path) -> None:
    pg_restore = _tool("pg_restore")
    args, env = _postgres_args(alias)
    db = connections[alias].settings_dict
    done = subprocess.run(
        [pg_restore, *args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", "--dbname", str(db["NAME"]), str(dump)],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def _storage_put(name: str, path: Path) -> None:
    """Write one file under exactly ``name`` (a file of that name is replaced, never renamed aside)."""
    if not _safe_name(name):
        raise BackupError(f"Refusing the file name {name!r}.")
    if default_storage.exists(name):
        default_storage.delete(name)
    with open(path, "rb") as handle:
        saved = default_storage.save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(f"The storage saved {name} as {saved}.")

