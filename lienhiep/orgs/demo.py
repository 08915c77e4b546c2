"""The demo organisation tree.

The national union; Hà Tĩnh and Bắc Ninh provincial unions, with Bắc Giang's merged into Bắc Ninh's
on 1 July 2025; the Hồng Lĩnh town union under Hà Tĩnh until 1 July 2025, when it is dissolved and its
19 member associations (13 of agencies, enterprises and schools; 6 of wards and communes, named as in
../shared/seeds/ where the reports name them) move directly under Hà Tĩnh's union.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.orgs import services
from lienhiep.orgs.models import AssociationGroup, Org, OrgKind, RoleKind

D = dt.date
REFORM = D(2025, 7, 1)  # 63 provinces became 34 and the district level was abolished

NATIONAL = "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"
HA_TINH = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh"
BAC_NINH = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bắc Ninh"
BAC_GIANG = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Bắc Giang"
HONG_LINH = "Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh"

# (name, founded) — the names the seed reports give first, then plausible ones.
HONG_LINH_AGENCIES = [
    ("Hội KH&KT cơ quan Chính quyền", D(2004, 3, 15)),
    ("Hội KH&KT cơ quan Khối dân", D(2004, 3, 15)),
    ("Hội KH&KT Trung tâm Y tế", D(2005, 5, 20)),
    ("Hội KH&KT Trường Trung cấp Kỹ nghệ", D(2006, 9, 5)),
    ("Hội KH&KT Công an thị xã", D(2007, 4, 10)),
    ("Hội KH&KT Bệnh viện đa khoa Hồng Hà", D(2012, 11, 2)),
    ("Hội KH&KT ngành Giáo dục và Đào tạo", D(2005, 10, 15)),
    ("Hội KH&KT Ban Chỉ huy Quân sự thị xã", D(2009, 12, 22)),
    ("Hội KH&KT Phòng Tài nguyên và Môi trường", D(2010, 6, 1)),
    ("Hội KH&KT Phòng Kinh tế", D(2011, 3, 8)),
    ("Hội KH&KT Chi cục Thuế khu vực Hồng Lĩnh", D(2013, 8, 19)),
    ("Hội KH&KT Trường THPT Hồng Lĩnh", D(2014, 10, 20)),
    ("Hội KH&KT Công ty CP Vật liệu xây dựng Lam Hồng", D(2016, 5, 18)),
]
HONG_LINH_WARDS = [
    ("Hội KH&KT phường Bắc Hồng", D(2004, 6, 1)),
    ("Hội KH&KT phường Nam Hồng", D(2004, 6, 1)),
    ("Hội KH&KT phường Trung Lương", D(2005, 3, 26)),
    ("Hội KH&KT phường Đức Thuận", D(2006, 7, 12)),
    ("Hội KH&KT phường Đậu Liêu", D(2008, 2, 28)),
    ("Hội KH&KT xã Thuận Lộc", D(2010, 9, 9)),
]
HA_TINH_SECTOR = [
    ("Hội Luật gia tỉnh Hà Tĩnh", D(1994, 5, 10)),
    ("Hội Nhà báo tỉnh Hà Tĩnh", D(1993, 6, 21)),
    ("Hội Kiến trúc sư tỉnh Hà Tĩnh", D(2002, 8, 15)),
    ("Hội Làm vườn tỉnh Hà Tĩnh", D(1996, 11, 3)),
]
BAC_NINH_SECTOR = [
    ("Hội Luật gia tỉnh Bắc Ninh", D(1998, 3, 12)),
    ("Hội Nhà báo tỉnh Bắc Ninh", D(1998, 6, 21)),
    ("Hội Y học tỉnh Bắc Ninh", D(2001, 2, 27)),
    ("Hội Doanh nghiệp nhỏ và vừa tỉnh Bắc Ninh", D(2006, 10, 10)),
]
BAC_GIANG_SECTOR = [
    ("Hội Luật gia tỉnh Bắc Giang", D(1998, 4, 2)),
    ("Hội Nông nghiệp tỉnh Bắc Giang", D(2000, 7, 15)),
    ("Hội Kiến trúc sư tỉnh Bắc Giang", D(2005, 9, 30)),
]
NATIONAL_ASSOCIATIONS = [
    ("Hội Tin học Việt Nam", D(1988, 5, 7)),
    ("Tổng hội Xây dựng Việt Nam", D(1983, 10, 10)),
    ("Tổng hội Y học Việt Nam", D(1987, 12, 1)),
]


def seed(out: Any) -> None:
    if Org.objects.filter(name=NATIONAL).exists():
        return
    admin = User.objects.get(username="admin")

    def make(kind: str, name: str, founded: dt.date, parent: Org | None, **extra: Any) -> Org:
        return services.org_create(actor=admin, kind=kind, name=name, founded_on=founded, parent=parent, **extra)

    def associations(parent: Org, rows: list[tuple[str, dt.date]], group: str) -> list[Org]:
        return [make(OrgKind.ASSOCIATION, name, founded, parent, group=group) for name, founded in rows]

    national = make(
        OrgKind.NATIONAL, NATIONAL, D(1983, 3, 26), None, short_name="VUSTA", address="53 Nguyễn Du, Hà Nội",
        place_name="Hà Nội", abbreviation="LHHVN",
    )  # fmt: skip
    associations(national, NATIONAL_ASSOCIATIONS, AssociationGroup.SECTOR)
    ha_tinh = make(
        OrgKind.PROVINCIAL, HA_TINH, D(1992, 10, 15), national,
        short_name="Liên hiệp hội tỉnh Hà Tĩnh", address="Thành phố Hà Tĩnh", phone="0239 3855 123",
        place_name="Hà Tĩnh", abbreviation="LHH",
    )  # fmt: skip
    associations(ha_tinh, HA_TINH_SECTOR, AssociationGroup.SECTOR)
    hong_linh = make(
        OrgKind.DISTRICT, HONG_LINH, D(2003, 6, 12), ha_tinh,
        short_name="Liên hiệp hội thị xã Hồng Lĩnh", address="Thị xã Hồng Lĩnh, Hà Tĩnh",
        place_name="Hồng Lĩnh", abbreviation="LHH",
    )  # fmt: skip
    agencies = associations(hong_linh, HONG_LINH_AGENCIES, AssociationGroup.AGENCIES)
    associations(hong_linh, HONG_LINH_WARDS, AssociationGroup.WARDS)
    education = agencies[6]
    make(OrgKind.BRANCH, "Chi hội KH&KT các trường học", D(2008, 9, 15), education)
    make(OrgKind.BRANCH, "Chi hội KH&KT khối mầm non", D(2015, 10, 1), education)
    health = agencies[2]
    make(OrgKind.BRANCH, "Chi hội KH&KT Trạm Y tế phường", D(2016, 4, 12), health)

    bac_ninh = make(
        OrgKind.PROVINCIAL, BAC_NINH, D(1997, 6, 12), national,
        short_name="Liên hiệp hội tỉnh Bắc Ninh", place_name="Bắc Ninh", abbreviation="LHH",
    )  # fmt: skip
    bn_assocs = associations(bac_ninh, BAC_NINH_SECTOR, AssociationGroup.SECTOR)
    make(OrgKind.BRANCH, "Chi hội Luật gia thành phố Bắc Ninh", D(2010, 5, 5), bn_assocs[0])
    bac_giang = make(
        OrgKind.PROVINCIAL, BAC_GIANG, D(1997, 8, 20), national,
        short_name="Liên hiệp hội tỉnh Bắc Giang", place_name="Bắc Giang", abbreviation="LHH",
    )  # fmt: skip
    associations(bac_giang, BAC_GIANG_SECTOR, AssociationGroup.SECTOR)

    # The 2025 reform: Bắc Giang's union merges into Bắc Ninh's; the town union is dissolved and its
    # member associations come directly under the provincial union.
    services.org_merge(actor=admin, sources=[bac_giang], target=bac_ninh, on=REFORM)
    services.org_dissolve(actor=admin, org=hong_linh, on=REFORM, children_to=ha_tinh)

    def grant(username: str, org: Org, kind: str, since: dt.date, title: str = "") -> None:
        user = User.objects.get(username=username)
        services.role_grant(actor=admin, user=user, org=org, kind=kind, valid_from=since, title=title)

    trung_luong = Org.objects.get(name="Hội KH&KT phường Trung Lương")
    bn_lawyers = Org.objects.get(name="Hội Luật gia tỉnh Bắc Ninh")
    grant("vusta.canbo", national, RoleKind.OFFICER, D(2020, 1, 1), "Chuyên viên Ban Tổ chức")
    grant("hatinh.canbo", ha_tinh, RoleKind.OFFICER, D(2018, 1, 1), "Chánh Văn phòng")
    grant("hatinh.lanhdao", ha_tinh, RoleKind.LEADER, D(2018, 1, 1), "Chủ tịch")
    grant("trungluong.thuky", trung_luong, RoleKind.SECRETARY, D(2018, 1, 1), "Chủ tịch Hội")
    grant("bacninh.canbo", bac_ninh, RoleKind.OFFICER, D(2019, 1, 1), "Chuyên viên Văn phòng")
    grant("bacninh.lanhdao", bac_ninh, RoleKind.LEADER, D(2019, 1, 1), "Phó Chủ tịch")
    grant("bacninh.thuky", bn_lawyers, RoleKind.SECRETARY, D(2019, 1, 1), "Thư ký Hội")
    out.write(f"  {Org.objects.count()} organisation nodes")
