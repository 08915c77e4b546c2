"""Judging's demo on an edition like the demo's open one: three jurors, the round opened, scores in progress, and the
printed juror login opening her sheet and nothing of the union."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.contests import demo_judging
from lienhiep.contests.judging import selectors
from lienhiep.contests.tests import judging_factories as make
from lienhiep.orgs import grants

pytestmark = pytest.mark.django_db


def test_the_demo_jury_scores_in_progress_and_the_juror_login_sees_her_sheet_only(world, client):
    judged = make.edition(world, round_status="planned")
    for title in ("Máy bóc vỏ lạc liên hợp", "Lò đốt rác thải", "Quy trình ủ phân hữu cơ"):
        make.entry(world, judged, title, authors=(("Hồ Văn Toàn", "Hội KH&KT phường Trung Lương"),))
    out = io.StringIO()

    demo_judging.seed(out, edition=judged.edition, actor=world.alice)

    judged.round.refresh_from_db()
    assert judged.round.status == "open"
    progress = {p.seat.expert.full_name: (p.entries, p.complete) for p in selectors.jury_progress(judged.round)}
    assert progress == {"Nguyễn Thị Thu Trang": (3, 1), "Phạm Văn Định": (3, 3), "Lê Thị Mai Hương": (3, 2)}
    seat = next(
        p.seat for p in selectors.jury_progress(judged.round) if p.seat.expert.user.username == "hatinh.giamkhao"
    )
    assert grants.holds(seat.expert.user, seat, kind=grants.JUROR)
    assert out.getvalue().endswith("(login hatinh.giamkhao)\n")
    login(client, seat.expert.user)
    page = client.get(reverse("contests:judge", args=[seat.pk]))
    assert page.status_code == 200
    assert [line.scored for line in page.context["lines"]] == [2, 1, 0]
    assert client.get(reverse("contests:jury", args=[judged.round.pk])).status_code == 404
    assert client.get(reverse("contests:ranking", args=[judged.round.pk])).status_code == 404
    # Seeding again changes nothing.
    demo_judging.seed(out, edition=judged.edition, actor=world.alice)
    assert len(selectors.jury_progress(judged.round)) == 3


def test_the_demo_open_edition_has_its_jury_scoring_and_the_juror_login(demo):
    from lienhiep.contests import demo as contests_demo
    from lienhiep.contests.models import JurorAssignment

    edition = contests_demo.open_edition()
    seats = JurorAssignment.objects.filter(round__edition=edition).select_related("expert__user")
    assert sorted(s.expert.user.username for s in seats) == ["hatinh.giamkhao", "hatinh.giamkhao2", "hatinh.giamkhao3"]
    round_ = seats[0].round
    assert (round_.kind, round_.status) == ("so_khao", "open")
    assert [(p.seat.expert.user.username, p.entries, p.complete) for p in selectors.jury_progress(round_)] == [
        ("hatinh.giamkhao2", 4, 4),  # by given name: Định, Hương, Trang
        ("hatinh.giamkhao3", 4, 2),
        ("hatinh.giamkhao", 4, 1),
    ]
