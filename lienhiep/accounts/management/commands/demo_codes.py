"""Print one recovery code per demo account that must log in with a second factor (`make demo`, `make logins`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lienhiep.accounts.demo import DEMO_SECOND_FACTOR, demo_codes_top_up
from lienhiep.accounts.models import User


class Command(BaseCommand):
    help = "Print a recovery code for each demo account that needs a second factor (each code works once)."

    def handle(self, *args: Any, **options: Any) -> None:
        users = User.objects.filter(username__in=DEMO_SECOND_FACTOR).order_by("username")
        if not users:
            return
        self.stdout.write("  Second step of the login (officers, admin): type this recovery code; each works once,")
        self.stdout.write("  `make logins` prints the next ones.")
        for user in users:
            self.stdout.write(f"    {user.username:<17} {demo_codes_top_up(user)}")
