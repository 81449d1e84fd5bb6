"""The text printed in a decision's list and on a certificate is the achievement line ("Đã có thành tích …"): rows
that held the nominee's name there (the old default) get the line from their achievement summary, as
``services.achievement_line`` writes it now; awards registered without a text keep none (the renderers print the
year's plain line)."""

from django.db import migrations


def _line(achievement: str, year: int) -> str:
    from thidua.core.text import fold

    text = " ".join((achievement or "").split()).rstrip(".;")
    folded = fold(text)
    for start in ("da co thanh tich", "da hoan thanh", "da dat", "co thanh tich", "hoan thanh", "dat thanh tich"):
        if folded.startswith(start):
            if not folded.startswith("da "):
                text = f"đã {text[:1].lower()}{text[1:]}"
            return (text[:1].upper() + text[1:])[:1000]
    return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}"


def forwards(apps, schema_editor):
    Item = apps.get_model("awards", "NominationItem")
    Award = apps.get_model("awards", "Award")
    lines = {}
    for item in Item.objects.select_related("person", "unit", "nomination").iterator():
        name = item.person.full_name if item.person_id else (item.unit.name if item.unit_id else "")
        if item.print_text.strip() == name.strip():
            item.print_text = _line(item.achievement, item.nomination.year)
            item.save(update_fields=["print_text"])
        lines[item.pk] = item.print_text
    for award in Award.objects.all().iterator():
        if award.print_text.strip() and award.print_text.strip() == award.recipient_name.strip():
            item_id = getattr(award, "nomination_item_id", None)
            award.print_text = lines.get(item_id, "") if item_id else ""
            award.save(update_fields=["print_text"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0008_documents_issue14")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
