"""The remembered months of activities gain charity by cause ("t") and legal advice by areas of law ("l"): the months
stored before do not have them, so they are forgotten and counted again by the next reader (decision 0006: a missing
piece is computed, never wrong)."""

from django.db import migrations


def forget(apps, schema_editor):
    for model in ("RememberedFigure", "NightlyFigure"):
        apps.get_model("orgs", model).objects.filter(source="activities").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_projects"),
        ("orgs", "0010_event_names"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
