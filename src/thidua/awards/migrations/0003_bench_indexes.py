"""The registry's order (newest year first, then newest id) as an index, found by the benchmark (issue 6).

``selectors.award_search`` orders by ``-year, -id`` and the API and the registry page read its first page. Without
an index in that order, a lookup by year sorts the whole year (province: ≈ 57,000 awards) and a name search sorts
every match; with it, both engines walk the index backwards and stop after one page. Mirror it in
``Award.Meta.indexes`` as ``models.Index(fields=["year", "id"], name="award_registry_order")``.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_catalog"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="award",
            index=models.Index(fields=["year", "id"], name="award_registry_order"),
        ),
    ]
