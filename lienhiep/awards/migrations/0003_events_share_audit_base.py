import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The event table takes the shape every event table shares (core.models.AuditEvent, orgs.models.HeldRecordEvent):
    `at` is named, and the node keeps no reverse accessor to it."""

    dependencies = [
        ("awards", "0002_honour_scan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="awardevent",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
        ),
        migrations.AlterField(
            model_name="awardevent",
            name="org",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.org"),
        ),
    ]
