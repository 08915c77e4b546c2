"""The draft's pages as an expert and the staff use them: an expert reads and comments on the dossier granted to
them and gets 404 on another; a confidential dossier's draft is read only from its access list, its download
stamped with the reader's name and logged; the comment form answers htmx with the part again."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from docx import Document as WordDocument

from lienhiep.accounts.testing import login
from lienhiep.reviews.drafts import services
from lienhiep.reviews.models import DraftComment, DraftEvent
from lienhiep.reviews.tests.draft_factories import dossier, expert, upload

D = dt.date
pytestmark = pytest.mark.django_db


def test_an_expert_reads_and_comments_on_their_dossier_by_htmx_and_gets_404_on_another(world, client, media):
    mine, other = dossier(world), dossier(world, title="Quy hoạch tỉnh")
    draft, other_draft = upload(world, mine), upload(world, other)
    eve = expert(world, mine)
    login(client, eve)
    clause = draft.parts.get(order=5)

    page = client.get(f"/reviews/{mine.pk}/draft/")
    form = client.get(f"/reviews/drafts/{draft.pk}/comment/?part={clause.pk}", HTTP_HX_REQUEST="true")
    sent = client.post(
        f"/reviews/drafts/{draft.pk}/comment/",
        {"part": clause.pk, "stance": "amend", "text": "Làm rõ đối tượng.", "proposed_text": "Tổ chức, cá nhân"},
        HTTP_HX_REQUEST="true",
    )

    assert page.status_code == 200
    assert 'data-testid="part-5"' in page.content.decode()
    assert 'data-testid="comment-form"' in form.content.decode()
    assert sent.status_code == 200
    assert f'id="part-{clause.pk}"' in sent.content.decode()
    assert "Làm rõ đối tượng." in sent.content.decode()
    assert list(DraftComment.objects.values_list("author", "part", "stance")) == [(eve.pk, clause.pk, "amend")]
    # Another dossier, its draft, its file and its opinion: as if they did not exist.
    for url in (
        f"/reviews/{other.pk}/draft/",
        f"/reviews/drafts/{other_draft.pk}/file/",
        f"/reviews/drafts/{other_draft.pk}/comment/",
        f"/reviews/{other.pk}/opinion/",
    ):
        assert client.get(url).status_code == 404, url
    # Their own dossier's decisions and access list are the staff's: not among the views declared for grant
    # holders, they answer 404 to a user without a role (orgs.middleware.RoleLessMiddleware).
    assert client.get(f"/reviews/{mine.pk}/access/").status_code == 404
    assert client.post(f"/reviews/{mine.pk}/opinion/take/", {"comments": ["1"], "text": "x"}).status_code == 404


def test_an_invalid_comment_comes_back_where_its_form_stood(world, client, media):
    target = dossier(world)
    draft = upload(world, target)
    login(client, world.alice)

    response = client.post(f"/reviews/drafts/{draft.pk}/comment/", {"stance": "", "text": ""}, HTTP_HX_REQUEST="true")

    assert (response.status_code, response["HX-Retarget"], response["HX-Reswap"]) == (200, "#form-general", "innerHTML")
    assert not DraftComment.objects.exists()


def test_a_confidential_draft_is_read_from_its_access_list_stamped_and_every_open_logged(world, client, media):
    target = dossier(world, confidential=True)
    draft = upload(world, target)
    eve = expert(world, target)
    login(client, eve)

    refused = client.get(f"/reviews/{target.pk}/draft/")
    services.access_add(actor=world.alice, dossier=target, user=eve)
    page = client.get(f"/reviews/{target.pk}/draft/")
    download = client.get(f"/reviews/drafts/{draft.pk}/file/")

    assert (refused.status_code, page.status_code, download.status_code) == (403, 200, 200)
    stamped = WordDocument(io.BytesIO(b"".join(download.streaming_content)))
    line = stamped.sections[0].header.paragraphs[-1].text
    assert line.startswith("Bản của Nguyễn Thị Hằng, mở lúc ") and line.endswith("; tài liệu mật")
    opens = DraftEvent.objects.filter(dossier=target, kind="open").order_by("id")
    assert [(e.actor_id, e.data) for e in opens] == [
        (eve.pk, {"file": "du-thao.docx", "version": 1, "stamped": False}),
        (eve.pk, {"file": "du-thao.docx", "version": 1, "stamped": True}),
    ]
    # The staff see who opened what.
    login(client, world.alice)
    log = client.get(f"/reviews/{target.pk}/access/").content.decode()
    assert log.count("Nguyễn Thị Hằng") == 3  # on the list, and two opens


def test_the_secretary_takes_a_comment_and_downloads_the_opinion(world, client, media):
    target = dossier(world)
    draft = upload(world, target)
    comment = services.comment_add(actor=world.alice, draft=draft, part=None, stance="agree", text="Phù hợp.")
    login(client, world.alice)

    taken = client.post(
        f"/reviews/{target.pk}/opinion/take/",
        {"comments": [str(comment.pk)], "text": "Cơ bản phù hợp.", "proposed_text": "", "reasons": ""},
    )
    docx = client.get(f"/reviews/{target.pk}/opinion.docx")

    assert taken.status_code == 302
    text = [p.text for p in WordDocument(io.BytesIO(b"".join(docx.streaming_content))).paragraphs]
    assert "BÁO CÁO" in text


def test_a_draft_uploaded_on_the_page_is_split(world, client, media, django_capture_on_commit_callbacks):
    from lienhiep.reviews import samples

    target = dossier(world)
    login(client, world.alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/reviews/{target.pk}/draft/upload/",
            {"file": ContentFile(samples.legal_draft(chapters=1, articles=1, clauses=1, points=0), name="nq.docx")},
        )

    assert response.status_code == 302
    assert list(target.drafts.values_list("status", "file_name")) == [("done", "nq.docx")]
    assert target.drafts.get().parts.count() == 5


def test_a_confidential_dossiers_opinion_is_stamped_logged_and_keeps_its_nd30_layout(world, client, media):
    """The opinion's Word file is one of the dossier's files: on a confidential dossier its every download is an
    open row and carries the reader's line, which the reports' layout check does not mind (the journey checks a
    whole stamped opinion: tests/browser/test_draft_journey.py)."""
    from lienhiep.reporting.tests.layout import problems
    from lienhiep.reviews import opinion

    target = dossier(world, confidential=True)
    upload(world, target)
    login(client, world.alice)

    refused = client.get(f"/reviews/{target.pk}/opinion.docx")
    services.access_add(actor=world.alice, dossier=target, user=world.alice)
    download = client.get(f"/reviews/{target.pk}/opinion.docx")

    assert (refused.status_code, download.status_code) == (403, 200)
    data = b"".join(download.streaming_content)
    line = WordDocument(io.BytesIO(data)).sections[0].header.paragraphs[-1].text
    assert line.startswith(f"Bản của {world.alice}, mở lúc ") and line.endswith("; tài liệu mật")
    assert problems(data, style="administrative", issued=False) == problems(
        opinion.render(target), style="administrative", issued=False
    )
    opens = DraftEvent.objects.filter(dossier=target, kind="open")
    assert [(e.actor_id, e.target, e.data) for e in opens] == [
        (world.alice.pk, "opinion", {"file": f"bao-cao-ket-qua-{target.pk}.docx", "stamped": True})
    ]


def test_an_open_dossiers_opinion_is_served_as_written_and_not_logged(world, client, media):
    target = dossier(world)
    login(client, world.alice)

    download = client.get(f"/reviews/{target.pk}/opinion.docx")

    assert download.status_code == 200
    header = WordDocument(io.BytesIO(b"".join(download.streaming_content))).sections[0].header
    assert not any("tài liệu mật" in p.text for p in header.paragraphs)
    assert not DraftEvent.objects.filter(dossier=target, kind="open").exists()
