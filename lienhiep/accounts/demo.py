"""Demo accounts. Every demo user shares one password, printed by `make demo`."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lienhiep.accounts.models import User
from lienhiep.accounts.services import totp_pending, user_create

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


# The demo's officers and its system administrator must log in with a second factor (accounts.policy). A visitor
# has no phone set up for them: each has an authenticator key nobody holds and recovery codes, of which
# `make demo` prints one per account (`manage.py demo_codes`; each works once, and the next run prints another).
DEMO_SECOND_FACTOR = ["admin", "vusta.canbo", "hatinh.canbo", "bacninh.canbo"]
DEMO_CODES = 20


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
    for username in DEMO_SECOND_FACTOR:
        demo_codes_top_up(User.objects.get(username=username))
    out.write(f"  {len(DEMO_USERS)} demo users")


def demo_codes_top_up(user: User) -> str:
    """A demo account's next unused recovery code, after making new ones when few are left (and its authenticator
    key, for a demo seeded before the second factor)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        pending = totp_pending(user=user)
        pending.confirmed = True
        pending.save(update_fields=["confirmed"])
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "demo", "confirmed": True})
    tokens = list(device.token_set.order_by("pk").values_list("token", flat=True))
    if len(tokens) < 3:
        fresh = [StaticToken.random_token() for _i in range(DEMO_CODES - len(tokens))]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in fresh)
        tokens += fresh
    return tokens[0]
