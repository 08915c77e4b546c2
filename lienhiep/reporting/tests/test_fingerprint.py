"""A report's fingerprints, written by the database (`services.fingerprint`), are the very hashes Python's
`json.dumps` of the records' stamps gave (the approval's code until session 10, kept here as the reference): the
hashes stored by earlier approvals still match, or every approved report would read as changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.apps import apps

from lienhiep.activities.models import Activity
from lienhiep.core.events import jsonable
from lienhiep.reporting import selectors
from lienhiep.reporting.models import FigureValue, Report
from lienhiep.reporting.services import fingerprint

pytestmark = pytest.mark.django_db


def python_fingerprint(value: Any, record_ids: list[int] | None, records: str) -> str:
    """The fingerprint as Python computed it: each record's stamp read as a datetime and written by `isoformat`."""
    stamps: list[Any] = []
    if record_ids and records:
        model = apps.get_model(records)
        field = getattr(model, "fingerprint_stamp", "updated_at")
        if any(f.name == field for f in model._meta.get_fields()):
            rows = model._default_manager.filter(pk__in=record_ids).order_by("pk").values_list("pk", field)
            stamps = [[pk, stamp.isoformat() if stamp else None] for pk, stamp in rows]
        else:
            stamps = sorted(record_ids)
    elif record_ids:
        stamps = sorted(record_ids)
    text = json.dumps({"value": jsonable(value), "records": stamps}, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_demos_approved_reports_keep_their_hashes_and_show_no_drift(demo):
    frozen = list(Report.objects.filter(frozen_at__isnull=False).order_by("id"))
    rows = list(FigureValue.objects.filter(report__in=frozen).order_by("id"))
    with_records = [row for row in rows if row.record_ids]
    assert len(frozen) == 2
    assert len(with_records) > 20
    for row in rows:
        assert fingerprint(row.value, row.record_ids, row.records) == python_fingerprint(
            row.value, row.record_ids, row.records
        ), row.key
    assert [selectors.drift(report) for report in frozen] == [[], []]


def test_stamps_without_microseconds_missing_records_and_empty_stamps_are_written_as_python_writes_them(demo):
    # Given an activity stamped on a whole second, ids unsorted with a repeat and one that no longer exists, and
    # the demo campaign's submissions, some never accepted (no stamp)
    first, second, third = Activity.objects.order_by("id").values_list("pk", flat=True)[:3]
    Activity.objects.filter(pk=second).update(updated_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    Activity.objects.filter(pk=third).update(updated_at=dt.datetime(2026, 1, 2, 3, 4, 5, 60, tzinfo=dt.UTC))
    gone = Activity.objects.order_by("-id").values_list("pk", flat=True)[0] + 1000
    # (by its name, as a figure's result names it: campaigns sit above reporting)
    Submission = apps.get_model("campaigns.Submission")  # noqa: N806
    submissions = list(Submission.objects.order_by("-id").values_list("pk", flat=True))
    assert Submission.objects.filter(accepted_at__isnull=True).exists()

    cases = [
        (7, [third, first, second, second, gone], "activities.Activity"),
        ([{"title": "Tập huấn", "day": dt.date(2026, 3, 1)}], [first], "activities.Activity"),
        (12, submissions, "campaigns.Submission"),
        (3, [gone], "activities.Activity"),
        (3, [5, 2, 9], ""),
        (3, [], "activities.Activity"),
        (3, None, ""),
    ]
    # Then each is the hash Python's text gave
    for value, ids, records in cases:
        assert fingerprint(value, ids, records) == python_fingerprint(value, ids, records), (value, ids, records)
