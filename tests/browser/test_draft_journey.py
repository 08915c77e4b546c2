"""A draft's comments and the union's opinion, as issue 15's "Done when" walks that part: an expert with an
assignment (no role) opens the Hà Tĩnh union's draft on a 390×844 phone and comments on two paragraphs (htmx, the
page not reloaded); the officer merges both comments into one proposal on a PC, states the position and the signer,
and downloads the opinion's Word file, which passes the reports' ND 30 layout check. The expert gets 404 on the
union's other dossier (the rest of the site is exp15's persona rows). Screenshots at 390×844 and 1366×768 under
/tmp/draft-journey."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

SHOTS = Path(tempfile.gettempdir()) / "draft-journey"
PHONE = {"width": 390, "height": 844}
D = dt.date


def snap(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("window.innerWidth")


def _setup():  # type: ignore[no-untyped-def]
    """A Hà Tĩnh dossier with its draft split, and an expert's account granted it."""
    from lienhiep.accounts.models import User
    from lienhiep.accounts.services import user_create
    from lienhiep.orgs import grants
    from lienhiep.orgs.models import Org
    from lienhiep.reviews import samples
    from lienhiep.reviews.drafts import services
    from lienhiep.reviews.models import Dossier
    from lienhiep.reviews.tests.draft_factories import _checked, _stored

    officer = User.objects.get(username="hatinh.canbo")
    ha_tinh = Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh")
    dossier = Dossier.objects.create(
        org=ha_tinh, kind="critique", title="Dự thảo Nghị quyết hỗ trợ khoa học và công nghệ (hành trình)",
        requester_type="peoples_committee", requester_name="Ủy ban nhân dân tỉnh Hà Tĩnh", subject_type="draft_law",
        received_on=D(2026, 10, 1), status_since=D(2026, 10, 1), by_written=True,
    )  # fmt: skip
    content = samples.legal_draft(chapters=1, articles=2, clauses=2, points=1)
    draft = services._draft_create(  # noqa: SLF001 - split below, not by a worker
        actor=officer, dossier=dossier, checked=_checked("du-thao.docx", content), stored=_stored(content, "x.docx")
    )
    services.draft_split(draft_id=draft.pk)
    expert = user_create(username="chuyengia.hang", password=None, full_name="Nguyễn Thị Hằng")
    grants.give(dossier, expert, kind=grants.EXPERT, by=officer, org=ha_tinh, starts=D(2026, 1, 1))
    return dossier, draft


def test_an_expert_comments_on_a_phone_and_the_officer_merges_and_writes_the_opinion(open_as, live_server):
    from playwright.sync_api import expect

    from lienhiep.reporting.tests.layout import problems
    from lienhiep.reviews.models import Dossier, DraftComment, OpinionItem

    dossier, draft = _setup()
    clause_1, clause_2 = draft.parts.get(order=5), draft.parts.get(order=7)  # khoản 1 and khoản 2 of Điều 1

    # The expert, on a phone: the draft, then a comment on each of two clauses, each sent without leaving the page.
    phone = open_as("chuyengia.hang", viewport=PHONE)
    phone.goto(f"{live_server.url}/reviews/{dossier.pk}/draft/")
    expect(phone.locator("[data-testid=part-5]")).to_be_visible()
    no_sideways_scroll(phone)
    for part, text in ((clause_1, "Đề nghị làm rõ đối tượng áp dụng."), (clause_2, "Bổ sung doanh nghiệp khoa học.")):
        phone.click(f"[data-testid=comment-open-{part.order}]")
        form = phone.locator(f"#part-{part.pk} [data-testid=comment-form]")
        form.locator("input[value=amend]").check()
        form.locator("textarea[name=text]").fill(text)
        form.locator("textarea[name=proposed_text]").fill("Tổ chức, cá nhân, doanh nghiệp khoa học và công nghệ")
        if part == clause_1:
            snap(phone, "01-comment-form-phone")
        form.locator("[data-testid=comment-send]").click()
        expect(phone.locator(f"#part-{part.pk}")).to_contain_text(text)
    snap(phone, "02-two-comments-phone")
    no_sideways_scroll(phone)
    assert DraftComment.objects.filter(draft=draft, author__username="chuyengia.hang").count() == 2
    # Another dossier of the union (the demo's confidential one) answers as to an outsider.
    other = Dossier.objects.filter(org=dossier.org).exclude(pk=dossier.pk).first()
    assert phone.goto(f"{live_server.url}/reviews/{other.pk}/draft/").status == 404

    # The officer merges both into one proposal, states the position and who signs, and takes the Word file.
    office = open_as("hatinh.canbo")
    office.goto(f"{live_server.url}/reviews/{dossier.pk}/opinion/")
    for comment in DraftComment.objects.filter(draft=draft):
        office.check(f"[data-testid=take-{comment.pk}]")
    office.fill("#id_text", "Làm rõ và mở rộng đối tượng áp dụng, gồm cả doanh nghiệp khoa học và công nghệ.")
    office.fill("#id_proposed_text", "Tổ chức, cá nhân, doanh nghiệp khoa học và công nghệ")
    office.fill("#id_reasons", "Bảo đảm đầy đủ đối tượng thụ hưởng chính sách.")
    office.click("[data-testid=take-submit]")
    expect(office.locator("[data-testid=item-1]")).to_contain_text("Từ 2 góp ý")
    form = office.locator("[data-testid=opinion-form]")
    form.locator("select[name=position]").select_option("amend")
    form.locator("textarea[name=reasons]").fill("Dự thảo phù hợp với thực tiễn của tỉnh.")
    form.locator("input[name=signer_name]").fill("Trần Văn Minh")
    office.click("[data-testid=opinion-save]")
    snap(office, "03-opinion-pc")
    with office.expect_download() as downloaded:
        office.click("[data-testid=opinion-docx]")
    docx = Path(downloaded.value.path()).read_bytes()

    assert list(OpinionItem.objects.filter(dossier=dossier).values_list("comments__author__username", flat=True)) == [
        "chuyengia.hang",
        "chuyengia.hang",
    ]
    assert problems(docx, style="administrative", issued=False) == []
