"""A unit's count of persons ("members.persons") names who of its persons has another membership, which a province
adds its units' counts up by: the counts stored before do not, so they go and are counted again when first read.
(The country's nightly ones are kept: the country is no unit of another.)"""

from django.db import migrations


def forget_counts(apps, schema_editor):
    apps.get_model("orgs", "RememberedFigure").objects.filter(source="members.persons").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0033_breakdown_shared"),
        ("orgs", "0013_figures_open_pieces"),
    ]

    operations = [migrations.RunPython(forget_counts, migrations.RunPython.noop)]
