"""The demo data set gives the figures of the Hồng Lĩnh reports (../shared/seeds/002_… and 000_…)."""

import datetime as dt
import io

from django.core.management import call_command

from lienhiep.governance import selectors
from lienhiep.governance.models import Congress, GovernanceEvent, Restructuring

D = dt.date


def test_congress_iv_as_the_self_review_tells_it(demo):
    iv = Congress.objects.get(ordinal=4, org__name__contains="Hồng Lĩnh")
    bch, btv = iv.committees.get(kind="bch"), iv.committees.get(kind="btv")
    assert (selectors.size_at_start(bch), selectors.size_at_end(bch)) == (17, 14)
    assert [(s.person.full_name, s.end_reason) for s in selectors.departures(bch)] == [
        ("Lê Văn Bình", "transfer"), ("Bùi Việt Hùng", "transfer"), ("Phan Công Bình", "retirement")
    ]  # fmt: skip
    assert (selectors.size_at_start(btv), selectors.size_at_end(btv)) == (5, 5)
    at_end = sorted((s.person.full_name, s.position) for s in selectors.composition(btv, on=D(2023, 12, 31)))
    assert at_end == [
        ("Nguyễn Trí Anh", "vice_chair"), ("Phan Văn Đường", "standing_member"), ("Phạm Hồng Quý", "standing_member"),
        ("Phạm Quốc Dũng", "secretary"), ("Tôn Quang Ngọc", "chair"),
    ]  # fmt: skip
    assert selectors.holder(iv.org, "chair", on=D(2019, 5, 1)).full_name == "Lê Văn Bình"
    assert selectors.holder(iv.org, "chair", on=D(2022, 5, 1)).full_name == "Tôn Quang Ngọc"
    late = [(p.end, p.meeting.held_on) for p in selectors.meeting_periods(bch) if p.status == "late"]
    assert late == [(D(2020, 6, 30), D(2020, 7, 30)), (D(2022, 12, 31), D(2023, 1, 12))]
    assert [p.start for p in selectors.meeting_periods(btv) if p.status == "missing"] == [D(2021, 7, 1)]
    done = Restructuring.objects.filter(status="done", org__name__startswith="Hội KH&KT")
    assert done.count() == 4 and sum(1 for r in done if r.on_time) == 2


def test_congress_v_targets_and_the_seed_is_idempotent(demo):
    v = Congress.objects.get(ordinal=5, org__name__contains="Hồng Lĩnh")
    assert v.targets.count() == 9
    measured = [t.measure for t in v.targets.all() if t.measure]
    assert measured == [
        "intellectual_share", "restructured_on_time", "initiatives_applied_share", "initiatives_province_level",
        "creative_labour_nominations", "vusta_certificates",
    ]  # fmt: skip
    assert selectors.term(v).ends_on == D(2025, 7, 1)  # the town union was dissolved
    events = GovernanceEvent.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert GovernanceEvent.objects.count() == events
