# An opinion and a results decision are one kind of document (reporting.models.IssuedDocument): the same signature
# fields, with the same labels and defaults. No data changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_dossier_requester_folded"),
    ]

    operations = [
        migrations.AlterField(
            model_name="opinion",
            name="authority",
            field=models.CharField(
                blank=True, default="TM. BAN THƯỜNG VỤ", max_length=120, verbose_name="signing on behalf of"
            ),
        ),
        migrations.AlterField(
            model_name="opinion",
            name="signer_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="signer's name"),
        ),
        migrations.AlterField(
            model_name="opinion",
            name="signer_title",
            field=models.CharField(blank=True, default="CHỦ TỊCH", max_length=120, verbose_name="signer's title"),
        ),
    ]
