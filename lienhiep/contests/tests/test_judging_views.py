"""Scores hidden until the round closes, page by page: a juror reads her own points only, another juror's sheet is
404 to her, the organiser's jury page counts sheets without points and the ranking waits for the close, and the
sending unit's secretary reaches neither."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.contests.judging import services
from lienhiep.contests.tests import judging_factories as make

pytestmark = pytest.mark.django_db


def test_scores_stay_hidden_until_the_round_closes(world, client):
    judged = make.edition(world)
    target = make.entry(world, judged, "Máy bóc vỏ lạc")
    hoa = make.expert(world, "Nguyễn Thị Hoa", workplace="Viện Cơ khí")
    binh = make.expert(world, "Lê Văn Bình", workplace="Sở Công Thương")
    seat_h, _ = services.juror_assign(actor=world.alice, round_=judged.round, expert=hoa, entries=[target])
    seat_b, _ = services.juror_assign(actor=world.alice, round_=judged.round, expert=binh, entries=[target])
    novelty, effect = judged.criteria
    services.sheet_save(actor=binh.user, seat=seat_b, entry=target, points={novelty.pk: "57.25", effect.pk: "33"})

    login(client, hoa.user)
    page = client.get(reverse("contests:judge_entry", args=[seat_h.pk, target.pk]))
    assert [row["value"] for row in page.context["rows"]] == ["", ""]
    assert "57,25" not in page.content.decode()
    assert client.get(reverse("contests:judge_entry", args=[seat_b.pk, target.pk])).status_code == 404
    assert client.get(reverse("contests:judge", args=[seat_b.pk])).status_code == 404

    login(client, world.alice)
    jury = client.get(reverse("contests:jury", args=[judged.round.pk]))
    assert [(p.seat.expert.full_name, p.complete) for p in jury.context["progress"]] == [
        ("Lê Văn Bình", 1),
        ("Nguyễn Thị Hoa", 0),
    ]
    assert "57,25" not in jury.content.decode()
    ranking = client.get(reverse("contests:ranking", args=[judged.round.pk]))
    assert (ranking.context["closed"], ranking.context["groups"]) == (False, [])
    # The juror's own page is hers: the officer gets 404 on it as anyone else.
    assert client.get(reverse("contests:judge_entry", args=[seat_b.pk, target.pk])).status_code == 404

    login(client, world.bob)  # the sending unit's secretary
    for name in ("contests:jury", "contests:ranking"):
        assert client.get(reverse(name, args=[judged.round.pk])).status_code == 404

    services.round_close(actor=world.alice, round_=judged.round)
    login(client, world.alice)
    ranking = client.get(reverse("contests:ranking", args=[judged.round.pk]))
    [group] = ranking.context["groups"]
    assert [(row["entry"].title, row["result"].total) for row in group["rows"]] == [("Máy bóc vỏ lạc", 90.25)]
