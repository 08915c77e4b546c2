"""The board and a draft's page read what they show, whatever the union holds: the board one page of dossiers
(keyset) and its counts in one query; the draft page a page of parts with their first comments, each comment's
answer form loaded only when asked for. The queries of a request are the same for 3 dossiers as for 63, for 2
comments as for 42 (issue 15: 100,000 dossiers and 1,000,000 comments, docs/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from lienhiep.accounts.testing import login
from lienhiep.reviews.models import Dossier, DraftComment
from lienhiep.reviews.tests.draft_factories import under_review

D = dt.date
pytestmark = pytest.mark.django_db


def get(client: Any, url: str, **headers: str) -> tuple[Any, int]:
    """The response and how many queries it took (the test client resets Django's own query log per request)."""
    seen: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response, len(seen)


def _dossiers(world: Any, n: int, start: int) -> None:
    Dossier.objects.bulk_create(
        Dossier(
            org=world.hong_linh, kind="critique", title=f"Hồ sơ số {i}", requester_type="peoples_committee",
            requester_name="UBND thị xã Hồng Lĩnh", subject_type="scheme", received_on=D(2025, 1, 1),
            status_since=D(2025, 1, 1), status="closed" if i % 2 else "experts",
            due_on=None if i % 2 else D(2025, 2, 1),
        )
        for i in range(start, start + n)
    )  # fmt: skip


def test_the_board_reads_a_page_and_its_counts_in_the_same_queries_for_3_dossiers_as_for_63(world, client):
    login(client, world.alice)
    _dossiers(world, 3, 0)
    few, few_queries = get(client, "/reviews/")
    _dossiers(world, 60, 3)
    many, many_queries = get(client, "/reviews/")
    following, following_queries = get(client, f"/reviews/?after={many.context['cursors']['after']}")

    # 8: the page's ids, then its rows (core.paging `keys_first`: the ids come from the index alone at scale); the
    # buttons shown from the roles already read (orgs.permissions.holds_at_least).
    assert (few_queries, many_queries, following_queries) == (8, 8, 8)
    assert (len(few.context["rows"]), len(many.context["rows"]), len(following.context["rows"])) == (3, 50, 13)
    # The rows are the newest first, the id breaking ties; the second page goes on from the first.
    ids = [d.pk for d in many.context["rows"]] + [d.pk for d in following.context["rows"]]
    assert ids == sorted(ids, reverse=True)
    counts = many.context["counts"]
    assert (counts["total"], counts["closed"], counts["experts"], counts["overdue"], many.context["count"]) == (
        63, 31, 32, 32, 63
    )  # fmt: skip


def test_the_boards_overdue_and_step_filters_take_their_count_from_the_counts_a_word_search_counts_itself(
    world, client
):
    from lienhiep.core.text import fold

    login(client, world.alice)
    _dossiers(world, 63, 0)
    made = list(Dossier.objects.all())
    for row in made:  # what the service writes, bulk_create does not
        row.title_folded = fold(row.title)
    Dossier.objects.bulk_update(made, ["title_folded"])

    overdue, overdue_queries = get(client, "/reviews/?due=overdue")
    step, step_queries = get(client, "/reviews/?status=closed")
    words, words_queries = get(client, "/reviews/?q=ho+so+so+1")
    pages, pages_queries = get(client, "/reviews/?q=ho+so+so")

    # The counts already read say how many are overdue or at a step: no count of their own, the same 10 queries
    # as the board unfiltered; a word search counts its matches (one more) where they fill more than its page, and
    # where they fit in it, the page is its count (core.paging.list_page).
    assert (overdue_queries, step_queries, pages_queries, words_queries) == (8, 8, 9, 8)
    assert (pages.context["count"], len(pages.context["rows"])) == (63, 50)
    assert (overdue.context["count"], len(overdue.context["rows"])) == (32, 32)
    assert {d.status for d in overdue.context["rows"]} == {"experts"}
    assert (step.context["count"], len(step.context["rows"])) == (31, 31)
    # Every "Hồ sơ số N" whose number has a 1 (1, 10–19, 21, …, 61): the words folded, diacritics ignored.
    expected = [f"Hồ sơ số {i}" for i in range(63) if "1" in str(i)]
    assert sorted(d.title for d in words.context["rows"]) == sorted(expected)
    assert words.context["count"] == len(expected) == 16


def test_the_draft_page_takes_the_same_queries_for_2_comments_as_for_42(world, client, media):
    target, draft, eve = under_review(world)
    parts = list(draft.parts.order_by("order")[:6])

    def comment(part: Any, n: int) -> DraftComment:
        return DraftComment(
            draft=draft, part=part, author=eve, author_name="Nguyễn Thị Hằng", stance="amend", text=f"Ý kiến {n}"
        )

    DraftComment.objects.bulk_create([comment(parts[0], 0), comment(parts[1], 1)])
    login(client, world.alice)
    few, few_queries = get(client, f"/reviews/{target.pk}/draft/")
    DraftComment.objects.bulk_create([comment(parts[n % 6], n) for n in range(2, 42)] + [comment(None, 42)])
    first = DraftComment.objects.filter(draft=draft).order_by("id").first()
    DraftComment.objects.bulk_create(
        [DraftComment(draft=draft, part=parts[0], reply_to=first, author=world.alice, author_name="Cán bộ",
                      text=f"Trả lời {n}") for n in range(25)]
    )  # fmt: skip
    many, many_queries = get(client, f"/reviews/{target.pk}/draft/")

    # 12: the page's buttons (comment, decide) read the role's level on the node once for both
    # (drafts.permissions.abilities); the comments on the draft as a whole come with the parts' (selectors.first_page).
    assert (few_queries, many_queries) == (12, 12)
    page = many.content.decode()
    # Each part shows its first comments (5) and how many more there are; each comment an "Answer" link, no form.
    assert page.count('class="card card-body p-2 mb-2 small draft-comment"') == 31
    assert page.count('data-testid="more-comments"') == 6
    assert page.count('data-testid="answer-') == 31
    assert 'data-testid="reply-form"' not in page
    assert "và 5 câu trả lời nữa" in page  # the first comment: 20 answers shown of 25


def test_a_comment_s_answer_form_is_loaded_when_asked_for(world, client, media):
    target, draft, eve = under_review(world)
    part = draft.parts.get(order=5)
    said = DraftComment.objects.create(draft=draft, part=part, author=eve, author_name="Nguyễn Thị Hằng", text="Rõ.")
    login(client, world.alice)

    fragment, _queries = get(client, f"/reviews/comments/{said.pk}/reply/", HX_Request="true")
    page, _queries = get(client, f"/reviews/comments/{said.pk}/reply/")
    sent = client.post(f"/reviews/comments/{said.pk}/reply/", {"text": "Đã ghi nhận."})

    assert 'data-testid="reply-form"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert ('data-testid="reply-form"' in page.content.decode(), "Rõ." in page.content.decode()) == (True, True)
    assert sent.status_code == 302
    assert list(DraftComment.objects.filter(reply_to=said).values_list("text", "author")) == [
        ("Đã ghi nhận.", world.alice.pk)
    ]


def test_the_opinion_page_counts_each_items_comments_in_the_same_queries_for_1_item_as_for_6(world, client, media):
    from lienhiep.reviews.drafts import services

    target, draft, eve = under_review(world)
    parts = list(draft.parts.order_by("order")[:6])

    def said(part: Any, n: int) -> DraftComment:
        return services.comment_add(actor=eve, draft=draft, part=part, stance="amend", text=f"Ý kiến {n}")

    services.comments_take(actor=world.alice, comments=[said(parts[0], 0), said(parts[0], 1)], text="Gộp.")
    login(client, world.alice)
    few, few_queries = get(client, f"/reviews/{target.pk}/opinion/")
    for n, part in enumerate(parts[1:], start=2):
        services.comments_take(actor=world.alice, comments=[said(part, n)], text=f"Nhận {n}.")
    many, many_queries = get(client, f"/reviews/{target.pk}/opinion/")

    # The items' comments are counted with the items (`merged`), not read (one query less, and no comment rows):
    # 13 queries for 1 item as for 6.
    assert (few_queries, many_queries) == (13, 13)
    assert [item.merged for item in many.context["items"]] == [2, 1, 1, 1, 1, 1]
    page = many.content.decode()
    assert (page.count("Từ 2 góp ý</div>"), page.count("Từ 1 góp ý</div>")) == (1, 5)
