"""The first catalog was seeded here; it is now seeded by 0004 with its legal regimes (issue 11), so this step does
nothing on a new database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = []
