from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = ("Rebuild the progress month rollups (per content area and month) from the values, for one campaign or "
            "all. With --check, only compare them and fail if any differs.")

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="Only this campaign's id.")
        parser.add_argument("--check", action="store_true", help="Compare only; exit 1 on any difference.")

    def handle(self, *args, campaign=None, check=False, **options):
        from thidua.indicators import rollups

        if check:
            wrong = rollups.differences(campaign_id=campaign)
            for key in wrong[:20]:
                self.stdout.write(f"differs: content area {key[0]}, {key[1]:%m/%Y}")
            if wrong:
                raise CommandError(f"{len(wrong)} month rollups differ from their values.")
            self.stdout.write("The month rollups equal their values.")
            return
        with transaction.atomic():
            count = rollups.rebuild(campaign_id=campaign)
        self.stdout.write(f"Rebuilt {count} month rollups.")
