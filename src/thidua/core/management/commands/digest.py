from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Send the daily digest of notifications to the users who chose it (idempotent: what was sent is marked; "
            "`thidua serve` runs it each day at THIDUA_DIGEST_HOUR).")

    def handle(self, *args, **options):
        from thidua.core.notifications import send_digests

        self.stdout.write(f"Digests sent: {send_digests()}")
