"""``thidua backup``: the database and the uploaded files in one archive with a manifest (thidua.core.backup)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup_create, default_output


class Command(BaseCommand):
    help = ("Back up the database (a consistent online copy of SQLite, or pg_dump of PostgreSQL) and the uploaded "
            "files into one .tar.gz archive with a manifest. Safe while the server runs.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, default=None,
                            help="Archive to write (default: var/backups/thidua-YYYYMMDD-HHMMSS.tar.gz).")

    def handle(self, *args, output=None, **options):
        output = output or default_output()
        try:
            manifest = backup_create(output=output, say=lambda line: print(line, file=sys.stderr, flush=True))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"{output}: {rows} rows in {len(manifest['tables'])} tables, "
                          f"{len(manifest['files']) - 1} uploaded files.")
