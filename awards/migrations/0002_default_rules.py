"""Ship the default rules and quotas of DOMAIN.md's title chains (awards.defaults), two versions each: under the
2003 Law (2013–2023) and under Law 06/2022/QH15 (from 2024). Safe to run again (what exists is kept); the way back
deletes the default versions it created."""

from django.db import migrations

from awards.defaults import load_defaults, unload_defaults


def load(apps, schema_editor):
    load_defaults(
        Title=apps.get_model("titles", "Title"),
        Rule=apps.get_model("awards", "Rule"),
        Condition=apps.get_model("awards", "Condition"),
        Quota=apps.get_model("awards", "Quota"),
    )


def unload(apps, schema_editor):
    unload_defaults(
        Title=apps.get_model("titles", "Title"),
        Rule=apps.get_model("awards", "Rule"),
        Quota=apps.get_model("awards", "Quota"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("titles", "0003_complete_catalogue"),
    ]

    operations = [migrations.RunPython(load, unload)]
