from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0022_import_name_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="name_folded",
            field=models.CharField(blank=True, default="", editable=False, max_length=150),
        ),
    ]
