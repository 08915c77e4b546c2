from django.db import migrations, models


class Migration(migrations.Migration):
    """The event table takes the shape every event table shares (core.models.AuditEvent): `at` is named."""

    dependencies = [
        ("finance", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="financeevent",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
        ),
    ]
