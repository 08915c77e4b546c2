import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The event table takes the shape every event table shares (core.models.AuditEvent, orgs.models.HeldRecordEvent):
    `at` is named, and the node keeps no reverse accessor to it."""

    dependencies = [
        ("activities", "0002_list_and_calendar_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activityevent",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
        ),
        migrations.AlterField(
            model_name="activityevent",
            name="org",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.org"
            ),
        ),
    ]
