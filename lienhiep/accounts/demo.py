"""Demo accounts. Every demo user shares one password, printed by `make demo`."""

from __future__ import annotations

from typing import Any

from lienhiep.accounts.models import User
from lienhiep.accounts.services import user_create

DEMO_PASSWORD = "lienhiep-demo"  # noqa: S105 - demo data only, printed for people trying the demo

# username, full name, e-mail
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", "admin@lienhiep.demo"),
    ("vusta.canbo", "Nguyễn Thị Hạnh", "hanh@vusta.demo"),
    ("hatinh.canbo", "Trần Văn Minh", "minh@hatinh.demo"),
    ("hatinh.lanhdao", "Võ Thị Lan", "lan@hatinh.demo"),
    ("trungluong.thuky", "Phạm Hồng Quý", "quy@trungluong.demo"),
    ("bacninh.canbo", "Nguyễn Văn Hùng", "hung@bacninh.demo"),
    ("bacninh.lanhdao", "Lê Thị Thu", "thu@bacninh.demo"),
    ("bacninh.thuky", "Đỗ Minh Tuấn", "tuan@bacninh.demo"),
    ("khach", "Người ngoài (không có vai trò)", "khach@lienhiep.demo"),
]


def seed(out: Any) -> None:
    if User.objects.filter(username="admin").exists():
        return
    for username, full_name, email in DEMO_USERS:
        user_create(
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            email=email,
            is_superuser=username == "admin",
        )
    out.write(f"  {len(DEMO_USERS)} demo users")
