import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group

from lienhiep.core import events
from lienhiep.core.models import RequestKind, RequestLog


def test_details_become_plain_json():
    record = Group(pk=7, name="Văn phòng")
    value = {
        "on": dt.date(2024, 3, 1),
        "at": dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC),
        "amount": Decimal("1500000.00"),
        "share": Decimal("12.5"),
        "unit": record,
        "parts": (record, None),
        "kinds": {"training"},
        3: "ba",
    }
    assert events.jsonable(value) == {
        "on": "2024-03-01",
        "at": "2024-03-01T08:30:00+00:00",
        "amount": 1500000,
        "share": "12.5",
        "unit": {"id": 7, "name": "Văn phòng"},
        "parts": [{"id": 7, "name": "Văn phòng"}, None],
        "kinds": ["training"],
        "3": "ba",
    }


def test_recording_sees_the_rows_written_inside_it_and_no_others():
    events.recorded("before")
    with events.recording() as outer:
        events.recorded("first")
        with events.recording() as inner:
            events.recorded("second")
        events.recorded("third")
    events.recorded("after")
    assert (outer, inner) == (["first", "third"], ["second"])


def test_many_rows_are_written_as_one_row_is_and_seen_by_recording(db):
    # Given rows of one kind by one actor, each with its data and columns
    rows = [{"path": f"/members/{n}/", "target": "person", "target_id": n, "data": {"n": n}} for n in (1, 2, 3)]
    # When they are written together inside a recording
    with events.recording() as seen:
        written = RequestLog.record_many(actor=None, kind=RequestKind.PERSON_VIEW, rows=rows, batch_size=2)
    # Then each is a row as `record` writes it, and the recording saw them all
    stored = list(RequestLog.objects.order_by("target_id").values_list("kind", "path", "target_id", "data"))
    assert stored == [("person_view", f"/members/{n}/", n, {"n": n}) for n in (1, 2, 3)]
    assert seen == written
    assert [event.target_id for event in seen] == [1, 2, 3]
