from django.db import migrations, models


def forget_everything(apps, schema_editor):
    # Pieces stored under the old rule may reach today or beyond (decision 0006 stores only closed ones):
    # figures are only remembered, never lost, so the store starts empty.
    apps.get_model("orgs", "RememberedFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_remembered_figures"),
    ]

    operations = [
        migrations.RunPython(forget_everything, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="rememberedfigure",
            name="computed_on",
        ),
        migrations.AddIndex(
            model_name="rememberedfigure",
            index=models.Index(fields=["source", "first"], name="orgs_figure_forget_start"),
        ),
    ]
