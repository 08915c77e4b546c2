"""The whole import, as the office does it: upload, check (dry run), fix, import, undo."""

import datetime as dt

from django.urls import reverse

from lienhiep.members.models import ImportBatch, ImportRow, ImportStatus, Membership, Person
from lienhiep.members.tests import imports

D = dt.date
HEADER = "Họ và tên;Hội;Ngày vào hội;Ngày sinh;Số CCCD\n"
BAD = (
    HEADER
    + "Trần Thị Mai;Hội KH&KT Trung tâm Y tế;01/02/2024;31/02/1980;\n"
    + "Lê Văn Nam;Hội không có thật;01/02/2024;;\n"
    + ";Hội KH&KT Trung tâm Y tế;01/02/2024;;12345\n"
)
GOOD = (
    HEADER
    + "Trần Thị Mai;Hội KH&KT Trung tâm Y tế;01/02/2024;28/02/1980;\n"
    + "Lê Văn Nam;hoi kh&kt phuong trung luong;01/02/2024;;042090001111\n"
)


def upload(client, text, name="hoi-vien.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, text.encode())})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    from lienhiep.members import services

    return services.import_read(batch_id=ImportBatch.objects.latest("pk").pk)  # the background reading


def check(client, batch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        keys = ["full_name", "org", "joined_on", "birth_date", "id_number"]
        mapping = {f"col_{i}": key for i, key in enumerate(keys)}
        response = client.post(reverse("members:import_batch", args=[batch.pk]), mapping)
    assert response.status_code == 302
    batch.refresh_from_db()
    return batch


def test_bad_rows_are_listed_and_nothing_is_written(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    persons = Person.objects.count()
    batch = check(client, upload(client, BAD), django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.CHECKED
    assert batch.error_count >= 4
    page = client.get(reverse("members:import_batch", args=[batch.pk]))
    rows = {(e.row, e.column) for e in page.context["errors"]}
    assert {(2, "Ngày sinh"), (3, "Hội"), (4, "Họ và tên"), (4, "Số CCCD")} <= rows
    errors_file = client.get(reverse("members:import_errors", args=[batch.pk]))
    assert errors_file.status_code == 200
    assert b"".join(errors_file.streaming_content)[:2] == b"PK"
    assert client.post(reverse("members:import_run", args=[batch.pk])).status_code == 302
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.CHECKED  # refused: errors remain
    assert Person.objects.count() == persons


def test_a_fixed_file_is_imported_all_at_once_and_can_be_undone(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    persons, memberships = Person.objects.count(), Membership.objects.count()
    batch = check(client, upload(client, GOOD), django_capture_on_commit_callbacks)
    assert (batch.status, batch.error_count, batch.total_rows) == (ImportStatus.CHECKED, 0, 2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_run", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.created_persons) == (ImportStatus.DONE, 2)
    nam = Person.objects.get(full_name="Lê Văn Nam")
    assert nam.memberships.get().org == world.trung_luong
    assert Person.objects.count() == persons + 2
    client.post(reverse("members:import_undo", args=[batch.pk]))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.UNDONE
    assert (Person.objects.count(), Membership.objects.count()) == (persons, memberships)


def test_a_file_that_is_not_a_spreadsheet_is_refused(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.alice)
    response = client.post(
        reverse("members:import"), {"file": SimpleUploadedFile("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_uploads_are_stored_privately_under_generated_names(world, client_for, settings):
    from pathlib import Path

    client = client_for(world.alice)
    batch = upload(client, GOOD, name="../../etc/passwd.csv")
    assert batch.file_name == "passwd.csv"
    stored = Path(settings.MEDIA_ROOT) / batch.stored_file
    assert stored.exists() and "passwd" not in stored.name
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_imports_follow_their_transition_table(world):
    import pytest
    from django.core.exceptions import ValidationError

    from lienhiep.members import services
    from lienhiep.members.models import ImportEvent

    batch = services.import_upload(actor=world.alice, org=world.ha_tinh, file_name="a.csv", data=GOOD.encode())
    batch = services.import_read(batch_id=batch.pk)  # the background reading
    with pytest.raises(ValidationError) as error:
        services.import_request_apply(actor=world.alice, batch=batch)  # not checked yet
    assert error.value.code == "import_transition"
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.UPLOADED
    batch = imports.done(world, imports.checked(world, batch))
    services.import_undo(actor=world.alice, batch=batch)
    with pytest.raises(ValidationError):
        services.import_undo(actor=world.alice, batch=batch)
    moves = list(ImportEvent.objects.filter(batch=batch).order_by("id").values_list("before", "kind"))
    assert moves == [
        ("", "reading"), ("reading", "uploaded"), ("uploaded", "checking"), ("checking", "checked"),
        ("checked", "importing"), ("importing", "done"), ("done", "undone"),
    ]  # fmt: skip


def test_the_check_and_the_import_are_queued_by_the_services_once_they_commit(
    world, django_capture_on_commit_callbacks
):
    from lienhiep.members import services

    batch = services.import_upload(actor=world.alice, org=world.ha_tinh, file_name="a.csv", data=GOOD.encode())
    batch = services.import_read(batch_id=batch.pk)  # the background reading
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.import_request_check(
            actor=world.alice, batch=batch, mapping={0: "full_name", 1: "org", 2: "joined_on"}
        )
    batch.refresh_from_db()
    assert (len(queued), batch.status, batch.error_count) == (1, ImportStatus.CHECKED, 0)  # the task ran
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.import_request_apply(actor=world.alice, batch=batch)
    batch.refresh_from_db()
    assert (len(queued), batch.status, batch.created_persons) == (1, ImportStatus.DONE, 2)


def test_an_import_is_for_one_unit_and_the_units_under_it(world, client_for, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.alice)
    # Given a file for Trung Lương whose second row names Trung tâm Y tế (another association of Hồng Lĩnh)
    response = client.post(
        reverse("members:import"), {"org": world.trung_luong.pk, "file": SimpleUploadedFile("hv.csv", GOOD.encode())}
    )
    batch = ImportBatch.objects.get()
    assert (response.status_code, batch.org) == (302, world.trung_luong)
    from lienhiep.members import services

    batch = services.import_read(batch_id=batch.pk)  # the background reading
    batch = check(client, batch, django_capture_on_commit_callbacks)
    page = client.get(reverse("members:import_batch", args=[batch.pk]))
    # then the row of the other association is refused, and the one of Trung Lương is not
    assert [(e.row, e.column) for e in page.context["errors"]] == [(2, "Hội")]
    # and a unit outside the officer's tree answers as one that does not exist
    outside = {"org": world.lawyers_bn.pk, "file": SimpleUploadedFile("hv.csv", GOOD.encode())}
    assert client.post(reverse("members:import"), outside).status_code == 404
    assert ImportBatch.objects.count() == 1


CAPITALS = (
    HEADER
    + "TRẦN THỊ MAI;Hội KH&KT Trung tâm Y tế;01/02/2024;28/02/1980;\n"
    + "Lê Văn Nam;hoi kh&kt phuong trung luong;01/02/2024;;\n"
    + "đỗ văn út;Hội KH&KT Trung tâm Y tế;01/02/2024;;\n"
)


def test_names_typed_in_capitals_are_listed_by_the_check_and_written_in_proper_case_if_the_user_chooses(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    # Given a file with a name in capitals and one all small, the check lists both with their proper case
    batch = check(client, upload(client, CAPITALS), django_capture_on_commit_callbacks)
    assert (batch.status, batch.error_count, batch.name_suggestion_count) == (ImportStatus.CHECKED, 0, 2)
    assert batch.name_suggestions == [[2, "TRẦN THỊ MAI", "Trần Thị Mai"], [4, "đỗ văn út", "Đỗ Văn Út"]]
    page = client.get(reverse("members:import_batch", args=[batch.pk])).content.decode()
    assert 'data-testid="import-names"' in page and 'name="proper_case" value="1"' in page
    # when the import is run with the batch's one choice ticked, those names are written in proper case
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_run", args=[batch.pk]), {"proper_case": "1"})
    batch.refresh_from_db()
    assert (batch.status, batch.proper_case) == (ImportStatus.DONE, True)
    names = sorted(Person.objects.filter(memberships__batch=batch).values_list("full_name", flat=True))
    assert names == ["Lê Văn Nam", "Trần Thị Mai", "Đỗ Văn Út"]


def test_without_the_choice_names_are_imported_as_typed(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.alice)
    batch = check(client, upload(client, CAPITALS), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_run", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.proper_case) == (ImportStatus.DONE, False)
    names = sorted(Person.objects.filter(memberships__batch=batch).values_list("full_name", flat=True))
    assert names == ["Lê Văn Nam", "TRẦN THỊ MAI", "đỗ văn út"]


REPEATS = (
    "Họ và tên;Hội;Ngày vào hội;Ngày sinh;Số thẻ\n"
    + "NGUYỄN VĂN AN;Hội KH&KT phường Trung Lương;01/02/2024;17/05/1980;\n"  # world.person, in another association
    + "Nguyễn Văn An;Hội KH&KT Trung tâm Y tế;01/02/2024;17/05/1980;\n"  # world.person again, where he is a member
    + "Lê Văn Tư;Hội KH&KT Trung tâm Y tế;01/02/2024;;YT-1\n"
    + "Lê Văn Tư;Hội KH&KT Trung tâm Y tế;01/03/2024;;YT-1\n"  # the row above: same card
    + "Đỗ Thị Hằng;Hội KH&KT Trung tâm Y tế;01/02/2024;;YT-2\n"
)


def test_rows_that_repeat_a_member_are_resolved_row_by_row_before_the_import(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.alice)
    persons = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload(client, REPEATS)
    with django_capture_on_commit_callbacks(execute=True):
        keys = ["full_name", "org", "joined_on", "birth_date", "card_number"]
        client.post(reverse("members:import_batch", args=[batch.pk]), {f"col_{i}": k for i, k in enumerate(keys)})
    batch.refresh_from_db()
    assert (batch.status, batch.error_count) == (ImportStatus.CHECKED, 0)
    page = client.get(reverse("members:import_batch", args=[batch.pk]))
    repeats = [(r.row, r.reasons, r.persons, r.twin_row) for r in page.context["repeats"]]
    assert repeats == [
        (2, ["name_birth"], [world.person.pk], None),
        (3, ["name_birth"], [world.person.pk], 2),
        (5, ["card"], [], 4),
    ]
    # Not before every row has its answer
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_run", args=[batch.pk]))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.CHECKED
    client.post(reverse("members:import_resolve", args=[batch.pk]), {"row_2": world.person.pk, "row_3": "row"})
    assert page.context["undecided"] == 3
    assert [r.choice for r in ImportRow.objects.filter(batch=batch).order_by("row")] == ["same", "same", ""]
    # An answer not offered is refused and changes nothing
    client.post(reverse("members:import_resolve", args=[batch.pk]), {"row_5": str(world.person.pk)})
    assert ImportRow.objects.get(batch=batch, row=5).choice == ""
    client.post(reverse("members:import_resolve", args=[batch.pk]), {"row_5": "new"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_run", args=[batch.pk]))
    batch.refresh_from_db()
    # Rows 4, 5 and 6 are new persons; rows 2 and 3 are world.person: a membership in Trung Lương, none twice in Y tế.
    assert (batch.status, batch.created_persons) == (ImportStatus.DONE, 3)
    assert Person.objects.count() == persons + 3
    assert sorted(world.person.memberships.values_list("org", flat=True)) == sorted(
        [world.y_te.pk, world.trung_luong.pk]
    )
    assert Person.objects.filter(full_name="Lê Văn Tư").count() == 2
    # The undo takes back the membership added to the existing record too
    client.post(reverse("members:import_undo", args=[batch.pk]))
    assert list(world.person.memberships.values_list("org", flat=True)) == [world.y_te.pk]
    assert Person.objects.count() == persons


def test_a_row_with_a_citizen_id_held_elsewhere_is_only_unusable_and_the_attempt_logged(
    world, client_for, django_capture_on_commit_callbacks
):
    from lienhiep.members import services
    from lienhiep.members.models import ID_UNUSABLE, EventKind, PersonEvent

    elsewhere = services.person_create(actor=world.root, full_name="Đỗ Thị Hằng", id_number="027190005555")
    services.member_admit(actor=world.root, person=elsewhere, org=world.lawyers_bn, joined_on=D(2019, 1, 1))
    client = client_for(world.alice)
    batch = check(
        client,
        upload(client, HEADER + "Lê Văn Tư;Hội KH&KT Trung tâm Y tế;01/02/2024;;027190005555\n"),
        django_capture_on_commit_callbacks,
    )
    page = client.get(reverse("members:import_batch", args=[batch.pk]))
    assert [(e.row, e.reason) for e in page.context["errors"]] == [(2, str(ID_UNUSABLE))]
    assert "Đỗ Thị Hằng" not in page.content.decode()
    refused = PersonEvent.objects.get(kind=EventKind.ID_REFUSED)
    assert (refused.person, refused.actor, refused.data) == (elsewhere, world.alice, {"import": batch.pk, "rows": [2]})
