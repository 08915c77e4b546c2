import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group

from lienhiep.core import events


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
