import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_activity_status_role_and_reach"),
        ("orgs", "0010_event_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlausibilityLimits",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "gift_value",
                    models.DecimalField(
                        blank=True,
                        decimal_places=0,
                        max_digits=16,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value of one gift (đồng)",
                    ),
                ),
                (
                    "participants_per_class",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="participants in one class"),
                ),
                (
                    "money_per_recipient",
                    models.DecimalField(
                        blank=True,
                        decimal_places=0,
                        max_digits=16,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="money for one person helped (đồng)",
                    ),
                ),
            ],
            options={
                "verbose_name": "plausibility ceilings",
                "verbose_name_plural": "plausibility ceilings",
            },
        ),
        migrations.AddField(
            model_name="plausibilitylimits",
            name="org",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="plausibility_limits", to="orgs.org"
            ),
        ),
        migrations.AlterField(
            model_name="activityevent",
            name="target",
            field=models.CharField(
                choices=[
                    ("activity", "Activity"),
                    ("initiative", "Initiative"),
                    ("partner", "Partner"),
                    ("limits", "Plausibility ceilings"),
                ],
                max_length=20,
            ),
        ),
    ]
