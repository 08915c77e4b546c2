"""Issue 16's "Done when", as one journey: the Hà Tĩnh officer copies last edition's rules and opens the 2026 edition;
on a 390×844 phone Trung Lương's secretary sends an entry with two authors and two files; a juror (no role) scores
her entries on a phone, sees no other juror's points and gets 404 on another juror's sheet and on the union's other
pages; the officer closes the round, reads the ranking, proposes the prizes within the quota, records the board's
approval, issues the results decision (its Word file passes the reports' ND 30 layout check) and forwards two winners
to the national edition; the public results page, without a login, lists them. Screenshots with `make
shots` (it replaces the entry journey and the judging journey, which walked it in two halves).

Between the secretary and the juror the office work no page is asked for here is done by the services (screening
the entries, the edition's moves to judging, the round opened; three more entries, another juror seated and her
sheet), as a day's work would leave it; the officer puts the juror on the round from the jury page, found by typing
"nguyen" into its expert lookup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}
CONTEST = "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh (hành trình)"
D = dt.date


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("window.innerWidth")


def _world():  # type: ignore[no-untyped-def]
    from lienhiep.accounts.models import User
    from lienhiep.orgs.models import Org

    return SimpleNamespace(
        root=User.objects.get(username="admin"),
        officer=User.objects.get(username="hatinh.canbo"),
        ha_tinh=Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh"),
        trung_luong=Org.objects.get(name="Hội KH&KT phường Trung Lương"),
    )


def _before(world):  # type: ignore[no-untyped-def]
    """Last edition (2025–2026, its rules: one final round of two criteria, two fields, a prize table per field and
    category), the 2026 edition drawn up without rules, and an open national edition taking two entries a province."""
    from lienhiep.contests.models import Contest, ContestField, Edition
    from lienhiep.contests.tests import judging_factories as make
    from lienhiep.orgs.models import Org
    from lienhiep.orgs.selectors import today

    last = make.edition(world, status="closed", round_status="closed", name=CONTEST)
    now = today()
    new = Edition.objects.create(
        contest=last.contest, number=11, year_start=2026, year_end=2027, rules_number="112/QĐ-LHH",
        opens_on=now - dt.timedelta(days=7), closes_on=now + dt.timedelta(days=30), status="draft", status_since=now,
    )  # fmt: skip
    national = Contest.objects.create(
        org=Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"), type="stkt", level="national",
        name="Hội thi Sáng tạo Kỹ thuật toàn quốc (hành trình)",
    )  # fmt: skip
    up = Edition.objects.create(
        contest=national, number=18, year_start=2026, year_end=2027, opens_on=D(2026, 9, 1), closes_on=D(2027, 3, 1),
        status="open", status_since=D(2026, 9, 1), forward_quota=2,
    )  # fmt: skip
    ContestField.objects.create(edition=up, name="Cơ khí – Tự động hóa")
    return new, up


def _to_judging(world, edition):  # type: ignore[no-untyped-def]
    """The office's work between the entries and the jury: three more entries typed from paper, every entry
    accepted at screening, the edition judged, another juror seated on the four entries, who has scored them, and
    the juror the officer will seat from the jury page."""
    from lienhiep.accounts.services import user_create
    from lienhiep.contests import services
    from lienhiep.contests.judging import services as judging
    from lienhiep.contests.tests import judging_factories as make

    edition.refresh_from_db()  # opened in the browser
    officer, field = world.officer, edition.fields.get(name="Cơ khí – Tự động hóa")
    for n, title in enumerate(("Lò sấy nông sản tiết kiệm củi", "Máy cắt cỏ đa năng", "Xe rùa trợ lực")):
        services.entry_submit(
            actor=officer, edition=edition, sending_unit=world.trung_luong, field=field, title=title,
            authors=[{"full_name": f"Hồ Văn Toàn {n + 1}", "consent_publish": True}],
            application_site="tỉnh Hà Tĩnh", applied_on=D(2024, 3, 1), from_paper=True,
        )  # fmt: skip
    entries = list(edition.entries.order_by("number"))
    for entry in entries:
        services.entry_screen(actor=officer, entry=entry, accepted=True)
    for to in ("screening", "judging"):
        services.edition_move(actor=officer, edition=edition, to=to)
    round_ = edition.rounds.get()
    judging.round_open(actor=officer, round_=round_)
    juror = make.expert(world, "Nguyễn Thị Lan Hương", user=user_create(username="giamkhao.huong", password=None,
                                                                         full_name="Nguyễn Thị Lan Hương"))  # fmt: skip
    other = make.expert(world, "Trần Quốc Bảo", workplace="Sở Công Thương Hà Tĩnh")
    theirs, _ = judging.juror_assign(actor=officer, round_=round_, expert=other, entries=entries)
    criteria = list(round_.criteria.order_by("order"))
    for entry, (a, b) in zip(entries, ((50, 35), (45, 30), (40, 30), (20, 10)), strict=True):
        judging.sheet_save(actor=other.user, seat=theirs, entry=entry,
                           points={criteria[0].pk: a, criteria[1].pk: b})  # fmt: skip
    return round_, juror, theirs


def test_from_the_rules_to_the_public_results(open_as, live_server, tmp_path):
    from playwright.sync_api import expect

    from lienhiep.contests.models import Entry, EntryPrize, JurorAssignment, ResultsDecision
    from lienhiep.contests.tests.factories import PNG
    from lienhiep.orgs.selectors import today
    from lienhiep.reporting.tests.layout import problems

    world = _world()
    edition, up = _before(world)
    base, day = live_server.url, f"{today():%d/%m/%Y}"

    # 1. The officer copies last edition's rules into the 2026 edition and opens it for entries.
    office = open_as("hatinh.canbo")
    office.on("dialog", lambda dialog: dialog.accept())
    office.goto(f"{base}/contests/editions/{edition.pk}/rules/")
    office.click("[data-testid=copy-rules]")
    expect(office.get_by_test_id("rule-fields")).to_contain_text("Cơ khí – Tự động hóa")
    expect(office.get_by_test_id("rule-prizes")).to_contain_text("Nhất")
    shot(office, "01-rules-copied")
    office.goto(f"{base}/contests/editions/{edition.pk}/")
    expect(office.get_by_test_id("move-open")).to_have_text("Mở nhận hồ sơ")
    office.click("[data-testid=move-open]")
    expect(office.get_by_test_id("edition-status")).to_have_text("Đang nhận hồ sơ")
    shot(office, "02-edition-open")

    # 2. On a phone, Trung Lương's secretary sends an entry with two authors, its registration form and a photo.
    photo, form = tmp_path / "may-boc-vo-lac.png", tmp_path / "phieu-dang-ky.pdf"
    photo.write_bytes(PNG)
    form.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    secretary = open_as("trungluong.thuky", viewport=PHONE, path="/contests/")
    secretary.locator(f"a[href='/contests/editions/{edition.pk}/']").first.click()
    secretary.get_by_test_id("entry-new").click()
    secretary.locator("#id_field").select_option(label="Cơ khí – Tự động hóa")
    secretary.locator("#id_title").fill("Máy bóc vỏ lạc liên hợp")
    secretary.locator("#id_author_unit").fill("Hợp tác xã Trung Lương")
    secretary.locator("#id_application_site").fill("phường Trung Lương, Hà Tĩnh")
    secretary.locator("#id_applied_on").fill("15/03/2025")
    secretary.locator("#id_registration").set_input_files(str(form))
    secretary.locator("#id_photo").set_input_files(str(photo))
    secretary.locator("#id_authors-0-full_name").fill("Nguyễn Văn Sen")
    secretary.locator("#id_authors-0-birth_date").fill("02/09/1978")
    secretary.locator("#id_authors-0-consent_publish").check()
    secretary.locator("#id_authors-1-full_name").fill("Trần Thị Hạt")
    secretary.locator("#id_authors-1-birth_date").fill("12/12/1985")
    no_sideways_scroll(secretary)
    shot(secretary, "03-entry-form-phone")
    secretary.get_by_test_id("entry-submit").click()
    expect(secretary.get_by_test_id("entry-status")).to_have_text("Đã nộp")
    no_sideways_scroll(secretary)
    shot(secretary, "04-entry-sent-phone")
    sent = Entry.objects.get(edition=edition, title="Máy bóc vỏ lạc liên hợp")
    assert (sent.number, sent.sending_unit, sent.authors.count(), sent.files.count()) == (1, world.trung_luong, 2, 2)

    round_, juror, theirs = _to_judging(world, edition)

    # 2b. The officer puts the juror on the round: the jury form's picker asks for the experts as she types her
    # name without accents ("nguyen"), and the field's entries go to her.
    office.goto(f"{base}/contests/rounds/{round_.pk}/jury/")
    form = office.get_by_test_id("juror-form")
    form.locator(".ts-control input").fill("nguyen")
    office.locator(".ts-dropdown .option", has_text="Nguyễn Thị Lan Hương").click()
    form.get_by_label("Cơ khí – Tự động hóa").check()
    shot(office, "04b-juror-picked")
    form.locator("button").click()
    expect(office.get_by_test_id("jury-table")).to_contain_text("Nguyễn Thị Lan Hương")
    mine = JurorAssignment.objects.get(round=round_, expert=juror)
    assert mine.assigned.count() == 4

    # 3. The juror, on a phone: her sheet, each entry scored by criterion; another juror's points never shown.
    phone = open_as("giamkhao.huong", viewport=PHONE)  # (a juror's home page: the only test that opens it)
    phone.goto(f"{base}/contests/jury/{mine.pk}/")
    expect(phone.locator("[data-testid=sheet-progress]")).to_contain_text("0/4")
    no_sideways_scroll(phone)
    shot(phone, "05-sheet-phone")
    for n, (a, b) in zip(range(1, 5), ((55, 35), (40, 35), (40, 25), (25, 10)), strict=True):
        phone.click(f"[data-testid=sheet-entry-{n}]")
        expect(phone.locator("[data-testid=score-1]")).to_have_value("")  # the other juror's points are not hers
        phone.fill("[data-testid=score-1]", str(a))
        phone.fill("[data-testid=score-2]", str(b))
        if n == 1:
            no_sideways_scroll(phone)
            shot(phone, "06-score-form-phone")
        phone.click("[data-testid=score-save]")
        expect(phone.locator("[data-testid=sheet-progress]")).to_contain_text(f"{n}/4")
    shot(phone, "07-sheet-scored-phone")
    for path in (f"/contests/jury/{theirs.pk}/", f"/contests/rounds/{round_.pk}/jury/",
                 f"/contests/rounds/{round_.pk}/ranking/", f"/contests/editions/{edition.pk}/",
                 f"/contests/entries/{sent.pk}/", "/members/", "/activities/"):  # fmt: skip
        assert phone.goto(f"{base}{path}").status == 404, path

    # 4. The officer, on a phone: closes the round, reads the ranking, proposes the prizes within the quota.
    office.set_viewport_size(PHONE)
    office.goto(f"{base}/contests/rounds/{round_.pk}/jury/")
    office.get_by_test_id("juror-form").locator(".ts-control input").fill("nguyen")  # the lookup on a phone
    expect(office.locator(".ts-dropdown .option", has_text="Nguyễn Thị Lan Hương")).to_be_visible()
    no_sideways_scroll(office)
    shot(office, "07b-jury-lookup-phone")
    office.click("[data-testid=round-close]")
    expect(office.locator("[data-testid=rank-row-1]")).to_be_visible()
    office.click("[data-testid=propose]")
    expect(office.locator("[data-testid=prize-1]")).not_to_have_value("")
    no_sideways_scroll(office)
    shot(office, "08-ranking-proposed-phone")
    assert dict(EntryPrize.objects.filter(entry__edition=edition).values_list("entry__number", "rank")) == {
        1: "nhat", 2: "nhi", 3: "ba", 4: "ba",
    }  # fmt: skip
    # The board: 7 of 9 members for.
    approval = office.locator("[data-testid=approval-form]")
    approval.locator("input[name=held_on]").fill(day)
    approval.locator("input[name=members_total]").fill("9")
    approval.locator("input[name=members_for]").fill("7")
    approval.locator("input[name=minutes_number]").fill("07/BB-BTC")
    approval.locator("button").click()
    # The results decision: its signer, its issue, its Word file.
    decision = office.locator("[data-testid=decision-form]")
    decision.locator("input[name=signer_name]").fill("Trần Văn Minh")
    decision.locator("button").click()
    office.fill("input[name=issued_on]", day)
    office.click("[data-testid=decision-issue]")
    expect(office.locator("[data-testid=decision-state]")).to_contain_text("/QĐ-")
    no_sideways_scroll(office)
    shot(office, "09-decision-phone")
    with office.expect_download() as downloaded:
        office.click("[data-testid=decision-docx]")
    assert problems(Path(downloaded.value.path()).read_bytes(), style="administrative") == []
    # Two winners go up to the national edition (its quota: two a province).
    for n in (1, 2):
        office.click(f"[data-testid=forward-{n}]")
        office.locator("[data-testid=forward-form] select[name=to_edition]").select_option(str(up.pk))
        office.locator("[data-testid=forward-form] button").click()
        expect(office.locator("[data-testid=decision-state]")).to_be_visible()
    shot(office, "10-forwarded-phone")
    assert ResultsDecision.objects.get(edition=edition).number_line.startswith("Số: ")
    assert sorted(Entry.objects.filter(edition=up).values_list("forwarded_from__number", "origin_unit__name")) == [
        (1, "Hội KH&KT phường Trung Lương"),
        (2, "Hội KH&KT phường Trung Lương"),
    ]

    # 5. Anyone, without a login, on a phone: the results, the secretary's entry first, its consenting author named.
    anonymous = office.context.browser.new_page(viewport=PHONE)
    anonymous.goto(f"{base}/contests/public/{edition.pk}/results/")
    rows = anonymous.get_by_test_id("result-row")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Máy bóc vỏ lạc liên hợp")
    expect(rows.first).to_contain_text("Nguyễn Văn Sen")
    assert "Trần Thị Hạt" not in anonymous.get_by_test_id("public-results").inner_text()  # no consent, not named
    no_sideways_scroll(anonymous)
    shot(anonymous, "11-public-results-phone")
    anonymous.close()
