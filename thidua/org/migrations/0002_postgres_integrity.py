"""PostgreSQL-only integrity: the unaccent extension for search, and composite foreign keys that keep the
copies of (year, kind) on terms and memberships equal to their source, so "one cluster of each kind per
unit and year" holds in the database whatever writes the rows. SQLite gets Python stand-ins instead."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FORWARD = """
ALTER TABLE org_clusterterm
    ADD CONSTRAINT term_kind_matches_cluster FOREIGN KEY (cluster_id, kind)
    REFERENCES org_cluster (id, kind) ON UPDATE CASCADE;
ALTER TABLE org_clustermembership
    ADD CONSTRAINT membership_matches_term FOREIGN KEY (term_id, year, kind)
    REFERENCES org_clusterterm (id, year, kind) ON UPDATE CASCADE ON DELETE CASCADE;
"""

BACKWARD = """
ALTER TABLE org_clustermembership DROP CONSTRAINT IF EXISTS membership_matches_term;
ALTER TABLE org_clusterterm DROP CONSTRAINT IF EXISTS term_kind_matches_cluster;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(forward, backward),
    ]
