# An edition's events name the results decision's signature being saved (issue 10: every write leaves its event row).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0011_issued_document"),
    ]

    operations = [
        migrations.AlterField(
            model_name="editionevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("create", "Edition created"),
                    ("update", "Rules changed"),
                    ("copy", "Rules copied from the previous edition"),
                    ("move", "Status changed"),
                    ("round", "Round opened or closed"),
                    ("approval", "Board approval recorded"),
                    ("signature", "Results decision's signature changed"),
                    ("results", "Results decision issued"),
                ],
                max_length=20,
            ),
        ),
    ]
