"""Issue 15's "Done when", walked whole in Chromium: the Hà Tĩnh officer sets the union's days for two steps,
registers a confidential request ("mật") and puts herself on its access list, checks and accepts it, picks three
experts from the union's list (a fourth is refused for the link he declares; the three are listed for access by
their assignment) and uploads the draft; each expert logs in (no role, the assignment's grant), sees that dossier
alone, comments on two clauses — one on a 390×844 phone, the others on a PC — without the page reloading, and
downloads the draft stamped with their name, each download a row of the open log; the officer takes one expert off,
who then gets 404 on the dossier, its draft and its file; she merges the three comments on each clause into one
proposal, states the position and the signer, downloads the opinion's Word file (stamped, logged, and still passing
the ND 30 layout check), issues it, approves and sends it, records the requester's answer and closes the dossier;
the Hồng Lĩnh term report's §2.2 names the seven topics; the expert gets 404 on every other page of the union.
Screenshots at 1366×768 and 390×844 with `make shots`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}
PASSWORD = "Phản-biện#Hà-Tĩnh-2026"
TITLE = "Dự thảo Nghị quyết quy định chính sách hỗ trợ phát triển khoa học và công nghệ tỉnh Hà Tĩnh"
# The union's list of experts for the journey: (name, workplace, username) — the last one declares a link.
EXPERTS = (
    ("Nguyễn Thị Hằng", "Trường Đại học Hà Tĩnh", "chuyengia.hang"),
    ("Trần Quốc Bảo", "Bệnh viện Đa khoa tỉnh Hà Tĩnh", "chuyengia.bao"),
    ("Lê Minh Châu", "Hội Kiến trúc sư tỉnh Hà Tĩnh", "chuyengia.chau"),
    ("Phạm Văn Dũng", "Công ty Tư vấn Xây dựng Hồng Hà", ""),
)
COMMENTS = {
    "chuyengia.hang": ("Đề nghị làm rõ đối tượng áp dụng.", "Bổ sung doanh nghiệp khoa học và công nghệ."),
    "chuyengia.bao": ("Nên nêu cả các cơ sở y tế công lập.", "Cần quy định mức hỗ trợ tối đa."),
    "chuyengia.chau": ("Thống nhất, đề nghị bổ sung hội nghề nghiệp.", "Đề nghị quy định rõ nguồn kinh phí."),
}


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("window.innerWidth")


def _list_of_experts():  # type: ignore[no-untyped-def]
    """The union's list (the registry's own pages have their tests): three experts with a login, one without."""
    from lienhiep.accounts.models import User
    from lienhiep.experts import services
    from lienhiep.orgs.models import Org

    officer = User.objects.get(username="hatinh.canbo")
    ha_tinh = Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh")
    for name, workplace, username in EXPERTS:
        expert = services.expert_create(actor=officer, org=ha_tinh, full_name=name, workplace=workplace)
        if username:
            services.expert_account_create(
                actor=officer, expert=expert, username=username, password=PASSWORD, check_password=False
            )
    return ha_tinh


def _move(page, to: str, **fields: str) -> None:  # type: ignore[no-untyped-def]
    """One step from the dossier page's "Next step" box: its fields (by name, without the step's prefix)."""
    from playwright.sync_api import expect

    box = page.locator(f"[data-testid=move-{to}]")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in fields.items():
        field = box.locator(f"[name={to}-{name}]")
        if value == "on":
            field.check()
        else:
            field.fill(value)
    box.locator(f"[data-testid=move-submit-{to}]").click()
    expect(page.locator(".alert-success")).to_be_visible()


def _pick(page, name: str, *, link: str = "none", declaration: str = "", ends: str = "") -> None:  # type: ignore[no-untyped-def]
    form = page.locator("[data-testid=expert-form]")
    if not form.is_visible():
        page.locator("#experts summary").click()
    page.locator("#id_expert-ts-control").fill(name.split()[-1])
    page.locator(".ts-dropdown .option", has_text=name).first.click()
    form.locator("select[name=declared_link]").select_option(link)
    form.locator("input[name=declaration]").fill(declaration)
    form.locator("input[name=ends]").fill(ends)
    form.locator("[data-testid=expert-add]").click()


def test_the_whole_consultancy_journey(open_as, live_server):  # noqa: PLR0915 - the issue's walk, step by step
    from django.urls import reverse
    from docx import Document as WordDocument
    from playwright.sync_api import expect

    from lienhiep.accounts.models import User
    from lienhiep.orgs.selectors import today
    from lienhiep.reporting.models import Report, ReportKind
    from lienhiep.reporting.tests.layout import problems
    from lienhiep.reviews import samples
    from lienhiep.reviews.demo import TOPICS
    from lienhiep.reviews.models import Dossier, DossierExpert, DraftComment, DraftEvent, OpinionItem
    from lienhiep.reviews.models.drafts import DossierAccess

    ha_tinh = _list_of_experts()
    url = live_server.url
    day = f"{today():%d/%m/%Y}"

    # --- The officer, on a PC: the union's days, the request registered, checked and accepted -----------------------
    office = open_as("hatinh.canbo", path=f"/reviews/rules/?org={ha_tinh.pk}")
    office.fill("#id_days_experts", "5")
    office.fill("#id_days_opinions", "10")
    office.locator("main form button.btn-primary").click()
    expect(office.locator(".alert-success")).to_be_visible()
    office.goto(f"{url}/reviews/new/?org={ha_tinh.pk}")
    office.select_option("#id_kind", "critique")
    office.fill("#id_title", TITLE)
    office.select_option("#id_requester_type", "peoples_committee")
    office.fill("#id_requester_name", "UBND tỉnh Hà Tĩnh")
    office.select_option("#id_subject_type", "draft_law")
    office.select_option("#id_subject_level", "province")
    office.fill("#id_request_number", "5120/UBND-KGVX")
    office.fill("#id_request_date", day)
    office.fill("#id_answer_due", "31/12/2026")
    office.check("#id_confidential")
    shot(office, "01-register-pc")
    office.locator("main form button.btn-primary").click()
    expect(office.locator("h1")).to_contain_text(TITLE)
    expect(office.locator("[data-testid=confidential]")).to_be_visible()
    dossier = Dossier.objects.get(title=TITLE)
    assert (dossier.org, dossier.status, dossier.answer_due.isoformat(), dossier.confidential) == (
        ha_tinh, "received", "2026-12-31", True,
    )  # fmt: skip
    # A confidential dossier's draft and files are read from its access list only, staff included: she lists herself.
    officer = User.objects.get(username="hatinh.canbo")
    office.goto(f"{url}/reviews/{dossier.pk}/access/")
    office.select_option("#id_user", str(officer.pk))
    office.click("[data-testid=access-add]")
    expect(office.locator("[data-testid=access-list]")).to_contain_text(str(officer))
    office.goto(f"{url}/reviews/{dossier.pk}/")
    _move(office, "checking")
    _move(office, "accepted", reply_number="301/LHH-TVPB", reply_date=day)
    expect(office.locator("[data-testid=dossier-status]")).to_have_text("Nhận thực hiện")

    # --- Three experts picked; the fourth declares he drafted the subject and is kept off -------------------------
    # Each expert's deadline set as she picks them: their access ends after it, their page shows it.
    deadline = today() + dt.timedelta(days=10)
    for name, _workplace, username in EXPERTS:
        if username:
            _pick(office, name, ends=f"{deadline:%d/%m/%Y}")
            expect(office.locator(".alert-success")).to_contain_text(name)
    _pick(office, "Phạm Văn Dũng", link="subject", declaration="Công ty tôi tư vấn soạn dự thảo")
    expect(office.locator(".alert-danger")).to_contain_text("Phạm Văn Dũng")
    expect(office.locator("[data-testid=expert-row]")).to_have_count(3)
    expect(office.locator("[data-testid=expert-ends]")).to_have_text([f"{deadline:%d/%m/%Y}"] * 3)
    shot(office, "02-three-experts-one-refused-pc")
    office.set_viewport_size(PHONE)  # the experts' rows with their end day and its form, on a phone
    office.locator("#experts").scroll_into_view_if_needed()
    shot(office, "02b-experts-phone", full=False)
    no_sideways_scroll(office)
    office.set_viewport_size({"width": 1366, "height": 768})
    assert sorted(DossierExpert.objects.filter(dossier=dossier).values_list("expert__full_name", flat=True)) == [
        "Lê Minh Châu", "Nguyễn Thị Hằng", "Trần Quốc Bảo",
    ]  # fmt: skip
    # Assigned, each expert's login is on the access list with the officer's: the officer did one thing.
    assert sorted(DossierAccess.objects.filter(dossier=dossier).values_list("user__username", flat=True)) == sorted(
        ["hatinh.canbo", *COMMENTS]
    )
    # Each step's deadline follows the union's days: the experts' step, begun today, is due in five.
    _move(office, "estimated")
    _move(office, "experts")
    dossier.refresh_from_db()
    assert (dossier.due_on - today()).days == 5
    expect(office.locator("[data-testid=step-due]")).to_contain_text(f"{dossier.due_on:%d/%m/%Y}")

    # The draft, uploaded and split (the task runs as the request commits, here).
    office.goto(f"{url}/reviews/{dossier.pk}/draft/")
    office.locator("main details summary").first.click()
    office.locator("input[type=file]").set_input_files(
        {
            "name": "du-thao-nghi-quyet.docx",
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "buffer": samples.legal_draft(chapters=1, articles=2, clauses=2, points=1),
        }
    )
    office.click("[data-testid=draft-upload]")
    office.goto(f"{url}/reviews/{dossier.pk}/draft/")
    expect(office.locator("[data-testid=part-5]")).to_be_visible()
    draft = dossier.drafts.get()
    clause_1, clause_2 = draft.parts.get(order=5), draft.parts.get(order=7)  # khoản 1 and khoản 2 of Điều 1

    # --- Each expert logs in, sees that dossier alone and comments on two clauses -----------------------------------
    for number, (username, texts) in enumerate(COMMENTS.items()):
        phone = number == 0
        page = open_as(username, viewport=PHONE if phone else None)
        assignments = page.locator("[data-testid=assignments] tbody tr")
        expect(assignments).to_have_count(1)
        expect(assignments).to_contain_text(f"Hồ sơ mật #{dossier.pk}")  # a confidential subject is not listed
        expect(assignments).to_contain_text(f"{deadline:%d/%m/%Y}")  # until the deadline the officer set
        labels = page.locator("#sidebar a.nav-link")
        expect(labels).to_have_text(["Trang chủ", "Việc được giao"])
        if phone:
            shot(page, "03-expert-home-phone")
        assignments.locator("a").first.click()
        expect(page.locator("h1")).to_contain_text(TITLE)
        page.click("[data-testid=draft-link]")
        expect(page.locator("[data-testid=part-5]")).to_be_visible()
        for part, text in zip((clause_1, clause_2), texts, strict=True):
            page.click(f"[data-testid=comment-open-{part.order}]")
            form = page.locator(f"#part-{part.pk} [data-testid=comment-form]")
            form.locator("input[value=amend]").check()
            form.locator("textarea[name=text]").fill(text)
            if phone and part == clause_1:
                shot(page, "04-comment-form-phone")
            form.locator("[data-testid=comment-send]").click()
            expect(page.locator(f"#part-{part.pk}")).to_contain_text(text)
        if phone:
            shot(page, "05-two-comments-phone")
            no_sideways_scroll(page)
        assert DraftComment.objects.filter(draft=draft, author__username=username).count() == 2
        # The expert takes the draft home: stamped with their name, and the download is a row of the open log.
        with page.expect_download() as downloaded:
            page.click("[data-testid=draft-download]")
        reader = User.objects.get(username=username)
        stamp = WordDocument(io.BytesIO(Path(downloaded.value.path()).read_bytes())).sections[0].header.paragraphs
        assert any(p.text.startswith(f"Bản của {reader}, mở lúc ") for p in stamp)
        assert [
            e.data for e in DraftEvent.objects.filter(dossier=dossier, kind="open", actor=reader).order_by("id")
        ] == [
            {"file": "du-thao-nghi-quyet.docx", "version": 1, "stamped": False},  # the draft page, read on screen
            {"file": "du-thao-nghi-quyet.docx", "version": 1, "stamped": True},
        ]

    # --- The expert gets 404 on every other page of the union --------------------------------------------------------
    expert = open_as("chuyengia.hang")
    office.goto(f"{url}/")
    union_pages = sorted(
        {href for href in office.locator("#sidebar a.nav-link").evaluate_all("links => links.map(a => a.pathname)")}
        - {"/"}
    )
    others = Dossier.objects.exclude(pk=dossier.pk)  # the demo's: the province's, its town's and its lawyers'
    union_pages += [f"/reviews/{other.pk}/{tail}" for other in others for tail in ("", "draft/", "opinion/")]
    union_pages += [f"/reviews/{dossier.pk}/{tail}" for tail in ("edit/", "access/")] + [f"/orgs/{ha_tinh.pk}/"]
    answers = {path: expert.request.get(f"{url}{path}").status for path in union_pages}
    assert len(union_pages) >= 20
    assert answers == dict.fromkeys(union_pages, 404)
    assert expert.request.get(f"{url}/reviews/{dossier.pk}/draft/").status == 200

    # --- The officer takes one expert off: from then on the dossier, its draft and its file answer her 404 ---------
    chau = open_as("chuyengia.chau")
    assert chau.request.get(f"{url}/reviews/drafts/{draft.pk}/file/").status == 200
    office.goto(f"{url}/reviews/{dossier.pk}/")
    office.once("dialog", lambda dialog: dialog.accept())
    office.locator("[data-testid=expert-row]", has_text="Lê Minh Châu").locator("[data-testid=expert-take-off]").click()
    expect(office.locator(".alert-success")).to_contain_text("Lê Minh Châu")
    taken_off = [f"/reviews/{dossier.pk}/", f"/reviews/{dossier.pk}/draft/", f"/reviews/drafts/{draft.pk}/file/"]
    assert {path: chau.request.get(f"{url}{path}").status for path in taken_off} == dict.fromkeys(taken_off, 404)
    assert not DossierAccess.objects.filter(dossier=dossier, user__username="chuyengia.chau").exists()
    chau.goto(f"{url}{reverse('orgs:assignments')}")
    expect(chau.locator("[data-testid=no-assignments]")).to_be_visible()

    # --- The officer merges the comments, writes the opinion, takes the Word file, issues and sends it -----------
    office.goto(f"{url}/reviews/{dossier.pk}/opinion/")
    for part, text, proposed in (
        (clause_1, "Làm rõ và mở rộng đối tượng áp dụng.", "Tổ chức, cá nhân, doanh nghiệp khoa học và công nghệ"),
        (clause_2, "Quy định mức hỗ trợ tối đa và nguồn kinh phí.", "Mức hỗ trợ tối đa 500 triệu đồng/nhiệm vụ"),
    ):
        for comment in DraftComment.objects.filter(draft=draft, part=part):
            office.check(f"[data-testid=take-{comment.pk}]")
        office.fill("#id_text", text)
        office.fill("#id_proposed_text", proposed)
        office.fill("#id_reasons", "Theo ý kiến thống nhất của các chuyên gia.")
        office.click("[data-testid=take-submit]")
        expect(office.locator(".alert-success")).to_be_visible()
    expect(office.locator("[data-testid=item-1]")).to_contain_text("Từ 3 góp ý")
    expect(office.locator("[data-testid=item-2]")).to_contain_text("Từ 3 góp ý")
    form = office.locator("[data-testid=opinion-form]")
    form.locator("select[name=position]").select_option("amend")
    form.locator("textarea[name=reasons]").fill("Dự thảo cần thiết, phù hợp với thực tiễn của tỉnh.")
    form.locator("input[name=signer_name]").fill("Trần Văn Minh")
    office.click("[data-testid=opinion-save]")
    shot(office, "06-opinion-pc")
    with office.expect_download() as downloaded:
        office.click("[data-testid=opinion-docx]")
    opinion_file = Path(downloaded.value.path()).read_bytes()
    assert problems(opinion_file, style="administrative", issued=False) == []  # stamped, the layout holds
    stamp = WordDocument(io.BytesIO(opinion_file)).sections[0].header.paragraphs
    assert any(p.text.startswith(f"Bản của {officer}, mở lúc ") for p in stamp)
    assert [e.data["file"] for e in DraftEvent.objects.filter(dossier=dossier, kind="open", target="opinion")] == [
        f"bao-cao-ket-qua-{dossier.pk}.docx"
    ]
    assert [
        sorted(item.comments.values_list("author__username", flat=True))
        for item in OpinionItem.objects.filter(dossier=dossier).order_by("id")
    ] == [sorted(COMMENTS)] * 2
    office.click("[data-testid=opinion-issue]")
    expect(office.locator("[data-testid=opinion-state]")).to_contain_text("Số: ")
    number = dossier.opinion.number_line.removeprefix("Số: ")
    office.goto(f"{url}/reviews/{dossier.pk}/")
    _move(office, "opinions", by_written="on")
    _move(office, "drafting")
    _move(office, "review")
    _move(office, "sent", opinion_number=number, proposals="2")
    _move(office, "answered", proposals_taken_up="2", taken_up="Bổ sung đối tượng áp dụng và mức hỗ trợ tối đa.")
    _move(office, "closed")
    expect(office.locator("[data-testid=dossier-status]")).to_have_text("Đã kết thúc")
    shot(office, "07-closed-pc")
    # Every file read is in the log the staff keep: the officer's and the experts' opens, the downloads stamped.
    office.goto(f"{url}/reviews/{dossier.pk}/access/")
    opens = DraftEvent.objects.filter(dossier=dossier, kind="open")
    expect(office.locator("[data-testid=opens] tbody tr")).to_have_count(opens.count())
    assert sorted(e.actor.username for e in opens.filter(data__stamped=True)) == sorted(
        ["hatinh.canbo", "chuyengia.chau", *COMMENTS]
    )  # each expert's draft (Châu's twice: her page's link, and the check before she was taken off), the opinion
    shot(office, "07b-access-and-opens-pc")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.opinion_number, dossier.proposals, dossier.proposals_taken_up) == (
        "closed", number, 2, 2,
    )  # fmt: skip
    # Closed, the dossier is no longer the experts': their assignments end with it.
    assert expert.request.get(f"{url}/reviews/{dossier.pk}/").status == 404

    # --- The Hồng Lĩnh term report's §2.2 names the seven topics ------------------------------------------------------
    term = Report.objects.filter(org__name__contains="Hồng Lĩnh", kind=ReportKind.TERM).order_by("-version").first()
    office.goto(f"{url}/reports/{term.pk}/")
    sheet = office.locator("[data-testid=report-sheet]")
    expect(sheet).to_be_visible(timeout=30_000)
    for topic in TOPICS:
        expect(sheet).to_contain_text(topic[0])
    sheet.get_by_text(TOPICS[0][0]).first.scroll_into_view_if_needed()
    shot(office, "08-term-report-2-2-pc", full=False)
