"""A person's `phone_digits` becomes the phone's search key (`core.text.phone_key`): its digits without the country
code 84 or the trunk 0, the form a typed number is searched in. The statement below is that function in SQL (it
runs on SQLite and PostgreSQL alike, in one pass over the persons who have a phone): `phone_digits` already holds
every digit of the phone, so only the prefix is taken off."""

import re

from django.db import migrations

FORWARD = """
UPDATE members_person SET phone_digits = CASE
    WHEN ltrim(phone) LIKE '+%' AND phone_digits LIKE '00840%' THEN substr(phone_digits, 6)
    WHEN ltrim(phone) LIKE '+%' AND phone_digits LIKE '0084%' THEN substr(phone_digits, 5)
    WHEN ltrim(phone) LIKE '+%' AND phone_digits LIKE '00%' THEN substr(phone_digits, 3)
    WHEN ltrim(phone) LIKE '+%' AND phone_digits LIKE '840%' THEN substr(phone_digits, 4)
    WHEN ltrim(phone) LIKE '+%' AND phone_digits LIKE '84%' THEN substr(phone_digits, 3)
    WHEN ltrim(phone) LIKE '+%' THEN phone_digits
    WHEN phone_digits LIKE '00840%' THEN substr(phone_digits, 6)
    WHEN phone_digits LIKE '0084%' THEN substr(phone_digits, 5)
    WHEN phone_digits LIKE '00%' THEN substr(phone_digits, 3)
    WHEN phone_digits LIKE '840%' AND length(phone_digits) >= 11 THEN substr(phone_digits, 4)
    WHEN phone_digits LIKE '84%' AND length(phone_digits) >= 11 THEN substr(phone_digits, 3)
    WHEN phone_digits LIKE '0%' THEN substr(phone_digits, 2)
    ELSE phone_digits
END
WHERE phone_digits <> ''
"""


def forward(apps, schema_editor):
    schema_editor.execute(FORWARD, params=None)  # no placeholders: the LIKE patterns keep their %


def backward(apps, schema_editor):
    # Every digit of the phone again, as before.
    Person = apps.get_model("members", "Person")
    rows = Person.objects.exclude(phone="").only("pk", "phone")
    batch = []
    for person in rows.iterator(chunk_size=2000):
        person.phone_digits = re.sub(r"\D", "", person.phone)
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, ["phone_digits"])
            batch = []
    Person.objects.bulk_update(batch, ["phone_digits"])


class Migration(migrations.Migration):
    dependencies = [("members", "0018_import_rows_that_repeat")]
    operations = [migrations.RunPython(forward, backward)]
