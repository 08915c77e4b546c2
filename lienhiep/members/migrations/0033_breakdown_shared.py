"""A unit's member breakdown ("members.breakdown") and its count of persons ("members.persons") name who of its
persons has another membership, which a province reads to find who counts in two of its units: the figures stored
before do not, so they go and are counted again when first read. (The country's nightly ones are kept: the country
is no unit of another.) The count's part was a migration of its own (0034) for a few hours of 29/11/2026, on no
database but the team's own."""

from django.db import migrations


def forget(apps, schema_editor):
    sources = ["members.breakdown", "members.persons"]
    apps.get_model("orgs", "RememberedFigure").objects.filter(source__in=sources).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0032_flow_split"),
        ("orgs", "0013_figures_open_pieces"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
