from django.db import migrations


class Migration(migrations.Migration):
    """OrgEvent takes the shape every event table shares (core.models.AuditEvent): `created_at` becomes `at`."""

    dependencies = [
        ("orgs", "0002_remembered_figures"),
    ]

    operations = [
        migrations.RenameField(model_name="orgevent", old_name="created_at", new_name="at"),
    ]
