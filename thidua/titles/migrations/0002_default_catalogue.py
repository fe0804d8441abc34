"""Load the default catalogue; the board edits it in the admin afterwards."""

from django.db import migrations

from thidua.titles.defaults import DEFAULT_TITLES


def load(apps, schema_editor):
    Title = apps.get_model("titles", "Title")
    for code, name, short, subject, category, level, chain, order in DEFAULT_TITLES:
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
    dependencies = [("titles", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
