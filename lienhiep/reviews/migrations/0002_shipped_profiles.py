"""The two regulation profiles every union starts from (issue 15): the provincial rules and the national ones. Days
allowed to leave each step; a union edits its own copy (services.profile_save), never these rows' meaning in code."""

from django.db import migrations

PROVINCIAL = {
    "received": 2,
    "checking": 5,
    "accepted": 5,
    "estimated": 5,
    "experts": 15,
    "opinions": 7,
    "drafting": 5,
    "review": 3,
    "sent": 30,
    "answered": 10,
    "declined": 10,
}
NATIONAL = {
    "received": 3,
    "checking": 7,
    "accepted": 7,
    "estimated": 7,
    "experts": 20,
    "opinions": 10,
    "drafting": 7,
    "review": 5,
    "sent": 45,
    "answered": 15,
    "declined": 15,
}


def ship(apps, schema_editor):
    profile = apps.get_model("reviews", "RegulationProfile")
    profile.objects.create(scope="provincial", name="Quy định cấp tỉnh (mặc định)", days=PROVINCIAL)
    profile.objects.create(scope="national", name="Quy định cấp trung ương (mặc định)", days=NATIONAL)


def unship(apps, schema_editor):
    apps.get_model("reviews", "RegulationProfile").objects.filter(org__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_dossiers")]

    operations = [migrations.RunPython(ship, unship)]
