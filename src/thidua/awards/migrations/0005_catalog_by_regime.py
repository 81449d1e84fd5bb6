"""The catalog by legal regime (issue 11), in a migration of its own: on PostgreSQL the previous one's indexes and
foreign keys are created when it ends, which rows written in the same transaction would block."""

from django.db import migrations


def seed(apps, schema_editor):
    """The first catalog's rules had no regime and cited the 2022 law for every year: they give way to the rules
    of each regime (the office's own additions, if any, were rules of the same shape and go with them)."""
    from thidua.awards.catalog import install

    apps.get_model("awards", "EligibilityRule").objects.filter(regime__isnull=True).delete()
    install(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_legal_regimes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
