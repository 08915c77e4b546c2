"""A unit's member breakdown ("members.breakdown") names who of its persons has another membership, which a province
reads to find who counts in two of its units: the breakdowns stored before do not, so they go and are counted
again when first read. (The country's nightly ones are kept: the country is no unit of another.)"""

from django.db import migrations


def forget_breakdowns(apps, schema_editor):
    apps.get_model("orgs", "RememberedFigure").objects.filter(source="members.breakdown").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0032_flow_split"),
        ("orgs", "0013_figures_open_pieces"),
    ]

    operations = [migrations.RunPython(forget_breakdowns, migrations.RunPython.noop)]
