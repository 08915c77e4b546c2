"""The demo contests (issue 16), made through the services as the offices would have recorded them:

- Hà Tĩnh's provincial technical innovation contest (Hội thi Sáng tạo Kỹ thuật, every two years: editions 9–11,
  2018–2023) and its yearly children and youth creativity contest (2018–2023), with the entries Hồng Lĩnh's units
  sent and their results, typed from the results decisions: 78 provincial prizes for Hồng Lĩnh over the term (seed 000
  §2.3), and a few of the Gardening association's so that the province's units rank;
- the winners forwarded to the national youth contest and to the Northern region's technical innovation contest (both
  held by VUSTA), where 12 of them won (seed 000 §2.3: "12 đề tài, sản phẩm đạt giải cấp quốc gia và Khu vực phía
  Bắc"), among them the six products of §2.4 with their levels and years, cited by their units, and the youth model
  of footnote 2 (not cited: the report's footnote names it);
- the 2026 edition of the provincial contest, its rules copied from the 2022–2023 edition, open, with entries sent by
  Trung Lương's secretary and typed from paper (judging's demo adds its jury and scores: `demo_judging.seed`).

These replace the initiatives that stood in for the prize-winning products before contests existed (activities'
demo). Seeded before `reporting`'s demo (INSTALLED_APPS order): the term report is issued with these prizes in it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.contests import demo_judging, history, services
from lienhiep.contests.models import Contest, ContestField, Edition, Entry
from lienhiep.orgs.models import Org, OrgKind

D = dt.date
HA_TINH = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh"
NATIONAL = "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"
SCHOOLS = "Chi hội KH&KT các trường học"
EDUCATION = "Hội KH&KT ngành Giáo dục và Đào tạo"
TRUNG_LUONG = "Hội KH&KT phường Trung Lương"
DAU_LIEU = "Hội KH&KT phường Đậu Liêu"
BAC_HONG = "Hội KH&KT phường Bắc Hồng"
HEALTH = "Hội KH&KT Trung tâm Y tế"
LAM_HONG = "Hội KH&KT Công ty CP Vật liệu xây dựng Lam Hồng"
GARDENING = "Hội Làm vườn tỉnh Hà Tĩnh"

STKT_FIELDS = [
    "Cơ khí – Tự động hoá – Xây dựng", "Nông, lâm, ngư nghiệp", "Y tế – Dược", "Giáo dục – Đào tạo",
    "Tin học – Điện tử – Viễn thông",
]  # fmt: skip
YOUTH_FIELDS = ["Mô hình, đồ dùng học tập", "Khoa học kỹ thuật", "Sản phẩm tin học"]

# The products the seed names, each: (contest, provincial result year, title, school or company, unit that sent it,
# field, provincial rank, higher level, higher rank, cited). Their higher results are recorded in this order (the
# report lists them by level, then in the order recorded: the seed's order).
NAMED = [
    ("youth", 2023, "Chuyển động tự quay quanh trục của Trái Đất và các hệ quả Địa lí", "trường THCS Bắc Hồng",
     SCHOOLS, 0, "nhat", "national", "ba", True),
    ("youth", 2021, "Cuộc đời, thân thế sự nghiệp Cố Tổng Bí thư Trần Phú", "trường TH Bắc Hồng", SCHOOLS, 0,
     "nhat", "national", "khuyen_khich", True),
    ("youth", 2019, "Phát huy, gìn giữ truyền thống nghề rèn Trung Lương, thị xã Hồng Lĩnh", "trường TH Trung Lương",
     SCHOOLS, 0, "nhi", "national", "khuyen_khich", True),
    ("youth", 2023, "Mô hình cuộc khởi nghĩa Hai Bà Trưng", "trường TH Bắc Hồng", SCHOOLS, 0, "nhi", "national",
     "khuyen_khich", False),
    ("stkt", 2019, "Bộ hồ ga giao thông (kiểu 2)", "Công ty TNHH Núi Hồng, phường Trung Lương", TRUNG_LUONG, 0, "nhat",
     "region", "ba", True),
    ("stkt", 2021, "Ngói xi măng màu cao cấp không nung nhãn hiệu Goldcem",
     "Công ty Cổ phần VLXD Lam Hồng, Hội KH&KT phường Đậu Liêu", DAU_LIEU, 0, "nhat", "region", "khuyen_khich", True),
    ("stkt", 2021, "Bi hợp kim dùng trong nghiền than phục vụ nhà máy nhiệt điện", "Hội KH&KT Phường Trung Lương",
     TRUNG_LUONG, 0, "nhi", "region", "ba", True),
]  # fmt: skip
# Other winners forwarded to the Northern region's contest (year, title, company, unit, field, rank there).
REGION_OTHERS = [
    (2019, "Máy sấy nông sản dùng năng lượng mặt trời", "Hợp tác xã Nam Hồng", BAC_HONG, 1, "khuyen_khich"),
    (2019, "Khuôn đúc ống cống bê tông ly tâm cải tiến", "Công ty Cổ phần VLXD Lam Hồng", LAM_HONG, 0, "khuyen_khich"),
    (2021, "Quy trình nuôi cấy mô cây keo lai", "Hội KH&KT phường Đậu Liêu", DAU_LIEU, 1, "ba"),
    (2021, "Thiết bị cảnh báo cháy cho nhà xưởng", "Công ty TNHH Núi Hồng", TRUNG_LUONG, 0, "khuyen_khich"),
    (2023, "Phần mềm quản lý bệnh án ngoại trú", "Trung tâm Y tế thị xã Hồng Lĩnh", HEALTH, 4, "khuyen_khich"),
]  # fmt: skip
# A winner forwarded to the national youth contest that won nothing there (the forwarded results say so).
NATIONAL_NONE = (2021, "Mô hình nhà thông minh tiết kiệm điện", "trường THCS Nam Hồng", SCHOOLS, 2)

# Hồng Lĩnh's provincial prizes per edition (78 in all): the technical contest's years, then the youth contest's.
STKT_PRIZES = {2019: 10, 2021: 12, 2023: 12}
YOUTH_PRIZES = {2018: 6, 2019: 8, 2020: 7, 2021: 8, 2022: 7, 2023: 8}
NOT_PRIZED = 3  # entries of Hồng Lĩnh's with no prize, per edition
# Results decisions: the provincial technical contest in October, the youth contest in May (2018: November, the
# term began in June), the region's and the nation's in December.
STKT_RESULTS = {2019: D(2019, 10, 15), 2021: D(2021, 10, 20), 2023: D(2023, 10, 25)}
YOUTH_RESULTS = {2018: D(2018, 11, 20), **{y: D(y, 5, 20) for y in range(2019, 2024)}}
HIGHER_RESULTS = {2019: D(2019, 12, 18), 2021: D(2021, 12, 16), 2023: D(2023, 12, 14)}

TITLES = {
    "stkt": [
        "Cải tiến máy {x}", "Giải pháp nâng cao năng suất {x}", "Thiết bị tự động {x}", "Quy trình kỹ thuật {x}",
        "Ứng dụng công nghệ mới trong {x}",
    ],
    "youth": ["Mô hình {x}", "Đồ dùng học tập {x}", "Thiết bị {x} cho lớp học", "Sản phẩm {x} từ vật liệu tái chế"],
}  # fmt: skip
SUBJECTS = ["tưới nước", "phân loại rác", "chăn nuôi gà", "gieo hạt", "đo mưa", "sấy lúa", "chiếu sáng", "lọc nước"]
UNITS_STKT = [TRUNG_LUONG, DAU_LIEU, BAC_HONG, HEALTH, LAM_HONG]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Gia Huy", "Ngọc Lan", "Quốc Bảo"]
RANKS = ["nhat", "nhi", "nhi", "ba", "ba", "ba"]  # then consolation prizes
DAYS = dt.timedelta


def _name(n: int) -> str:
    return f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n * 7) % len(GIVEN)]}"


def _authors(kind: str, n: int, year: int) -> list[dict[str, Any]]:
    if kind == "youth":
        born = D(year - 12 + n % 4, 1 + n % 12, 1 + n % 27)
        return [
            {"full_name": _name(n), "birth_date": born, "guardian_name": _name(n + 3), "consent_publish": n % 3 != 0},
            {"full_name": _name(n + 1), "birth_date": born + DAYS(days=200), "guardian_name": _name(n + 5)},
        ]
    return [
        {"full_name": _name(n), "birth_date": D(1970 + n % 25, 3, 12), "consent_publish": True},
        {"full_name": _name(n + 2), "birth_date": D(1975 + n % 20, 8, 2), "consent_publish": n % 2 == 0},
    ]


def _edition(actor: User, contest: Contest, number: int, years: tuple[int, int], opens: D, closes: D,
             fields: list[str], **rules: Any) -> Edition:  # fmt: skip
    edition = services.edition_create(
        actor=actor, contest=contest, number=number, year_start=years[0], year_end=years[1],
        rules_number=f"{number * 7 + 3}/QĐ-LHH", rules_date=opens - DAYS(days=20), opens_on=opens, closes_on=closes,
        rules_text="Thể lệ ban hành kèm theo quyết định của Ban Tổ chức.", **rules,
    )  # fmt: skip
    for name in fields:
        services.field_add(actor=actor, edition=edition, name=name)
    services.edition_move(actor=actor, edition=edition, to="open", on=opens)
    return edition


def _judge(actor: User, edition: Edition, results: list[tuple[Entry, str | None]], on: D) -> None:
    """Screen every entry in, record each result on the results day, and approve the edition's results."""
    closes = edition.closes_on
    services.edition_move(actor=actor, edition=edition, to="screening", on=closes + DAYS(days=1))
    for entry, _rank in results:
        services.entry_screen(actor=actor, entry=entry, accepted=True, on=closes + DAYS(days=5))
    services.edition_move(actor=actor, edition=edition, to="judging", on=closes + DAYS(days=10))
    for entry, rank in results:
        history.result_record(actor=actor, entry=entry, rank=rank, on=on)
    history.results_decision_record(actor=actor, edition=edition, number=f"{edition.number * 11 + 5}/QĐ-LHH", on=on)
    services.edition_move(actor=actor, edition=edition, to="approved", on=on)


class _Seeder:
    def __init__(self, officer: User, vusta: User, units: dict[str, Org]) -> None:
        self.officer, self.vusta, self.units = officer, vusta, units
        self.n = 0

    def entry(self, edition: Edition, kind: str, unit: str, *, title: str = "", author_unit: str = "",
              field: int = 0, cited: bool = False) -> Entry:  # fmt: skip
        self.n += 1
        year = edition.year_end
        if not title:
            title = TITLES[kind][self.n % len(TITLES[kind])].format(x=SUBJECTS[self.n % len(SUBJECTS)])
            title = f"{title} ({year})"
        applied: dict[str, Any] = {} if kind == "youth" else {
            "application_site": "thị xã Hồng Lĩnh, tỉnh Hà Tĩnh" if unit != GARDENING else "tỉnh Hà Tĩnh",
            "applied_on": edition.opens_on - DAYS(days=200 + self.n % 300),
        }  # fmt: skip
        return services.entry_submit(
            actor=self.officer, edition=edition, sending_unit=self.units[unit],
            field=edition.fields.order_by("order")[field], title=title, authors=_authors(kind, self.n, year),
            author_unit=author_unit, from_paper=True, cited=cited,
            submitted_on=edition.closes_on - DAYS(days=10 + self.n % 40), **applied,
        )  # fmt: skip


def seed(out: Any) -> None:
    ha_tinh = Org.objects.filter(kind=OrgKind.PROVINCIAL, name=HA_TINH).first()
    national = Org.objects.filter(kind=OrgKind.NATIONAL, name=NATIONAL).first()
    officer = User.objects.filter(username="hatinh.canbo").first()
    vusta = User.objects.filter(username="vusta.canbo").first()
    if ha_tinh is None or national is None or officer is None or vusta is None or Contest.objects.exists():
        return
    names = [SCHOOLS, EDUCATION, TRUNG_LUONG, DAU_LIEU, BAC_HONG, HEALTH, LAM_HONG, GARDENING]
    units = {o.name: o for o in Org.objects.filter(name__in=names)}
    seeder = _Seeder(officer, vusta, units)
    stkt = services.contest_create(
        actor=officer, org=ha_tinh, type="stkt", level="province", name="Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh"
    )
    youth = services.contest_create(
        actor=officer, org=ha_tinh, type="youth", level="province",
        name="Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Hà Tĩnh",
    )  # fmt: skip
    region = services.contest_create(
        actor=vusta, org=national, type="stkt", level="region", area="Khu vực phía Bắc",
        name="Hội thi Sáng tạo Kỹ thuật Khu vực phía Bắc",
    )  # fmt: skip
    nation_youth = services.contest_create(
        actor=vusta, org=national, type="youth", level="national",
        name="Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng toàn quốc",
    )  # fmt: skip

    # The province's editions, Hồng Lĩnh's entries and their results; the winners to forward, by year.
    forward: dict[tuple[str, int], list[tuple[Entry, Any]]] = {}
    provincial: dict[tuple[str, int], Edition] = {}
    named_by_year: dict[tuple[str, int], list[Any]] = {}
    for named in NAMED:
        named_by_year.setdefault((named[0], named[1]), []).append(named)
    others_by_year: dict[int, list[Any]] = {}
    for other in REGION_OTHERS:
        others_by_year.setdefault(other[0], []).append(other)
    for kind, contest, prizes_per_year, results in (
        ("stkt", stkt, STKT_PRIZES, STKT_RESULTS), ("youth", youth, YOUTH_PRIZES, YOUTH_RESULTS),
    ):  # fmt: skip
        for number, (year, prizes) in enumerate(prizes_per_year.items(), start=9 if kind == "stkt" else 14):
            first = year - 1 if kind == "stkt" else year
            opens, closes = (D(first, 9, 1), D(year, 6, 30)) if kind == "stkt" else (D(year, 1, 5), D(year, 4, 10))
            if year == 2018:
                opens, closes = D(2018, 6, 20), D(2018, 10, 15)
            rules = (
                {"applied_place": "tỉnh Hà Tĩnh", "applied_since": D(first - 3, 1, 1)}
                if kind == "stkt"
                else {"born_from": D(year - 18, 1, 1), "born_to": D(year - 6, 12, 31)}
            )
            edition = _edition(
                officer, contest, number, (first, year), opens, closes,
                STKT_FIELDS if kind == "stkt" else YOUTH_FIELDS, **rules,
            )  # fmt: skip
            provincial[(kind, year)] = edition
            results_rows: list[tuple[Entry, str | None]] = []
            for row in named_by_year.get((kind, year), []):
                made = seeder.entry(edition, kind, row[4], title=row[2], author_unit=row[3], field=row[5], cited=row[9])
                results_rows.append((made, row[6]))
                forward.setdefault((kind, year), []).append((made, row))
            if kind == "stkt":
                for other in others_by_year.get(year, []):
                    made = seeder.entry(edition, kind, other[3], title=other[1], author_unit=other[2], field=other[4])
                    results_rows.append((made, "nhi"))
                    forward.setdefault((kind, year), []).append((made, other))
            if kind == "youth" and year == NATIONAL_NONE[0]:
                made = seeder.entry(
                    edition, kind, NATIONAL_NONE[3], title=NATIONAL_NONE[1], author_unit=NATIONAL_NONE[2],
                    field=NATIONAL_NONE[4],
                )  # fmt: skip
                results_rows.append((made, "ba"))
                forward.setdefault((kind, year), []).append((made, None))
            units_cycle = UNITS_STKT if kind == "stkt" else [SCHOOLS, EDUCATION]
            while len(results_rows) < prizes:
                i = len(results_rows)
                unit = units_cycle[i % len(units_cycle)]
                made = seeder.entry(edition, kind, unit, field=i % len(edition.fields.all()))
                results_rows.append((made, RANKS[i] if i < len(RANKS) else "khuyen_khich"))
            for i in range(NOT_PRIZED):
                made = seeder.entry(edition, kind, units_cycle[i % len(units_cycle)], field=i % 2)
                results_rows.append((made, None))
            if kind == "stkt":  # the Gardening association's two prizes and one without
                for rank in ("nhi", "khuyen_khich", None):
                    results_rows.append((seeder.entry(edition, kind, GARDENING, field=1), rank))
            _judge(officer, edition, results_rows, results[year])

    # The higher editions: the region's technical contest and the national youth contest, in the years Hồng Lĩnh's
    # winners went up. Their results are recorded product by product in the seed's order, the others after.
    higher: dict[tuple[str, int], Edition] = {}
    for number, year in enumerate((2019, 2021, 2023), start=5):
        higher[("stkt", year)] = _edition(
            vusta, region, number, (year, year), D(year, 10, 25), D(year, 11, 20), STKT_FIELDS
        )
        higher[("youth", year)] = _edition(
            vusta, nation_youth, number + 10, (year, year), D(year, 6, 1), D(year, 9, 30), YOUTH_FIELDS
        )
    sent: dict[tuple[str, int], list[tuple[Entry, Any]]] = {}
    for (kind, year), rows in forward.items():
        edition = higher[(kind, year)]
        on = edition.opens_on + DAYS(days=5)
        for entry, row in rows:
            field = ContestField.objects.get(edition=edition, name=entry.field.name)
            up = history.forward_record(actor=officer, entry=entry, to=edition, field=field, on=on)
            sent.setdefault((kind, year), []).append((up, row))
    for (kind, year), edition in higher.items():
        closes = edition.closes_on
        services.edition_move(actor=vusta, edition=edition, to="screening", on=closes + DAYS(days=1))
        for up, _row in sent.get((kind, year), []):
            services.entry_screen(actor=vusta, entry=up, accepted=True, on=closes + DAYS(days=3))
        services.edition_move(actor=vusta, edition=edition, to="judging", on=closes + DAYS(days=5))
    by_title = {up.title: (up, row) for rows in sent.values() for up, row in rows}
    for row in NAMED:
        up, _ = by_title[row[2]]
        history.result_record(actor=vusta, entry=up, rank=row[8], on=HIGHER_RESULTS[row[1]])
    for other in REGION_OTHERS:
        up, _ = by_title[other[1]]
        history.result_record(actor=vusta, entry=up, rank=other[5], on=HIGHER_RESULTS[other[0]])
    up, _ = by_title[NATIONAL_NONE[1]]
    history.result_record(actor=vusta, entry=up, rank=None, on=HIGHER_RESULTS[NATIONAL_NONE[0]])
    for (_kind, year), edition in higher.items():
        history.results_decision_record(
            actor=vusta, edition=edition, number=f"{edition.number * 13 + 2}/QĐ-LHHVN", on=HIGHER_RESULTS[year]
        )
        services.edition_move(actor=vusta, edition=edition, to="approved", on=HIGHER_RESULTS[year])
        services.edition_move(actor=vusta, edition=edition, to="closed", on=HIGHER_RESULTS[year] + DAYS(days=30))
    for (kind, year), edition in provincial.items():
        closed_on = (STKT_RESULTS if kind == "stkt" else YOUTH_RESULTS)[year] + DAYS(days=60)
        services.edition_move(actor=officer, edition=edition, to="closed", on=closed_on)
    out.write(
        f"  {Entry.objects.count()} demo contest entries ({len(provincial)} provincial editions of Hà Tĩnh 2018–2023,"
        f" {len(higher)} higher editions)\n"
    )
    youth_2026 = _youth_2026(officer, youth, seeder)
    out.write(
        f"  1 demo youth contest edition judged in H1 2026: {youth_2026} ({youth_2026.entries.count()} entries)\n"
    )
    open_edition = _open_2026(officer, stkt, provincial[("stkt", 2023)], units)
    out.write(f"  1 open demo contest edition: {open_edition} ({open_edition.entries.count()} entries)\n")
    # Judging's demo: jurors and their scores in progress on the open edition.
    demo_judging.seed(out, edition=open_edition)


# The youth contest of 2026, judged on 20/05/2026 with its prize table, so that the Hà Tĩnh half-year report H1 2026
# prints a prize table that adds up (REPORTING.md §5.9 D 29): per field, its places and the entries awarded.
YOUTH_2026_TABLE = (("nhat", 1), ("nhi", 1), ("ba", 2), ("khuyen_khich", 2))
YOUTH_2026_AWARDED = {0: ("nhat", "nhi", "ba", "khuyen_khich"), 1: ("nhi", "ba"), 2: ("ba", "khuyen_khich")}
YOUTH_2026_RESULTS = D(2026, 5, 20)


def _youth_2026(officer: User, contest: Contest, seeder: _Seeder) -> Edition:
    opens, closes = D(2026, 1, 5), D(2026, 4, 10)
    edition = services.edition_create(
        actor=officer, contest=contest, number=20, year_start=2026, year_end=2026, rules_number="07/QĐ-LHH",
        rules_date=opens - DAYS(days=20), opens_on=opens, closes_on=closes,
        rules_text="Thể lệ ban hành kèm theo quyết định của Ban Tổ chức.", born_from=D(2008, 1, 1),
        born_to=D(2020, 12, 31),
    )  # fmt: skip
    rows: dict[tuple[int, str], Any] = {}
    for order, name in enumerate(YOUTH_FIELDS):
        field = services.field_add(actor=officer, edition=edition, name=name)
        for rank, count in YOUTH_2026_TABLE:
            rows[(order, rank)] = services.prize_row_add(
                actor=officer, edition=edition, field=field, rank=rank, count=count, amount=Decimal(1_000_000)
            )
    services.edition_move(actor=officer, edition=edition, to="open", on=opens)
    results: list[tuple[Entry, Any]] = []
    for order, ranks in YOUTH_2026_AWARDED.items():
        for i, given in enumerate((*ranks, None)):
            made = seeder.entry(edition, "youth", [SCHOOLS, EDUCATION][i % 2], field=order)
            results.append((made, rows[(order, given)] if given else None))
    services.edition_move(actor=officer, edition=edition, to="screening", on=closes + DAYS(days=1))
    for made, _row in results:
        services.entry_screen(actor=officer, entry=made, accepted=True, on=closes + DAYS(days=5))
    services.edition_move(actor=officer, edition=edition, to="judging", on=closes + DAYS(days=10))
    for made, row in results:
        won = row.rank if row is not None else None
        history.result_record(actor=officer, entry=made, rank=won, prize_row=row, on=YOUTH_2026_RESULTS)
    history.results_decision_record(actor=officer, edition=edition, number="231/QĐ-LHH", on=YOUTH_2026_RESULTS)
    services.edition_move(actor=officer, edition=edition, to="approved", on=YOUTH_2026_RESULTS)
    return edition


def open_edition() -> Edition | None:
    """The demo's open 2026 edition (judging's demo and the browser journeys start from it)."""
    return Edition.objects.filter(contest__name="Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh", year_start=2026).first()


def _open_2026(officer: User, contest: Contest, last: Edition, units: dict[str, Org]) -> Edition:
    """The 2026 edition: its rules copied from the 2022–2023 edition's (a round of each kind, its rubric and prize
    table entered there first), opened, with entries sent by Trung Lương's secretary and typed from paper."""
    edition = services.edition_create(
        actor=officer, contest=contest, number=12, year_start=2026, year_end=2027, rules_number="112/QĐ-LHH",
        rules_date=D(2026, 8, 20), opens_on=D(2026, 9, 1), closes_on=D(2026, 12, 31), applied_place="tỉnh Hà Tĩnh",
        applied_since=D(2023, 1, 1),
    )  # fmt: skip
    _rubric(officer, edition)
    services.edition_move(actor=officer, edition=edition, to="open", on=D(2026, 9, 1))
    secretary = User.objects.filter(username="trungluong.thuky").first() or officer
    fields = list(edition.fields.order_by("order"))
    rows = [
        (secretary, TRUNG_LUONG, "Máy bóc vỏ lạc liên hợp", fields[0], D(2026, 10, 6), False),
        (secretary, TRUNG_LUONG, "Lò đốt rác thải sinh hoạt không khói", fields[0], D(2026, 10, 20), False),
        (secretary, TRUNG_LUONG, "Quy trình ủ phân hữu cơ từ phụ phẩm nông nghiệp", fields[1], D(2026, 11, 3), False),
        (officer, GARDENING, "Giống bưởi Phúc Trạch ghép trên gốc chịu hạn", fields[1], D(2026, 11, 10), True),
        (officer, GARDENING, "Hệ thống tưới nhỏ giọt điều khiển qua điện thoại", fields[1], D(2026, 11, 12), True),
        (officer, HEALTH, "Phần mềm nhắc lịch tiêm chủng cho trẻ em", fields[2], D(2026, 11, 14), True),
    ]
    for n, (actor, unit, title, field, on, paper) in enumerate(rows):
        entry = services.entry_submit(
            actor=actor, edition=edition, sending_unit=units[unit], field=field, title=title,
            authors=_authors("stkt", 100 + n, 2026), author_unit=units[unit].name,
            application_site="tỉnh Hà Tĩnh", applied_on=D(2024, 3, 1) + DAYS(days=40 * n), from_paper=paper,
            submitted_on=on,
        )  # fmt: skip
        if n < 4:
            services.entry_screen(actor=officer, entry=entry, accepted=True, on=D(2026, 11, 20))
    return edition


def _rubric(officer: User, edition: Edition) -> None:
    """The 2026 edition's rules: the 2022–2023 edition's fields, copied, then its rounds, rubric and prize table."""
    previous = services.previous_edition(edition)
    if previous is not None and not previous.rounds.exists():
        # The past editions were typed from their results decisions, without their rubric; the copy takes the fields
        # and the rules text, and the rounds are entered for this edition.
        services.edition_copy_rules(actor=officer, edition=edition, source=previous)
    first = services.round_add(actor=officer, edition=edition, kind="so_khao", approval_threshold=Decimal(50))
    final = services.round_add(
        actor=officer, edition=edition, kind="chung_khao", drop_outliers=True, approval_threshold=Decimal("66.67")
    )
    bands = [{"label": "Tốt", "min": 20, "max": 30}, {"label": "Đạt", "min": 10, "max": 19}]
    for rnd in (first, final):
        services.criterion_add(actor=officer, round=rnd, name="Tính mới, tính sáng tạo", max_points=30, bands=bands)
        services.criterion_add(actor=officer, round=rnd, name="Khả năng áp dụng, nhân rộng", max_points=40)
        services.criterion_add(actor=officer, round=rnd, name="Hiệu quả kinh tế – xã hội", max_points=30)
    for field in edition.fields.order_by("order"):
        for rank, count, amount in (("nhat", 1, 15_000_000), ("nhi", 2, 10_000_000), ("ba", 3, 7_000_000),
                                    ("khuyen_khich", 4, 3_000_000)):  # fmt: skip
            services.prize_row_add(
                actor=officer, edition=edition, field=field, rank=rank, count=count, amount=Decimal(amount),
                extra_honour="Bằng khen của Chủ tịch UBND tỉnh" if rank == "nhat" else "",
            )  # fmt: skip
