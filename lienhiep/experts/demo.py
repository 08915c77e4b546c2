"""The demo's experts: a few on the list of Hà Tĩnh's union and of Hồng Lĩnh's, and one with a login (printed by
`make demo`; reviews' demo assigns them to its dossiers)."""

from __future__ import annotations

from typing import Any

from lienhiep.accounts.demo import DEMO_PASSWORD
from lienhiep.accounts.models import User
from lienhiep.experts import services
from lienhiep.experts.models import Expert
from lienhiep.members.models import Field
from lienhiep.orgs import demo as org_demo
from lienhiep.orgs.models import Org

EXPERT_USERNAME = "hatinh.chuyengia"

# (full name, title, education, workplace, position, fields (codes), specialty, available)
HA_TINH = [
    ("Nguyễn Thị Minh Hằng", "", "ts", "Sở Tài nguyên và Môi trường Hà Tĩnh", "Phó Giám đốc Sở", ("moi-truong",),
     "Đánh giá tác động môi trường", True),
    ("Trần Đình Phúc", "pgs", "ts", "Trường Đại học Hà Tĩnh", "Trưởng khoa Kỹ thuật - Công nghệ",
     ("ky-thuat",), "Quy hoạch và hạ tầng đô thị", True),
    ("Lê Văn Thắng", "", "ths", "Sở Xây dựng Hà Tĩnh", "Trưởng phòng Quản lý xây dựng", ("ky-thuat",),
     "Thẩm định dự án đầu tư xây dựng", True),
    ("Phan Thị Thu Hà", "", "ts", "Bệnh viện Đa khoa tỉnh Hà Tĩnh", "Trưởng khoa Y tế công cộng", ("y-te",),
     "Y tế dự phòng", True),
    ("Võ Quốc Hùng", "", "ths", "Sở Nông nghiệp và Phát triển nông thôn Hà Tĩnh", "Chi cục trưởng",
     ("nong-nghiep",), "Thủy lợi và phòng chống thiên tai", False),
    ("Hoàng Thị Lan Anh", "", "ts", "Trường Đại học Hà Tĩnh", "Giảng viên chính", ("kinh-te", "giao-duc"),
     "Kinh tế phát triển", True),
]  # fmt: skip
HONG_LINH = [
    ("Đặng Văn Lâm", "", "dh", "Ủy ban nhân dân thị xã Hồng Lĩnh", "Trưởng phòng Tài nguyên và Môi trường",
     ("moi-truong",), "Quản lý đất đai", True),
    ("Bùi Thị Thanh Tâm", "", "ths", "Trung tâm Y tế thị xã Hồng Lĩnh", "Phó Giám đốc", ("y-te",),
     "Y tế cơ sở", True),
    ("Nguyễn Hữu Đức", "", "ths", "Trường THPT Hồng Lĩnh", "Hiệu trưởng", ("giao-duc",), "Giáo dục phổ thông", True),
]  # fmt: skip


def _fields(codes: tuple[str, ...]) -> list[Field]:
    return list(Field.objects.filter(code__in=codes))


def seed(out: Any) -> None:
    if Expert.objects.exists():
        return
    admin = User.objects.get(username="admin")
    made: list[Expert] = []
    for name, rows in ((org_demo.HA_TINH, HA_TINH), (org_demo.HONG_LINH, HONG_LINH)):
        org = Org.objects.get(name=name)
        for full_name, title, education, workplace, position, codes, specialty, available in rows:
            expert = services.expert_create(
                actor=admin, org=org, full_name=full_name, academic_title=title, education=education,
                workplace=workplace, position=position, fields=_fields(codes), specialty=specialty,
                available=available,
            )  # fmt: skip
            made.append(expert)
    # The first of Hà Tĩnh's logs in (reviews' demo assigns her to its open confidential dossier).
    services.expert_update(actor=admin, expert=made[0], email="hang.nguyen@example.vn")
    services.expert_account_create(
        actor=admin, expert=made[0], username=EXPERT_USERNAME, password=DEMO_PASSWORD, check_password=False
    )
    out.write(f"Experts: {len(made)}, one with a login ({EXPERT_USERNAME}).")
