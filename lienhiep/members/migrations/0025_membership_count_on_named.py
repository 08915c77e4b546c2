from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0024_membership_name_kept"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="membership",
            name="members_ms_count_on",
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["org", "joined_on", "left_on", "person", "name_folded"],
                name="members_ms_count_on",
            ),
        ),
    ]
