"""Fill the year and name of the conferences created before 0002, from their term."""

from django.db import migrations


def fill_year_and_name(apps, schema_editor):
    """Conferences created before this migration are cluster conferences: their year and name come from the term."""
    Conference = apps.get_model("voting", "Conference")
    for conference in Conference.objects.select_related("term__cluster"):
        conference.year = conference.term.year
        conference.name = (
            f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {conference.term.year} của {conference.term.cluster.name}"
        )
        conference.save(update_fields=["year", "name"])


class Migration(migrations.Migration):
    dependencies = [("voting", "0002_council_paper_minutes")]

    operations = [migrations.RunPython(fill_year_and_name, migrations.RunPython.noop)]
