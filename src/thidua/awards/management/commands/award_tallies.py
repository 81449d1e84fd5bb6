from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = ("Recount the registry's tallies (awards by year, title and status; by unit, year and status) from the "
            "awards. With --check, only compare them and fail if any differs.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare only; exit 1 on any difference.")

    def handle(self, *args, check=False, **options):
        from thidua.awards import tallies

        if check:
            wrong = tallies.differences()
            for key in wrong[:20]:
                self.stdout.write(f"differs: {key}")
            if wrong:
                raise CommandError(f"{len(wrong)} award tallies differ from the awards.")
            self.stdout.write("The award tallies equal the awards.")
            return
        with transaction.atomic():
            by_type, by_unit = tallies.rebuild()
        self.stdout.write(f"Recounted {by_type} tallies by year and title, {by_unit} by unit and year.")
