from django.db import migrations, models


class Migration(migrations.Migration):
    """The event tables take the shape every event table shares (core.models.AuditEvent): an import's event says
    the status it moved to in `kind` (it was `after`), and both tables name `at` and list the newest first."""

    dependencies = [
        ("members", "0008_drop_member_counts"),
    ]

    operations = [
        migrations.RenameField(model_name="importevent", old_name="after", new_name="kind"),
        migrations.AlterField(
            model_name="importevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("uploaded", "Uploaded"),
                    ("checking", "Checking"),
                    ("checked", "Checked"),
                    ("importing", "Importing"),
                    ("done", "Imported"),
                    ("failed", "Failed"),
                    ("undone", "Undone"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="importevent",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
        ),
        migrations.AlterModelOptions(name="importevent", options={"ordering": ["-at", "-id"]}),
        migrations.AlterField(
            model_name="personevent",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="recorded at"),
        ),
    ]
