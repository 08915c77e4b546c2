"""Judging's part of the demo (called by contests/demo.py once the open 2026 edition exists): three jurors of Hà
Tĩnh's list put on its preliminary round (sơ khảo), opened, with scores in progress — one has scored every entry, one
two of them, and the one with the demo's juror login, hatinh.giamkhao (printed by `make demo`), one entry fully and
one in part. She sees her sheet and nothing else of the union; nobody sees the points until the round closes."""

from __future__ import annotations

from typing import Any

from lienhiep.accounts.demo import DEMO_PASSWORD
from lienhiep.accounts.models import User
from lienhiep.contests.judging import services
from lienhiep.contests.models import Edition, Entry
from lienhiep.experts import services as expert_services

JUROR_USERNAME = "hatinh.giamkhao"
# (full name, workplace, username): the first logs in with the printed account.
JURORS = [
    ("Nguyễn Thị Thu Trang", "Trường Đại học Hà Tĩnh", JUROR_USERNAME),
    ("Phạm Văn Định", "Sở Khoa học và Công nghệ Hà Tĩnh", "hatinh.giamkhao2"),
    ("Lê Thị Mai Hương", "Trường Cao đẳng Kỹ thuật Việt – Đức Hà Tĩnh", "hatinh.giamkhao3"),
]
# Points per criterion, as a share of its maximum, for each juror (a sheet scored in full, or in part).
SHARES = [(0.8, 0.7, 0.75), (0.7, 0.8, 0.6), (0.9, 0.65, 0.7)]


def seed(out: Any, *, edition: Edition, actor: User | None = None) -> None:
    if User.objects.filter(username=JUROR_USERNAME).exists():
        return
    officer = actor or User.objects.get(username="hatinh.canbo")
    admin = User.objects.filter(username="admin").first() or officer
    round_ = edition.rounds.order_by("order", "id").first()
    if round_ is None:
        return
    org = edition.contest.org
    entries = list(Entry.objects.filter(edition=edition, status="accepted").order_by("number"))
    seats = []
    for full_name, workplace, username in JURORS:
        expert = expert_services.expert_create(actor=admin, org=org, full_name=full_name, workplace=workplace)
        expert_services.expert_account_create(
            actor=admin, expert=expert, username=username, password=DEMO_PASSWORD, check_password=False
        )
        expert.refresh_from_db()
        seat, _kept_off = services.juror_assign(actor=officer, round_=round_, expert=expert, entries=entries)
        seats.append(seat)
    services.round_open(actor=officer, round_=round_)
    criteria = list(round_.criteria.order_by("order", "id"))
    # Scores in progress: every entry, two entries, one and a half.
    plan = [(seats[1], entries, len(criteria)), (seats[2], entries[:2], len(criteria))]
    plan += [(seats[0], entries[:1], len(criteria)), (seats[0], entries[1:2], 1)]
    for seat, targets, how_many in plan:
        shares = SHARES[seats.index(seat)]
        for n, entry in enumerate(targets):
            points = {
                c.pk: f"{round(float(c.max_points) * min(1.0, shares[i % len(shares)] + 0.05 * n))}"
                for i, c in enumerate(criteria[:how_many])
            }
            services.sheet_save(actor=seat.expert.user, seat=seat, entry=entry, points=points)
    out.write(f"  {len(seats)} demo jurors on {round_} of {edition} (login {JUROR_USERNAME})\n")
