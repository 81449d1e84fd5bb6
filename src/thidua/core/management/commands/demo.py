from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.demo import data
from thidua.demo.live import LIVE_CLERKS
from thidua.demo.loader import demo_loaded, load_demo, remove_demo_users


class Command(BaseCommand):
    help = "Build the demo province from the seed plan (Bắc Giang 2021), or remove the demo users."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database holds any unit.")
        parser.add_argument("--remove", action="store_true",
                            help="Remove the demo logins (before going live); their recorded actions stay.")

    def handle(self, *args, if_empty=False, remove=False, **options):
        from thidua.org.models import Unit

        if remove:
            removed = remove_demo_users()
            self.stdout.write(f"Removed {removed['deleted'] + removed['anonymised']} demo users.")
            if removed["anonymised"]:
                self.stdout.write(f"  {removed['deleted']} deleted; {removed['anonymised']} kept as inactive accounts "
                                  "without name or password, because records point at them (votes, decisions, "
                                  "appraisals…).")
            self.stdout.write("The demo's units, campaigns and dossiers stay.")
            return
        if if_empty and Unit.objects.exists():
            self.stdout.write("Database is not empty: demo not loaded.")
        elif demo_loaded():
            raise CommandError("The demo is already loaded.")
        else:
            load_demo(say=lambda line: self.stdout.write(f"  {line}"), live_on=timezone.localdate())
            self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.print_logins()

    def print_logins(self):
        from thidua.accounts.models import User

        demo = set(User.objects.filter(is_demo=True).values_list("username", flat=True))
        if not demo:
            return
        self.stdout.write(f"Demo logins (password: {data.DEMO_PASSWORD}):")
        for username, _name, _role, _unit, purpose in data.DEMO_USERS:
            if username in demo:
                self.stdout.write(f"  {username:<10} {purpose}")
        for username, _name, unit_code, *_ in LIVE_CLERKS:
            if username in demo:
                self.stdout.write(f"  {username:<10} Cán bộ TĐKT {unit_code} (năm hiện tại: đã gửi văn bản phát động)")
