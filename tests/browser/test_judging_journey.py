"""Judging, as issue 16's "Done when" walks it, on a 390×844 phone: a juror (no role) scores the entries on her sheet
and sees no other juror's points — nor any page of the union but hers; the Hà Tĩnh officer closes the round, reads
the ranking, proposes the prizes within the quota, records the board's approval, issues the results decision (its
Word file passes the reports' ND 30 layout check) and forwards two winners to the national edition. Screenshots
under /tmp/judging-journey."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from types import SimpleNamespace

SHOTS = Path(tempfile.gettempdir()) / "judging-journey"
PHONE = {"width": 390, "height": 844}
D = dt.date


def snap(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("window.innerWidth")


def _setup():  # type: ignore[no-untyped-def]
    """An edition of Hà Tĩnh's being judged (its final round open), four entries of Trung Lương's in one field,
    two jurors with logins — the other has scored already — and an open national edition taking two a province."""
    from lienhiep.accounts.models import User
    from lienhiep.accounts.services import user_create
    from lienhiep.contests.judging import services
    from lienhiep.contests.models import Contest, ContestField, Edition
    from lienhiep.contests.tests import judging_factories as make
    from lienhiep.orgs.models import Org

    officer = User.objects.get(username="hatinh.canbo")
    world = SimpleNamespace(
        root=User.objects.get(username="admin"),
        ha_tinh=Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh"),
        trung_luong=Org.objects.get(name="Hội KH&KT phường Trung Lương"),
    )
    judged = make.edition(world, name="Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh (hành trình chấm)")
    titles = ["Máy bóc vỏ lạc liên hợp", "Lò sấy nông sản tiết kiệm củi", "Máy cắt cỏ đa năng", "Xe rùa trợ lực"]
    entries = [
        make.entry(world, judged, title, authors=(("Hồ Văn Toàn", "Hợp tác xã Trung Lương"),)) for title in titles
    ]
    juror = make.expert(world, "Nguyễn Thị Lan Hương", user=user_create(username="giamkhao.huong", password=None,
                                                                         full_name="Nguyễn Thị Lan Hương"))  # fmt: skip
    other = make.expert(world, "Trần Quốc Bảo", workplace="Sở Công Thương Hà Tĩnh")
    mine, _ = services.juror_assign(actor=officer, round_=judged.round, expert=juror, entries=entries)
    theirs, _ = services.juror_assign(actor=officer, round_=judged.round, expert=other, entries=entries)
    for entry, (a, b) in zip(entries, ((50, 35), (45, 30), (40, 30), (20, 10)), strict=True):
        services.sheet_save(actor=other.user, seat=theirs, entry=entry,
                            points={judged.criteria[0].pk: a, judged.criteria[1].pk: b})  # fmt: skip
    national = Contest.objects.create(
        org=Org.objects.get(name="Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"), type="stkt", level="national",
        name="Hội thi Sáng tạo Kỹ thuật toàn quốc (hành trình chấm)",
    )  # fmt: skip
    up = Edition.objects.create(
        contest=national, number=18, year_start=2026, year_end=2027, opens_on=D(2026, 9, 1), closes_on=D(2027, 3, 1),
        status="open", status_since=D(2026, 9, 1), forward_quota=2,
    )  # fmt: skip
    ContestField.objects.create(edition=up, name="Cơ khí – Tự động hóa")
    return judged, entries, mine, theirs, up


def test_a_juror_scores_on_a_phone_and_the_officer_takes_the_results_to_the_decision_and_up(open_as, live_server):
    from playwright.sync_api import expect

    from lienhiep.contests.models import Entry, EntryPrize, ResultsDecision
    from lienhiep.reporting.tests.layout import problems

    judged, entries, mine, theirs, up = _setup()
    base = live_server.url

    # The juror, on a phone: her sheet, then each entry scored by criterion; another juror's points never shown.
    phone = open_as("giamkhao.huong", viewport=PHONE)
    phone.goto(f"{base}/contests/jury/{mine.pk}/")
    expect(phone.locator("[data-testid=sheet-progress]")).to_contain_text("0/4")
    no_sideways_scroll(phone)
    snap(phone, "01-sheet-phone")
    for n, (a, b) in zip(range(1, 5), ((55, 35), (40, 35), (40, 25), (25, 10)), strict=True):
        phone.click(f"[data-testid=sheet-entry-{n}]")
        # Her form is empty though the other juror has scored this entry: she sees her own points only.
        expect(phone.locator("[data-testid=score-1]")).to_have_value("")
        phone.fill("[data-testid=score-1]", str(a))
        phone.fill("[data-testid=score-2]", str(b))
        if n == 1:
            no_sideways_scroll(phone)
            snap(phone, "02-score-form-phone")
        phone.click("[data-testid=score-save]")
        expect(phone.locator("[data-testid=sheet-progress]")).to_contain_text(f"{n}/4")
    snap(phone, "03-sheet-scored-phone")
    # Nothing else of the union: the other juror's sheet, the jury, the ranking, the members.
    for path in (f"/contests/jury/{theirs.pk}/", f"/contests/rounds/{judged.round.pk}/jury/",
                 f"/contests/rounds/{judged.round.pk}/ranking/", "/members/"):  # fmt: skip
        assert phone.goto(f"{base}{path}").status == 404, path

    # The officer, on a phone too: closes the round, reads the ranking, proposes the prizes.
    office = open_as("hatinh.canbo", viewport=PHONE)
    office.on("dialog", lambda dialog: dialog.accept())
    office.goto(f"{base}/contests/rounds/{judged.round.pk}/jury/")
    snap(office, "04-jury-phone")
    office.click("[data-testid=round-close]")
    expect(office.locator("[data-testid=rank-row-1]")).to_be_visible()
    office.click("[data-testid=propose]")
    expect(office.locator("[data-testid=prize-1]")).not_to_have_value("")
    no_sideways_scroll(office)
    snap(office, "05-ranking-proposed-phone")
    assert dict(EntryPrize.objects.filter(entry__edition=judged.edition).values_list("entry__number", "rank")) == {
        1: "nhat", 2: "nhi", 3: "ba", 4: "ba",
    }  # fmt: skip
    # The board: 7 of 9 members for.
    form = office.locator("[data-testid=approval-form]")
    form.locator("input[name=held_on]").fill("25/11/2026")
    form.locator("input[name=members_total]").fill("9")
    form.locator("input[name=members_for]").fill("7")
    form.locator("input[name=minutes_number]").fill("07/BB-BTC")
    form.locator("button").click()
    # The results decision: its signer, its issue, its Word file.
    decision = office.locator("[data-testid=decision-form]")
    decision.locator("input[name=signer_name]").fill("Trần Văn Minh")
    decision.locator("button").click()
    office.fill("input[name=issued_on]", "26/11/2026")
    office.click("[data-testid=decision-issue]")
    expect(office.locator("[data-testid=decision-state]")).to_contain_text("/QĐ-")
    no_sideways_scroll(office)
    snap(office, "06-decision-phone")
    with office.expect_download() as downloaded:
        office.click("[data-testid=decision-docx]")
    docx = Path(downloaded.value.path()).read_bytes()
    assert problems(docx, style="administrative") == []
    # Two winners go up to the national edition (its quota: two a province).
    for n in (1, 2):
        office.click(f"[data-testid=forward-{n}]")
        office.locator("[data-testid=forward-form] select[name=to_edition]").select_option(str(up.pk))
        office.locator("[data-testid=forward-form] button").click()
        expect(office.locator("[data-testid=decision-state]")).to_be_visible()
    snap(office, "07-forwarded-phone")

    issued = ResultsDecision.objects.get(edition=judged.edition)
    assert (issued.number_line.startswith("Số: "), issued.issued_on) == (True, D(2026, 11, 26))
    assert sorted(Entry.objects.filter(edition=up).values_list("forwarded_from__number", "origin_unit__name")) == [
        (1, "Hội KH&KT phường Trung Lương"),
        (2, "Hội KH&KT phường Trung Lương"),
    ]
    assert list(Entry.objects.filter(edition=judged.edition).order_by("number").values_list("status", flat=True)) == [
        "forwarded", "forwarded", "prized", "prized",
    ]  # fmt: skip
