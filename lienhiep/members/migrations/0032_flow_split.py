"""The year's joiners and leavers are two figure sources ("members.joined", "members.left"), no longer one
("members.flow"): the figures stored under the old name are never read again, so they go."""

from django.db import migrations


def forget_flow(apps, schema_editor):
    for model in ("RememberedFigure", "NightlyFigure"):
        apps.get_model("orgs", model).objects.filter(source="members.flow").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0031_membership_shared"),
        ("orgs", "0013_figures_open_pieces"),
    ]

    operations = [migrations.RunPython(forget_flow, migrations.RunPython.noop)]
