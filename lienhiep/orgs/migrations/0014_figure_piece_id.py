"""A stored piece's id is drawn at random (`models.piece_id`), no longer taken from a sequence: readers keep what they
decoded of a piece by its id (`orgs.figures.remembered_each`), and on SQLite a rolled-back insert gives its number
again. SQLite changes the column by making the table again, with the triggers naming it set aside
(`core.schema.triggers_set_aside`)."""

from django.db import migrations, models

import lienhiep.orgs.models
from lienhiep.core.schema import triggers_set_aside


def _alter(apps, schema_editor, *, to_random: bool) -> None:  # type: ignore[no-untyped-def]
    model = apps.get_model("orgs", "RememberedFigure")
    sequential = models.BigAutoField(primary_key=True, serialize=False, auto_created=True, verbose_name="ID")
    drawn = models.BigIntegerField(primary_key=True, default=lienhiep.orgs.models.piece_id, editable=False,
                                   serialize=False)  # fmt: skip
    for field in (sequential, drawn):
        field.set_attributes_from_name("id")
        field.model = model
    old, new = (sequential, drawn) if to_random else (drawn, sequential)
    triggers_set_aside(schema_editor, model._meta.db_table, lambda: schema_editor.alter_field(model, old, new))


def forward(apps, schema_editor):
    _alter(apps, schema_editor, to_random=True)


def backward(apps, schema_editor):
    _alter(apps, schema_editor, to_random=False)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0013_figures_open_pieces")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="rememberedfigure",
                    name="id",
                    field=models.BigIntegerField(
                        default=lienhiep.orgs.models.piece_id, editable=False, primary_key=True, serialize=False
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
