from django.db import migrations


class Migration(migrations.Migration):
    """Joins main's nightly figures (0007_nightly_figures) and issue 12's place name and abbreviation."""

    dependencies = [
        ("orgs", "0007_nightly_figures"),
        ("orgs", "0007_org_place_name_and_abbreviation"),
    ]

    operations = []
