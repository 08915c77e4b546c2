# An opinion and a results decision are one kind of document (reporting.models.IssuedDocument): the same signature
# fields, with the same labels and defaults. No data changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0010_results_decision_number_one_to_one"),
    ]

    operations = [
        migrations.AlterField(
            model_name="resultsdecision",
            name="authority",
            field=models.CharField(
                blank=True, default="TM. BAN THƯỜNG VỤ", max_length=120, verbose_name="signing on behalf of"
            ),
        ),
        migrations.AlterField(
            model_name="resultsdecision",
            name="recipients",
            field=models.TextField(blank=True, help_text="One a line.", verbose_name="recipients (Nơi nhận)"),
        ),
        migrations.AlterField(
            model_name="resultsdecision",
            name="signer_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="signer's name"),
        ),
        migrations.AlterField(
            model_name="resultsdecision",
            name="signer_title",
            field=models.CharField(blank=True, default="CHỦ TỊCH", max_length=120, verbose_name="signer's title"),
        ),
    ]
