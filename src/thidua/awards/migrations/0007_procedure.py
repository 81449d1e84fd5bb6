"""Routes, the council's vote thresholds and quorums, and the procedure's time limits on the installed regimes and
terms; each dossier's route from its nominees; decisions already recorded are issued ones."""

from django.db import migrations


def forwards(apps, schema_editor):
    from thidua.awards import catalog

    catalog.install_procedure(apps.get_model)
    Nomination = apps.get_model("awards", "Nomination")
    NominationItem = apps.get_model("awards", "NominationItem")
    order = ["unit", "chairman", "council", "centre"]
    routes = {}
    for item in NominationItem.objects.select_related("award_type"):
        route = catalog.ROUTES.get(item.award_type.code, "chairman")
        if route == "unit" and item.person_id is None and item.unit_id == item.nomination.unit_id:
            route = "chairman"
        current = routes.get(item.nomination_id)
        routes[item.nomination_id] = route if current is None else max(current, route, key=order.index)
    for nomination_id, route in routes.items():
        Nomination.objects.filter(pk=nomination_id).update(route=route)
    Decision = apps.get_model("awards", "Decision")
    for decision in Decision.objects.filter(year__isnull=True):
        decision.year = decision.signed_on.year if decision.signed_on else None
        decision.save(update_fields=["year"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_routes_councils_signatures"), ("evaluation", "0002_council_nominee_votes")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
