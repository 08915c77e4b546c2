"""Open pieces remembered for the day they were computed on (decision 0020): `on` and `upto`, and the unique
constraints split between closed and open rows.

SQLite remakes the table to change its constraints, and renaming the new table fails while the figure triggers
(`orgs.triggers`, on every table a source reads) name the old one: on SQLite they are dropped first and made again
at the end (as every `migrate` makes them again after the last migration). A new database has none yet."""

from django.db import migrations, models

PREFIX = "lh_fig_"
# How many triggers the first step dropped (none in a new database).
_dropped: list[int] = []


def drop_sqlite_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PREFIX + "%"])
        names = [name for (name,) in cursor.fetchall()]
        for name in names:
            cursor.execute(f'DROP TRIGGER "{name}"')
    _dropped.append(len(names))


def install_sqlite_triggers(apps, schema_editor):
    from lienhiep.orgs.triggers import install_triggers

    if _dropped and _dropped.pop():
        install_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0012_org_by_kind"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, install_sqlite_triggers),
        migrations.RemoveConstraint(
            model_name="rememberedfigure",
            name="orgs_figure_unique_piece",
        ),
        migrations.AddField(
            model_name="rememberedfigure",
            name="on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="rememberedfigure",
            name="upto",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="rememberedfigure",
            constraint=models.UniqueConstraint(
                condition=models.Q(("on__isnull", True)),
                fields=("org", "source", "first", "last"),
                name="orgs_figure_unique_piece",
            ),
        ),
        migrations.AddConstraint(
            model_name="rememberedfigure",
            constraint=models.UniqueConstraint(
                condition=models.Q(("on__isnull", False)),
                fields=("org", "source", "first", "upto", "on"),
                name="orgs_figure_unique_open_piece",
            ),
        ),
        migrations.AddConstraint(
            model_name="rememberedfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("on__isnull", True), ("upto__isnull", True)),
                    models.Q(("on__isnull", False), ("upto__isnull", False)),
                    _connector="OR",
                ),
                name="orgs_figure_open_piece_whole",
            ),
        ),
        migrations.RunPython(install_sqlite_triggers, drop_sqlite_triggers),
    ]
