"""The board, the dossier page and its forms, as an officer and a secretary use them."""

import datetime as dt

from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.orgs.selectors import today as org_today
from lienhiep.reviews.models import Dossier
from lienhiep.reviews.tests.factories import dossier

D = dt.date


def test_the_board_counts_steps_and_shows_what_is_overdue(world, client):
    late = dossier(world.alice, world.hong_linh)  # received 02/03/2026: due 04/03/2026
    today = org_today()
    fresh = dossier(world.alice, world.ha_tinh, title="Quy hoạch tỉnh Hà Tĩnh", received_on=today, answer_due=None)
    dossier(world.chris, world.bac_ninh, title="Đề án của Bắc Ninh", requester_name="UBND tỉnh Bắc Ninh")
    login(client, world.alice)
    page = client.get(reverse("reviews:list"))
    assert page.status_code == 200
    assert [row.pk for row in page.context["rows"]] == [fresh.pk, late.pk]
    assert (page.context["counts"]["received"], page.context["counts"]["overdue"]) == (2, 1)
    overdue = client.get(reverse("reviews:list"), {"due": "overdue"}, headers={"HX-Request": "true"})
    assert [row.pk for row in overdue.context["rows"]] == [late.pk]
    assert "<html" not in overdue.content.decode()  # the rows alone, for htmx
    searched = client.get(reverse("reviews:list"), {"q": "quy hoach"})
    assert [row.pk for row in searched.context["rows"]] == [fresh.pk]
    # A requester is found as a title is, whatever the accents and the case
    asked = dossier(
        world.alice, world.ha_tinh, title="Phương án sử dụng đất", requester_name="Sở Tài nguyên và Môi trường"
    )
    for q in ("so tai nguyen", "SỞ TÀI NGUYÊN môi truong"):
        assert [row.pk for row in client.get(reverse("reviews:list"), {"q": q}).context["rows"]] == [asked.pk]


def test_a_user_without_a_role_has_no_board(world, client):
    login(client, world.olga)
    assert client.get(reverse("reviews:list")).status_code == 404
    assert client.get(reverse("reviews:export")).status_code == 404


def test_the_dossier_page_offers_the_next_steps_and_a_move_goes_through(world, client):
    d = dossier(world.alice, world.hong_linh)
    login(client, world.alice)
    page = client.get(reverse("reviews:detail", args=[d.pk]))
    assert [move["to"] for move in page.context["moves"]] == ["checking"]
    client.post(
        reverse("reviews:move", args=[d.pk]), {"to": "checking", "checking-to": "checking", "checking-on": "03/03/2026"}
    )
    page = client.get(reverse("reviews:detail", args=[d.pk]))
    assert [move["to"] for move in page.context["moves"]] == ["accepted", "declined"]
    # Accepting without the reply letter is refused and says why; nothing moves.
    refused = client.post(
        reverse("reviews:move", args=[d.pk]),
        {"to": "accepted", "accepted-to": "accepted", "accepted-on": "04/03/2026"},
        follow=True,
    )  # fmt: skip
    assert Dossier.objects.get(pk=d.pk).status == "checking"
    assert "Số văn bản trả lời: Bước này cần thông tin này. Ngày văn bản trả lời: Bước này cần thông tin này." in (
        refused.content.decode()
    )
    client.post(
        reverse("reviews:move", args=[d.pk]),
        {"to": "accepted", "accepted-to": "accepted", "accepted-on": "04/03/2026", "accepted-reply_number": "12/LHH",
         "accepted-reply_date": "04/03/2026"},
    )  # fmt: skip
    d.refresh_from_db()
    assert (d.status, d.reply_number, d.reply_date, d.due_on) == ("accepted", "12/LHH", D(2026, 3, 4), D(2026, 3, 9))


def test_a_leader_reads_the_dossier_without_the_forms(world, client):
    d = dossier(world.alice, world.hong_linh)
    login(client, world.lan)
    page = client.get(reverse("reviews:detail", args=[d.pk]))
    assert (page.status_code, page.context["moves"], page.context["cost_form"]) == (200, [], None)


def test_the_boards_sheet_hides_a_confidential_subject(world):
    from django.http import QueryDict

    from lienhiep.reviews.exporting import board_rows

    dossier(world.alice, world.hong_linh)
    dossier(world.alice, world.ha_tinh, title="Quy hoạch mật", confidential=True, received_on=D(2026, 3, 1))
    dossier(world.root, world.national, title="Dự thảo Luật Khoa học", received_on=D(2026, 2, 1), answer_due=None)
    rows = list(board_rows(world.alice, QueryDict("")).rows)
    assert [row[:2] for row in rows[1:]] == [
        ["Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025", "Phản biện"], ["Hồ sơ mật", "Phản biện"],
    ]  # fmt: skip
    assert [row[5:8] for row in rows[1:]] == [
        ["Tiếp nhận hồ sơ", "04/03/2026", "có"],
        ["Tiếp nhận hồ sơ", "03/03/2026", "có"],
    ]
