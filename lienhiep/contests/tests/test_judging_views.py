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


def test_the_ranking_prints_a_page_of_its_group_and_the_jury_counts_complete_sheets(world, client, monkeypatch):
    from lienhiep.contests.judging import selectors
    from lienhiep.contests.judging import views as judging_views

    judged = make.edition(world)
    entries = [make.entry(world, judged, f"Giải pháp {n}") for n in range(1, 6)]
    rice = make.entry(world, judged, "Giống lúa chịu mặn", field_=judged.agri, category=judged.rice)
    hoa = make.expert(world, "Nguyễn Thị Hoa", workplace="Viện Cơ khí")
    seat, _ = services.juror_assign(actor=world.alice, round_=judged.round, expert=hoa, entries=[*entries, rice])
    novelty, effect = judged.criteria
    for n, entry in enumerate(entries):
        services.sheet_save(actor=hoa.user, seat=seat, entry=entry, points={novelty.pk: 50 - n, effect.pk: 30})
    services.sheet_save(actor=hoa.user, seat=seat, entry=rice, points={novelty.pk: 40})  # one criterion of two
    login(client, world.alice)
    [progress] = client.get(reverse("contests:jury", args=[judged.round.pk])).context["progress"]
    assert (progress.entries, progress.complete) == (6, 5)
    services.round_close(actor=world.alice, round_=judged.round)
    # One tab a group, however many entries it holds (DISTINCT without the entries' order).
    assert [label for _key, label in selectors.groups_of(judged.round)] == [
        "Cơ khí – Tự động hóa", "Nông nghiệp – Giống cây trồng",
    ]  # fmt: skip
    monkeypatch.setattr(judging_views, "RANKING_PAGE", 2)
    url = reverse("contests:ranking", args=[judged.round.pk])
    pages = [client.get(url, {"group": f"field-{judged.mech.pk}", "page": n}).context["groups"][0] for n in (1, 3, 9)]
    assert [[row["entry"].title for row in page["rows"]] for page in pages] == [
        ["Giải pháp 1", "Giải pháp 2"], ["Giải pháp 5"], ["Giải pháp 5"],
    ]  # fmt: skip
    assert [(p["page"], p["pages"], p["first"], p["last"], p["count"]) for p in pages[:2]] == [
        (1, 3, 1, 2, 5), (3, 3, 5, 5, 5),
    ]  # fmt: skip
    # The page's rows are the whole ranking's, in its order and with its ranks.
    whole = selectors.ranking_of(judged.round, group=("field", judged.mech.pk)).groups[0].ranked
    assert [row["result"] for page in (1, 2, 3) for row in client.get(
        url, {"group": f"field-{judged.mech.pk}", "page": page}).context["groups"][0]["rows"]] == whole  # fmt: skip


def test_the_jury_form_looks_experts_up_as_the_officer_types(world, client):
    """The form prints no list of experts: its picker asks `contests:juror_lookup`, which finds those the officer may
    put on the round by name or workplace without accents, and nobody else; the form still takes only them."""
    from lienhiep.experts import services as expert_services

    judged = make.edition(world)
    make.entry(world, judged, "Máy bóc vỏ lạc")
    hoa = make.expert(world, "Nguyễn Thị Hoa", workplace="Viện Cơ khí")
    make.expert(world, "Trần Đức Nguyên", workplace="Sở Nông nghiệp")
    make.expert(world, "Lê Văn Bình", workplace="Trường Nguyễn Huệ")
    no_account = make.expert(world, "Nguyễn Văn Tâm")
    no_account.user = None
    no_account.save(update_fields=["user"])
    away = make.expert(world, "Nguyễn Văn Khoa")
    away.available = False
    away.save(update_fields=["available"])
    elsewhere = expert_services.expert_create(actor=world.root, org=world.bac_ninh, full_name="Nguyễn Văn Hải")
    elsewhere.user = hoa.user
    elsewhere.save(update_fields=["user"])

    login(client, world.alice)
    page = client.get(reverse("contests:jury", args=[judged.round.pk])).content.decode()
    lookup = reverse("contests:juror_lookup", args=[judged.round.pk])
    picker = page[page.index('name="expert"') - 300 : page.index("</select>", page.index('name="expert"'))]
    assert f'data-search-url="{lookup}"' in picker and picker.count("<option") == 1
    found = client.get(lookup, {"q": "nguyen"}).json()["results"]
    assert [(r["text"], r["sub"]) for r in found] == [
        ("Lê Văn Bình", "Trường Nguyễn Huệ"),  # by given name, as the list is: Bình, Hoa, Nguyên
        ("Nguyễn Thị Hoa", "Viện Cơ khí"),
        ("Trần Đức Nguyên", "Sở Nông nghiệp"),
    ]
    assert [r["text"] for r in client.get(lookup, {"q": "NGUYEN thi"}).json()["results"]] == ["Nguyễn Thị Hoa"]
    assert [r["text"] for r in client.get(lookup, {"q": "duc"}).json()["results"]] == ["Trần Đức Nguyên"]
    assert client.get(lookup, {"q": "n"}).json() == {"results": []}

    # A posted expert outside the lookup is no choice, and the chosen one is printed back as the only option.
    sent = client.post(reverse("contests:jury", args=[judged.round.pk]), {"expert": elsewhere.pk, "fields_": []})
    assert "expert" in sent.context["form"].errors
    sent = client.post(reverse("contests:jury", args=[judged.round.pk]), {"expert": hoa.pk, "fields_": []})
    chosen = sent.content.decode()
    assert f'<option value="{hoa.pk}" selected>Nguyễn Thị Hoa</option>' in chosen

    login(client, world.lan)  # reads the jury, may not put anyone on it
    assert client.get(lookup, {"q": "nguyen"}).status_code == 403
