"""The audit trail stays as written: event rows are never changed or deleted (the model; on PostgreSQL a trigger,
whoever writes), except by erasure, which redacts the person's values inside them and says so; each row keeps the
client's address and browser; refusals are logged."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.core import events
from lienhiep.core.models import ImmutableEventError, RequestKind, RequestLog
from lienhiep.core.triggers import event_tables
from lienhiep.members import services as member_services
from lienhiep.members.models import PersonEvent
from lienhiep.orgs.models import OrgEvent
from tests import layers
from tests.erasure import erasure_data

pytestmark = pytest.mark.django_db


def test_an_event_row_is_never_saved_again_nor_deleted(world):
    event = OrgEvent.record(
        actor=world.alice, kind="rename", org=world.y_te, effective_on=dt.date(2026, 1, 1), data={"name": "x"}
    )
    event.data = {"name": "y"}
    with pytest.raises(ImmutableEventError):
        event.save()
    with pytest.raises(ImmutableEventError):
        event.delete()
    assert OrgEvent.objects.get(pk=event.pk).data == {"name": "x"}


def test_every_event_table_is_guarded(db):
    assert "members_personevent" in event_tables()
    assert "core_requestlog" in event_tables()
    # campaigns' CampaignEvent and SubmissionEvent, orgs' ObjectGrantEvent, experts' ExpertEvent and ExpertImportEvent,
    # reviews' DossierEvent and DraftEvent, contests' EditionEvent, EntryEvent and JuryEvent, awards' NominationEvent,
    # activities' ActivityImportEvent
    assert len(event_tables()) == 24


def test_a_plain_update_or_delete_of_an_event_row_fails_on_postgresql(world):
    event = PersonEvent.objects.filter(person=world.person).first()
    assert event is not None
    if connection.vendor != "postgresql":
        return  # SQLite has no trigger: the model's refusal above is the guard
    for sql in (
        "UPDATE members_personevent SET data = '{}' WHERE id = %s",
        "DELETE FROM members_personevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="event rows are never changed or deleted"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    with transaction.atomic():
        with events.rewriting("erasure"):
            assert PersonEvent.objects.filter(pk=event.pk).update(data={"redacted": True}) == 1
        # The permission ends with the block.
        with pytest.raises(DatabaseError), transaction.atomic():
            PersonEvent.objects.filter(pk=event.pk).update(data={})
    assert PersonEvent.objects.get(pk=event.pk).data == {"redacted": True}


def test_erasure_redacts_the_persons_values_inside_their_events_and_says_so(world):
    kinds = list(PersonEvent.objects.filter(person=world.person).order_by("id").values_list("kind", "data"))
    with_values = sum(1 for _kind, data in kinds if data)
    member_services.person_erase(actor=world.root, person=world.person)
    rows = list(PersonEvent.objects.filter(person=world.person).order_by("id").values_list("kind", "data"))
    assert len(rows) == len(kinds) + 1  # nothing deleted
    assert [data for _kind, data in rows[:-1]] == [{}] * len(kinds)
    # How many rows of each table that may carry a member's values it changed (core.redaction): theirs only here.
    assert rows[-1] == (
        "erase",
        erasure_data(redacted={"members.PersonEvent": with_values}),
    )


def test_an_event_written_in_a_request_keeps_the_clients_address_and_browser(world, client):
    login(client, world.alice)
    response = client.post(
        reverse("members:reveal_id", kwargs={"pk": world.person.pk}),
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/130",
    )
    assert response.status_code == 200
    event = PersonEvent.objects.filter(person=world.person, kind="reveal_id").get()
    assert (event.ip, event.user_agent) == ("203.0.113.7", "Mozilla/5.0 (Windows NT 10.0) Chrome/130")


def test_an_event_written_outside_a_request_has_no_client(world):
    event = OrgEvent.record(actor=None, kind="rename", org=world.y_te, effective_on=dt.date(2026, 1, 1))
    assert (event.ip, event.user_agent) == (None, "")


def test_a_refused_request_is_logged(world, client):
    login(client, world.lan)  # leader: reads only
    url = reverse("members:reveal_id", kwargs={"pk": world.person.pk})
    response = client.post(url, REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT="UA/1")
    assert response.status_code == 403
    log = RequestLog.objects.get()
    assert (log.kind, log.actor, log.path, log.ip, log.user_agent, log.data) == (
        RequestKind.FORBIDDEN,
        world.lan,
        url,
        "198.51.100.4",
        "UA/1",
        {"method": "POST", "view": "members:reveal_id"},
    )


def test_a_person_page_viewed_and_an_export_are_logged(world, client):
    login(client, world.alice)
    client.get(reverse("members:detail", kwargs={"pk": world.person.pk}), REMOTE_ADDR="203.0.113.9")
    response = client.get(reverse("members:export"), {"format": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)  # the rows are read, and the export logged, as they stream
    rows = list(RequestLog.objects.order_by("id").values_list("kind", "target", "target_id", "ip", "data"))
    assert rows == [
        (
            RequestKind.PERSON_VIEW,
            "person",
            world.person.pk,
            "203.0.113.9",
            {"method": "GET", "view": "members:detail"},
        ),
        (RequestKind.EXPORT, "", None, "127.0.0.1", {"method": "GET", "view": "members:export"}),
    ]


def test_logging_a_person_view_costs_one_insert(world, client):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    login(client, world.alice)
    url = reverse("members:detail", kwargs={"pk": world.person.pk})
    client.get(url)
    with CaptureQueriesContext(db) as with_log:
        client.get(url)
    logged = [q["sql"] for q in with_log.captured_queries if "core_requestlog" in q["sql"]]
    assert len(logged) == 1
    assert logged[0].startswith("INSERT")


def test_an_officer_filters_the_trail_of_their_subtree_by_user_and_exports_it(world, client):
    import io

    import openpyxl

    from lienhiep.orgs import audit
    from lienhiep.orgs import selectors as org_selectors

    login(client, world.alice)
    client.post(reverse("members:reveal_id", kwargs={"pk": world.person.pk}), REMOTE_ADDR="203.0.113.7")
    ids = org_selectors.subtree_ids(world.ha_tinh, on=org_selectors.today())
    mine = audit.trail(audit.Filters(org_ids=ids, actor_id=world.alice.pk))
    assert [(s.key, e.kind, e.ip, e.person_id) for s, e in mine] == [
        ("members.PersonEvent", "reveal_id", "203.0.113.7", world.person.pk)
    ]
    # Bắc Ninh's trail does not hold it.
    theirs = audit.trail(audit.Filters(org_ids=org_selectors.subtree_ids(world.bac_ninh, on=org_selectors.today())))
    assert [e.kind for _s, e in theirs if e.actor_id == world.alice.pk] == []

    page = client.get(reverse("orgs:audit", kwargs={"pk": world.ha_tinh.pk}), {"actor": world.alice.pk})
    assert page.status_code == 200
    assert page.content.decode().count("203.0.113.7") == 1
    export = client.get(reverse("orgs:audit_export", kwargs={"pk": world.ha_tinh.pk}), {"actor": world.alice.pk})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[4] == "203.0.113.7"]
    assert len(values) == 1
    assert RequestLog.objects.filter(kind=RequestKind.EXPORT, actor=world.alice).count() == 1


def test_the_demo_put_back_by_the_test_layers_leaves_the_guards_on(demo):
    """On PostgreSQL the test layers put the demo's rows back without checking them row by row (tests/layers.py,
    `_rows_unchecked`); inside the test that follows, the triggers and foreign keys guard as they do anywhere."""
    if connection.vendor != "postgresql":
        return  # SQLite puts the rows back as they are checked anyway: nothing is switched off
    layers.COPIES["demo"].restore()  # as when the demo's layer opens again after other tests
    event = PersonEvent.objects.order_by("id").first()
    assert event is not None
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
    with pytest.raises(DatabaseError, match="event rows are never changed or deleted"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM members_personevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_membership SET person_id = -1 WHERE id = (SELECT min(id) FROM members_membership)"
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
