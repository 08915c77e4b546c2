"""An honour's decision number folded as every search folds (`core.text.fold`), so that the honours list finds
"123/QĐ-LHH" typed "123/qd-lhh"; filled in for the honours already recorded."""

from django.db import migrations, models

from lienhiep.core.text import fold


def fill(apps, schema_editor):
    Honour = apps.get_model("awards", "Honour")
    batch = []
    for honour in Honour.objects.only("pk", "decision_number").iterator(chunk_size=2000):
        honour.decision_folded = fold(honour.decision_number)
        batch.append(honour)
        if len(batch) == 2000:
            Honour.objects.bulk_update(batch, ["decision_folded"])
            batch = []
    Honour.objects.bulk_update(batch, ["decision_folded"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_events_share_audit_base")]

    operations = [
        migrations.AddField(
            model_name="honour",
            name="decision_folded",
            field=models.CharField(blank=True, editable=False, max_length=60),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
