# An entry's files move onto core.models.StoredFile: the two columns renamed (every row and its file kept), widened
# to the base's lengths, and the size without a default (every row was written with it).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0008_public_vote"),
    ]

    operations = [
        migrations.RenameField(model_name="entryfile", old_name="file_name", new_name="original_name"),
        migrations.RenameField(model_name="entryfile", old_name="stored_file", new_name="stored_name"),
        migrations.AlterField(
            model_name="entryfile",
            name="original_name",
            field=models.CharField(max_length=255, verbose_name="file"),
        ),
        migrations.AlterField(
            model_name="entryfile",
            name="stored_name",
            field=models.CharField(max_length=255),
        ),
        migrations.AlterField(
            model_name="entryfile",
            name="size",
            field=models.PositiveIntegerField(),
        ),
    ]
