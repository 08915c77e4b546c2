from django.db import migrations, models


class Migration(migrations.Migration):
    """The event table takes the shape every event table shares (core.models.AuditEvent): `at` is named."""

    dependencies = [
        ("activities", "0002_list_and_calendar_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activityevent",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
        ),
    ]
