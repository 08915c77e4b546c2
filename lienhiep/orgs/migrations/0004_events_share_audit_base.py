from django.db import migrations


class Migration(migrations.Migration):
    """OrgEvent takes the shape every event table shares (core.models.AuditEvent): `created_at` becomes `at`."""

    dependencies = [
        ("orgs", "0003_figures_closed_pieces"),
    ]

    operations = [
        migrations.RenameField(model_name="orgevent", old_name="created_at", new_name="at"),
    ]
