from django.db import migrations


def seed(apps, schema_editor):
    from thidua.awards.catalog import install

    install(apps.get_model("awards", "AwardType"), apps.get_model("awards", "EligibilityRule"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
