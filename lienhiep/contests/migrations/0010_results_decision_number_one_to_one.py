# A results decision's register number is its own, as an opinion's is: the database refuses a second document with
# the same number (every decision issued so far took a fresh one from the register).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0009_entryfile_stored_file_columns"),
        ("reporting", "0010_rendering_heartbeat"),
    ]

    operations = [
        migrations.AlterField(
            model_name="resultsdecision",
            name="number",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reporting.documentnumber",
            ),
        ),
    ]
