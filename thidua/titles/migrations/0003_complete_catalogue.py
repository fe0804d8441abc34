"""Complete the catalogue with the forms of commendation DOMAIN's glossary names that were missing: Giấy khen and
Huân chương Lao động hạng Nhì, hạng Nhất for collectives, and a Huy chương (Huy chương Hữu nghị)."""

from django.db import migrations

from thidua.titles.defaults import ADDED_IN_0003, DEFAULT_TITLES


def load(apps, schema_editor):
    Title = apps.get_model("titles", "Title")
    for code, name, short, subject, category, level, chain, order in DEFAULT_TITLES:
        if code not in ADDED_IN_0003:
            continue
        Title.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "subject": subject,
                "category": category,
                "level": level,
                "chain": chain,
                "order_in_chain": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("titles", "0002_default_catalogue")]

    # Not removed on the way back: by then awards, registrations or decisions may name these titles (PROTECT),
    # and the catalogue is reference data the board edits.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
