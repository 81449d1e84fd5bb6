"""``thidua backup`` → ``thidua restore`` gives back every row and every uploaded file, on the engine the suite runs
on: a SQLite file, or (the suite's PostgreSQL run) databases of their own on the same server, dropped at the end.

The commands run in subprocesses, as an operator runs them, against a database migrated and filled by
``thidua migrate`` and ``thidua demo``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
UPLOADED = "submissions/7/tài-liệu-ảnh.bin"
UPLOADED_BYTES = bytes(range(256)) * 40 + "Kế hoạch số 125/KH-UBND".encode()


@dataclass
class Site:
    """One installation: a database and a folder for var/ (media under it)."""

    url: str
    var: Path

    @property
    def media(self) -> Path:
        return self.var / "media"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "THIDUA_STORAGE")}
        env.update(DATABASE_URL=self.url, THIDUA_VAR_DIR=str(self.var), DJANGO_SETTINGS_MODULE="thidua.config.settings")
        return env

    def thidua(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "django", *args], env=self.env(), capture_output=True, text=True,
                              timeout=600, check=False)
        if check:
            assert done.returncode == 0, f"thidua {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done

    def connect(self):
        if POSTGRES:
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        return sqlite3.connect(urlsplit(self.url).path, timeout=60, isolation_level=None)

    def rows(self) -> dict[str, int]:
        """Rows of every table, read straight from the database (not through the code under test)."""
        conn = self.connect()
        try:
            if POSTGRES:
                tables = [r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()]
            else:
                tables = [r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
        finally:
            conn.close()

    def files(self) -> dict[str, bytes]:
        root = self.media
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()} \
            if root.exists() else {}


def _server_url(dbname: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{dbname}"))


def _postgres_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def new_site(tmp_path_factory):
    """``new_site(name)`` → an empty installation (no database yet on SQLite, an empty database on PostgreSQL)."""
    created: list[str] = []

    def make(name: str) -> Site:
        var = tmp_path_factory.mktemp(name)
        if not POSTGRES:
            return Site(f"sqlite:///{var / 'thidua.sqlite3'}", var)
        dbname = f"thidua_backup_{os.getpid()}_{name}"
        _postgres_admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        _postgres_admin(f'CREATE DATABASE "{dbname}"')
        created.append(dbname)
        return Site(_server_url(dbname), var)

    yield make
    for dbname in created:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(scope="module")
def source(new_site) -> Site:
    """The demo province, migrated and loaded by the commands, with one more uploaded file."""
    site = new_site("source")
    site.thidua("migrate", "--noinput", "-v", "0")
    site.thidua("demo")
    upload = site.media / UPLOADED
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(UPLOADED_BYTES)
    return site


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_backup_then_restore_into_an_empty_installation_gives_back_every_row_and_file(source, new_site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    done = source.thidua("backup", "--output", str(archive))
    assert "Backup written" in done.stderr
    target = new_site("restored")
    restored = target.thidua("restore", str(archive))
    assert "every table matches the backup" in restored.stdout

    before, after = source.rows(), target.rows()
    assert after == before
    assert before["org_unit"] > 50 and before["accounts_user"] == 9  # seven demo logins and the live year's two
    assert target.files() == source.files()
    assert target.files()[UPLOADED] == UPLOADED_BYTES
    # The two council minutes the demo stores, the live year's two launch documents, and the file added here.
    assert len(target.files()) == 5


def test_manifest_lists_the_database_the_files_and_the_state(source, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    source.thidua("backup", "--output", str(archive))
    manifest = _manifest(archive)
    assert manifest["database"]["engine"] == ("postgresql" if POSTGRES else "sqlite")
    assert manifest["tables"] == source.rows()
    assert manifest["migrations"]["accounts"].startswith("00")
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.name != "manifest.json"}
    listed = {f["name"]: (f["size"], f["sha256"]) for f in manifest["files"]}
    assert listed == {name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in members.items()}
    assert members["media/" + UPLOADED] == UPLOADED_BYTES
    assert ("database.pgdump" if POSTGRES else "database.sqlite3") in members


def test_restore_refuses_a_database_in_use_without_force(source, new_site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    source.thidua("backup", "--output", str(archive))
    target = new_site("in_use")
    target.thidua("restore", str(archive))
    refused = target.thidua("restore", str(archive), check=False)
    assert refused.returncode == 1
    assert "is not empty (9 users" in refused.stderr
    forced = target.thidua("restore", "--force", str(archive))
    assert "every table matches the backup" in forced.stdout
    assert target.rows() == source.rows()


def test_restore_refuses_an_archive_whose_file_does_not_match_its_checksum(source, new_site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    source.thidua("backup", "--output", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as tar, tarfile.open(damaged, "w:gz") as out:
        for member in tar:
            data = tar.extractfile(member).read()
            if member.name == "media/" + UPLOADED:
                data = data[:-1] + b"X"  # same size, one byte changed
            out.addfile(member, io.BytesIO(data))
    target = new_site("damaged")
    refused = target.thidua("restore", str(damaged), check=False)
    assert refused.returncode == 1
    assert f"Checksum mismatch for media/{UPLOADED}" in refused.stderr
    assert target.files() == {}
    assert target.rows().get("accounts_user", 0) == 0  # nothing restored


class _Writer(threading.Thread):
    """Inserts sessions one transaction at a time until stopped, as a busy server would."""

    def __init__(self, site: Site):
        super().__init__(daemon=True)
        self.site, self.stop, self.written, self.error = site, threading.Event(), 0, None

    def run(self):
        conn = self.site.connect()
        try:
            while not self.stop.is_set():
                conn.execute("INSERT INTO django_session (session_key, session_data, expire_date) "
                             + ("VALUES (%s, %s, now())" if POSTGRES else "VALUES (?, ?, datetime('now'))"),
                             (uuid.uuid4().hex, "x"))
                self.written += 1
        except Exception as exc:  # reported by the test
            self.error = exc
        finally:
            conn.close()


def test_backup_taken_while_another_process_writes_is_one_consistent_state(source, new_site, tmp_path):
    archive = tmp_path / "busy.tar.gz"
    sessions_before = source.rows()["django_session"]
    writer = _Writer(source)
    writer.start()
    try:
        while writer.written < 50 and writer.error is None and writer.is_alive():
            threading.Event().wait(0.01)
        source.thidua("backup", "--output", str(archive))
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.error is None
    sessions_after = source.rows()["django_session"]
    manifest = _manifest(archive)
    # The snapshot caught the writer mid-way: some of its rows, not all.
    assert sessions_before < manifest["tables"]["django_session"] < sessions_after

    target = new_site("busy")
    restored = target.thidua("restore", str(archive))
    assert "every table matches the backup" in restored.stdout
    assert target.rows() == manifest["tables"]
