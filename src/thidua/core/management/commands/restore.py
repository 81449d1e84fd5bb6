"""``thidua restore ARCHIVE``: put back what ``thidua backup`` saved, then check every table's rows."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup made by `thidua backup` into the configured database and file storage. Stop the "
            "server and the workers first. Refuses a database in use unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `thidua backup`.")
        parser.add_argument("--force", action="store_true",
                            help="Overwrite a database that holds data (and restore a backup of a newer version).")

    def handle(self, *args, archive: Path, force=False, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file.")
        try:
            result = backup_restore(archive=archive, force=force,
                                    say=lambda line: print(line, file=sys.stderr, flush=True))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.mismatches:
            for table, (expected, got) in sorted(result.mismatches.items()):
                self.stderr.write(f"  {table}: {got} rows, the backup has {expected}")
            raise CommandError(f"Restored, but {len(result.mismatches)} tables differ from the backup's manifest.")
        self.stdout.write(self.style.SUCCESS(
            f"Restored {result.rows} rows in {result.tables} tables and {result.files} files; every table matches "
            "the backup."))
        self.stdout.write("Next: thidua migrate (if this version of the application is newer), then start the server.")
