"""Demo activities and initiatives of Hồng Lĩnh, 2018–2023, from ../shared/seeds/000_…: the trainings,
seminars, cooperations, publications and campaigns the report names, synthetic routine ones around them
(a few a month), and the initiatives it names plus synthetic ones, so that more than 900 initiatives
were applied over the term. After the 2025 reform the associations go on under Hà Tĩnh's union.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.activities import services
from lienhiep.activities.models import Activity, Initiative, InitiativeLevel, PartnerKind
from lienhiep.members.models import Field
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.selectors import today

D = dt.date
TERM_YEARS = range(2018, 2024)

PARTNERS = [
    ("Trung tâm Ứng dụng tiến bộ KHKT và Bảo vệ cây trồng vật nuôi thị xã Hồng Lĩnh", PartnerKind.DEPARTMENT),
    ("Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", PartnerKind.DEPARTMENT),
    ("Sở Tư pháp tỉnh Hà Tĩnh", PartnerKind.DEPARTMENT),
    ("Phòng Thương mại và Công nghiệp Việt Nam (VCCI)", PartnerKind.OTHER),
    ("Hội Nông nghiệp tỉnh Hà Tĩnh", PartnerKind.OTHER),
    ("Bệnh viện Đa khoa Medlatec (Hà Nội)", PartnerKind.HOSPITAL),
    ("Bệnh viện Bạch Mai", PartnerKind.HOSPITAL),
    ("Bệnh viện Mắt Trung ương", PartnerKind.HOSPITAL),
    ("Trung tâm Văn hóa - Truyền thông thị xã Hồng Lĩnh", PartnerKind.MEDIA),
    ("Tạp chí Khoa học và Cuộc sống", PartnerKind.MEDIA),
    ("Công ty TNHH Núi Hồng", PartnerKind.COMPANY),
]

UNION = "town"  # the town union itself
GOV = "Hội KH&KT cơ quan Chính quyền"
PEOPLE = "Hội KH&KT cơ quan Khối dân"
HEALTH = "Hội KH&KT Trung tâm Y tế"
HOSPITAL = "Hội KH&KT Bệnh viện đa khoa Hồng Hà"
SCHOOLS = "Chi hội KH&KT các trường học"
TRUNG_LUONG = "Hội KH&KT phường Trung Lương"
THUAN_LOC = "Hội KH&KT xã Thuận Lộc"

# (organiser, kind, title, date, field code, partners, co-organisers, figures)
NAMED: list[tuple[str, str, str, dt.date, str, list[int], list[str], dict[str, Any]]] = [
    (UNION, "seminar", "Tổng kết Cuộc thi sáng tạo thanh thiếu niên nhi đồng toàn tỉnh", D(2019, 5, 24), "giao-duc",
     [], ["ha_tinh"], {"participants_members": 60, "participants_officials": 40, "participants_public": 150}),
    (GOV, "seminar", "Hội thảo chuyên đề giải pháp nâng cao hiệu quả sử dụng đất nông nghiệp trên địa bàn thị xã",
     D(2019, 9, 12), "nong-nghiep", [4], [], {"participants_members": 35, "participants_officials": 25}),
    (GOV, "training", "Tập huấn chuyên đề ứng dụng, triển khai công nghệ thông tin và phổ biến pháp luật",
     D(2020, 8, 20), "cong-nghe-thong-tin", [1, 2], [], {"participants_members": 40, "participants_officials": 70}),
    (GOV, "training", "Lớp đào tạo “Cơ hội và thách thức cho nhà quản trị trong thời đại công nghệ 4.0”",
     D(2021, 11, 5), "kinh-te", [3], [], {"participants_officials": 45, "participants_public": 60}),
    (PEOPLE, "seminar",
     "Hội thảo nâng cao chất lượng hoạt động tư vấn, phản biện và giám định xã hội của Hội KH&KT các cấp",
     D(2022, 6, 16), "", [], ["ha_tinh"], {"participants_members": 70, "participants_officials": 20}),
    (HEALTH, "cooperation",
     "Chuyển giao kỹ thuật xét nghiệm vi rút viêm gan B, C, nội tiết, ung thư và sàng lọc trước sinh",
     D(2019, 3, 15), "y-te", [5, 6], [HOSPITAL], {"participants_officials": 28}),
    (HOSPITAL, "cooperation", "Triển khai kỹ thuật chụp, chiếu công nghệ cao và xét nghiệm phức tạp",
     D(2021, 4, 9), "y-te", [5, 6, 7], [HEALTH], {"participants_officials": 22}),
    (HEALTH, "cooperation", "Điều trị đục thủy tinh thể theo phương pháp Phaco", D(2020, 10, 2), "y-te", [7], [],
     {"participants_public": 180}),
    (UNION, "publication", "Sách “Hồng Lĩnh tiềm năng và cơ hội đầu tư”", D(2022, 7, 25), "kinh-te", [], [],
     {"publication_kind": "book", "copies": 1000}),
    (UNION, "publication", "Sách nhạc “Hồng Lĩnh khúc tình ca”", D(2022, 8, 10), "van-hoa", [], [],
     {"publication_kind": "book", "copies": 500}),
    (UNION, "publication", "Phim tài liệu 30 năm thành lập thị xã Hồng Lĩnh", D(2022, 8, 20), "van-hoa", [8], [],
     {"publication_kind": "film", "copies": 1}),
    (UNION, "dissemination", "Triển lãm ảnh “Hồng Lĩnh 30 năm một chặng đường”", D(2022, 8, 22), "van-hoa", [8], [],
     {"participants_public": 2500}),
    (UNION, "leaflets", "Tờ rơi, pa nô tuyên truyền Hội thi sáng tạo kỹ thuật", D(2019, 2, 20), "", [], [],
     {"copies": 600}),
    (UNION, "leaflets", "Tờ rơi tuyên truyền Hội thi sáng tạo kỹ thuật lần thứ X", D(2022, 3, 1), "", [], [],
     {"copies": 400}),
    (THUAN_LOC, "dissemination", "Tuyên truyền xây dựng nông thôn mới tại xã Thuận Lộc", D(2020, 5, 12),
     "nong-nghiep", [8], [], {"participants_public": 320, "copies": 300}),
    (GOV, "dissemination", "Hướng dẫn hội viên tham gia cuộc thi trực tuyến tìm hiểu về cải cách hành chính",
     D(2021, 9, 1), "luat", [], [], {"participants_members": 210}),
    (UNION, "campaign", "Ủng hộ đồng bào miền Trung khắc phục hậu quả lũ lụt", D(2020, 10, 20), "", [], [],
     {"money_raised": 18_500_000, "gifts": 40, "gifts_value": 12_000_000, "recipients": 40, "theme": "disaster",
      "beneficiary": "disaster"}),
    (UNION, "campaign", "Quỹ Vì người nghèo thị xã", D(2021, 10, 17), "", [], [],
     {"money_raised": 12_000_000, "theme": "fund_for_the_poor", "beneficiary": "poor"}),
    (UNION, "campaign", "Ủng hộ nạn nhân chất độc da cam/dioxin", D(2022, 8, 10), "", [], [],
     {"money_raised": 8_000_000, "recipients": 16, "theme": "agent_orange", "beneficiary": "agent_orange"}),
    (UNION, "campaign", "Khuyến học, khuyến tài năm học 2022 - 2023", D(2022, 9, 5), "giao-duc", [], [],
     {"money_raised": 15_000_000, "scholarships": 30, "recipients": 30, "theme": "study", "beneficiary": "pupils"}),
    (UNION, "visit", "Thăm hỏi, tặng quà gia đình chính sách nhân ngày Thương binh - Liệt sĩ", D(2023, 7, 25), "",
     [], [],
     {"gifts": 20, "gifts_value": 10_000_000, "recipients": 20, "theme": "gratitude",
      "beneficiary": "policy_families"}),
    (GOV, "legal_aid", "Tư vấn pháp luật về đất đai cho nhân dân các phường", D(2023, 4, 14), "luat", [2], [],
     {"persons_advised": 64, "cases_handled": 9, "legal_areas": ["land"], "mode": "in_person"}),
]  # fmt: skip

# Routine activities every year: (organiser, kind, title, months, field, partners, figures).
ROUTINE: list[tuple[str, str, str, tuple[int, ...], str, list[int], dict[str, Any]]] = [
    (TRUNG_LUONG, "training", "Tập huấn kỹ thuật chăn nuôi gà an toàn sinh học", (3,), "nong-nghiep", [0],
     {"participants_public": 45, "participants_members": 8}),
    ("Hội KH&KT phường Bắc Hồng", "training", "Tập huấn kỹ thuật sản xuất lúa và bắc mạ che phủ nilon", (1,),
     "nong-nghiep", [0], {"participants_public": 60}),
    (THUAN_LOC, "training", "Hướng dẫn kỹ thuật gieo cấy giống cây trồng mới vụ Xuân", (1,), "nong-nghiep", [0],
     {"participants_public": 80}),
    (THUAN_LOC, "training", "Hướng dẫn kỹ thuật gieo cấy giống cây trồng mới vụ Hè thu", (5,), "nong-nghiep", [0],
     {"participants_public": 70}),
    ("Hội KH&KT phường Nam Hồng", "training", "Hướng dẫn kỹ thuật trồng rau màu vụ Đông", (9,), "nong-nghiep", [0],
     {"participants_public": 40}),
    ("Hội KH&KT phường Đức Thuận", "training", "Tập huấn phân loại, xử lý rác thải hộ gia đình", (6,),
     "moi-truong", [], {"participants_public": 55}),
    ("Hội KH&KT phường Đậu Liêu", "leaflets", "Tờ rơi phòng trừ sâu bệnh trên cây trồng", (2, 8), "nong-nghiep",
     [0], {"copies": 300}),
    (UNION, "publication", "Bài viết trên Tạp chí Khoa học và Cuộc sống", (4, 10), "", [9],
     {"publication_kind": "article", "copies": 1}),
    (UNION, "publication", "Tin bài trên Trang thông tin điện tử thị xã", (3, 6, 9, 12), "", [8],
     {"publication_kind": "article", "copies": 1}),
    (HEALTH, "training", "Tập huấn sơ cấp cứu ban đầu cho nhân viên y tế phường", (4,), "y-te", [],
     {"participants_officials": 30}),
    (SCHOOLS, "seminar", "Sinh hoạt chuyên đề đổi mới phương pháp dạy học", (10,), "giao-duc", [],
     {"participants_members": 45}),
    (UNION, "visit", "Thăm hỏi, tặng quà hội viên có hoàn cảnh khó khăn dịp Tết", (1,), "", [],
     {"gifts": 15, "gifts_value": 7_500_000, "recipients": 15}),
]  # fmt: skip

# The prize-winning products of seed 000 §2.4 are contest entries and their prizes (contests' demo), no longer
# initiatives: these are the initiatives the seed names.
NAMED_INITIATIVES = [
    (HEALTH, "Kỹ thuật điều trị đục thủy tinh thể theo phương pháp Phaco", "Khoa Mắt, Trung tâm Y tế thị xã", "y-te",
     InitiativeLevel.SECTOR, 2018, "Triển khai rộng rãi cho người bệnh trên địa bàn"),
    (HEALTH, "Đánh giá hiệu quả sử dụng bảng y lệnh điều trị cải tiến", "Phòng Điều dưỡng, Trung tâm Y tế thị xã",
     "y-te", InitiativeLevel.SECTOR, 2020, "Áp dụng tại các khoa điều trị"),
    (HOSPITAL, "Ứng dụng nội soi Tai - Mũi - Họng trong khám chẩn đoán và điều trị", "Khoa Liên chuyên khoa",
     "y-te", InitiativeLevel.SECTOR, 2022, "Áp dụng trong khám bệnh hằng ngày"),
]  # fmt: skip

# Synthetic initiatives per year of the term, and how many of them were not (yet) applied.
PER_YEAR = {2018: 150, 2019: 152, 2020: 155, 2021: 158, 2022: 160, 2023: 165}
NOT_APPLIED_PER_YEAR = 3
TOPICS = {
    "giao-duc": [
        "Một số biện pháp nâng cao chất lượng dạy học môn {x}",
        "Ứng dụng công nghệ thông tin trong dạy {x}",
        "Kinh nghiệm rèn kỹ năng {x} cho học sinh",
    ],
    "y-te": ["Cải tiến quy trình {x} tại Trung tâm Y tế", "Nâng cao hiệu quả {x} cho người bệnh"],
    "nong-nghiep": ["Mô hình {x} theo hướng an toàn sinh học", "Giải pháp nâng cao năng suất {x}"],
    "kinh-te": ["Giải pháp nâng cao hiệu quả {x}", "Cải tiến quy trình {x} tại đơn vị"],
    "cong-nghe-thong-tin": ["Ứng dụng phần mềm trong {x}", "Số hóa hồ sơ {x}"],
}
SUBJECTS = {
    "giao-duc": ["Toán", "Tiếng Việt", "Ngữ văn", "Tiếng Anh", "Địa lí", "Lịch sử", "Khoa học tự nhiên", "đọc hiểu"],
    "y-te": ["khám bệnh", "tiêm chủng", "chăm sóc người bệnh", "quản lý bệnh mạn tính", "điều dưỡng"],
    "nong-nghiep": ["chăn nuôi gà", "trồng lúa", "nuôi bò thịt", "trồng rau màu", "nuôi lợn"],
    "kinh-te": ["thu ngân sách", "quản lý tài chính", "hỗ trợ doanh nghiệp", "thu thuế"],
    "cong-nghe-thong-tin": ["dịch vụ công trực tuyến", "quản lý văn bản", "một cửa", "hộ tịch"],
}
ORG_FIELDS = {
    "Giáo dục": "giao-duc", "trường": "giao-duc", "Trường": "giao-duc", "Y tế": "y-te", "Bệnh viện": "y-te",
    "phường": "nong-nghiep", "xã": "nong-nghiep", "Kinh tế": "kinh-te", "Thuế": "kinh-te",
    "Chính quyền": "cong-nghe-thong-tin",
}  # fmt: skip


def seed(out: Any) -> None:
    if Activity.objects.exists():
        return
    admin = User.objects.get(username="admin")
    rng = random.Random(2023)  # noqa: S311 - demo data
    fields = {f.code: f for f in Field.objects.all()}
    town = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    ha_tinh = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh")
    units = {o.name: o for o in Org.objects.filter(name__startswith="Hội KH&KT").order_by("name_sort")}
    units.update({o.name: o for o in Org.objects.filter(name__startswith="Chi hội KH&KT").order_by("name_sort")})
    units[UNION] = town
    units["ha_tinh"] = ha_tinh
    partners = [services.partner_create(actor=admin, org=ha_tinh, name=name, kind=kind) for name, kind in PARTNERS]

    def record(org_name: str, kind: str, title: str, on: dt.date, field: str, partner_ix: list[int],
               co: list[str], figures: dict[str, Any]) -> Activity:  # fmt: skip
        money = {k: Decimal(v) for k, v in figures.items() if k in ("money_raised", "gifts_value")}
        return services.activity_create(
            actor=admin, org=units[org_name], kind=kind, title=title, start_date=on, field=fields.get(field),
            partners=[partners[i] for i in partner_ix], co_organisers=[units[c] for c in co],
            place="Thị xã Hồng Lĩnh", **{**figures, **money},
        )  # fmt: skip

    count = 0
    for row in NAMED:
        record(*row)
        count += 1
    for year in [*TERM_YEARS, 2024, 2025, 2026]:
        for org_name, kind, title, months, field, partner_ix, figures in ROUTINE:
            for month in months:
                on = D(year, month, rng.randint(3, 26))
                if on > today() or (org_name == UNION and town.ended_on and on >= town.ended_on):
                    continue
                varied = {
                    k: _vary(rng, v, money=k in ("money_raised", "gifts_value")) if isinstance(v, int) and v > 1 else v
                    for k, v in figures.items()
                }
                record(org_name, kind, f"{title} năm {year}", on, field, partner_ix, [], varied)
                count += 1
    # A few in Bắc Ninh: what an officer of Hà Tĩnh must never see.
    for org in Org.objects.filter(kind=OrgKind.ASSOCIATION, name__contains="tỉnh Bắc Ninh").order_by("name_sort"):
        for year in (2023, 2024, 2025):
            services.activity_create(
                actor=admin, org=org, kind="training", title=f"Tập huấn nghiệp vụ cho hội viên năm {year}",
                start_date=D(year, 6, 12), place="Thành phố Bắc Ninh", participants_members=rng.randint(30, 80),
            )  # fmt: skip
            count += 1
    out.write(f"  {count} demo activities, {len(partners)} partners")
    _seed_initiatives(admin, units, fields, rng, out)
    _seed_projects(admin, units, fields, partners, out)


# The six models seed 000 names (three production models linked with companies, three livelihood models), under
# Hồng Lĩnh's associations; where, how large and their money are the demo's own.
# (unit, kind, name, host, field code, started, ended, households, scale, funding, source, partner, outcome)
PROJECTS: list[tuple[str, str, str, str, str, dt.date, dt.date | None, int, str, int, str, int | None, str]] = [
    (THUAN_LOC, "production", "Mô hình nuôi bò thịt chất lượng cao", "Tổ hợp tác chăn nuôi xã Thuận Lộc",
     "nong-nghiep", D(2019, 4, 1), D(2022, 12, 31), 12, "60 con bò lai Brahman", 450_000_000,
     "Doanh nghiệp liên kết và các hộ", 10, "Bò xuất chuồng đạt 380–420 kg/con; liên kết tiêu thụ ổn định"),
    (THUAN_LOC, "production", "Mô hình nuôi gà liên kết", "Các hộ chăn nuôi thôn Thuận Hòa, xã Thuận Lộc",
     "nong-nghiep", D(2020, 3, 15), None, 20, "8.000 con gà thịt mỗi lứa", 320_000_000,
     "Doanh nghiệp liên kết và các hộ", 10, "Doanh nghiệp bao tiêu đầu ra; thu nhập mỗi hộ tăng khoảng 30 %"),
    ("Hội KH&KT phường Đậu Liêu", "production", "Mô hình nuôi lợn không bùn", "Hộ ông Nguyễn Văn Hải, phường Đậu Liêu",
     "nong-nghiep", D(2021, 5, 10), D(2023, 6, 30), 5, "200 con lợn thịt, đệm lót sinh học", 150_000_000,
     "Vốn các hộ", 0, "Giảm mùi hôi, không xả thải ra môi trường"),
    (TRUNG_LUONG, "livelihood", "Mô hình chăn nuôi gà theo hướng an toàn sinh học", "Hội viên phường Trung Lương",
     "nong-nghiep", D(2018, 9, 1), None, 25, "3.000 con gà", 90_000_000, "Ngân sách thị xã hỗ trợ", 0,
     "Tỷ lệ gà sống trên 90 %; nhân rộng ra các phường"),
    ("Hội KH&KT phường Nam Hồng", "livelihood", "Mô hình Tổ dịch vụ ăn uống tại gia", "Tổ dịch vụ phường Nam Hồng",
     "kinh-te", D(2021, 2, 1), None, 8, "8 hộ", 40_000_000, "Hội viên góp vốn", None,
     "Phục vụ cỗ cưới, hội nghị tại gia; việc làm cho phụ nữ lớn tuổi"),
    ("Hội KH&KT phường Bắc Hồng", "livelihood", "Mô hình tổ hợp tác may ri đơ, rèm khung và các đồ dùng trang trí",
     "Tổ hợp tác may phường Bắc Hồng", "kinh-te", D(2022, 4, 20), None, 10, "10 lao động", 60_000_000,
     "Vốn vay Ngân hàng Chính sách xã hội", None, "Thu nhập 5–6 triệu đồng/người/tháng"),
]  # fmt: skip


def _seed_projects(admin: User, units: dict[str, Org], fields: dict[str, Field], partners: list[Any], out: Any) -> None:
    for (unit, kind, title, host, field, started, ended, households, scale, funding, source, partner,
         outcome) in PROJECTS:  # fmt: skip
        services.project_create(
            actor=admin, org=units[unit], kind=kind, title=title, host=host, field=fields.get(field),
            started_on=started, ended_on=ended, households=households, scale=scale, funding=Decimal(funding),
            funding_source=source, outcome=outcome, status="finished" if ended else "running",
            partners=[partners[partner]] if partner is not None else [],
        )  # fmt: skip
    out.write(f", {len(PROJECTS)} models and projects")


def _vary(rng: random.Random, value: int, *, money: bool) -> int:
    varied = value * rng.uniform(0.7, 1.3)
    return max(100_000, int(round(varied, -5))) if money else max(1, round(varied))


def _seed_initiatives(admin: User, units: dict[str, Org], fields: dict[str, Field], rng: random.Random,
                      out: Any) -> None:  # fmt: skip
    for org_name, title, authors, field, level, year, effect in NAMED_INITIATIVES:
        services.initiative_create(
            actor=admin, org=units[org_name], title=title, author_names=authors, field=fields[field], level=level,
            year=year, applied=True, effect=effect,
        )  # fmt: skip
    town = units[UNION]
    members = [o for name, o in units.items() if name not in (UNION, "ha_tinh") and o.founded_on.year < 2018
               and (o.pk != town.pk)]  # fmt: skip
    weights = [6 if "Giáo dục" in o.name or "trường" in o.name else 3 if "Y tế" in o.name else 1 for o in members]
    rows = []
    for year, total in PER_YEAR.items():
        for i in range(total):
            org = rng.choices(members, weights)[0]
            field = next((code for word, code in ORG_FIELDS.items() if word in org.name), "kinh-te")
            subject = rng.choice(SUBJECTS[field])
            title = rng.choice(TOPICS[field]).format(x=subject)
            level = (
                InitiativeLevel.PROVINCE if i < 3 else (InitiativeLevel.SECTOR if i % 6 == 0 else InitiativeLevel.BASIC)
            )
            applied = i >= NOT_APPLIED_PER_YEAR
            rows.append(
                Initiative(
                    org=org,
                    title=f"{title} ({year})",
                    author_names=f"Nhóm tác giả {org.short_name or org.name}",
                    field=fields[field],
                    level=level,
                    year=year,
                    applied=applied,
                    effect="Áp dụng tại đơn vị, được hội đồng sáng kiến đánh giá có hiệu quả" if applied else "",
                )  # fmt: skip
            )
    services.initiatives_bulk_create(actor=admin, rows=rows)
    out.write(f"  {len(rows) + len(NAMED_INITIATIVES)} demo initiatives")
