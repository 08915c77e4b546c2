"""Create the tree's top unit, the national union, on a new site (docs/deploy.md, section 11): every other unit is
created under it from the pages (a province's union, its member associations), and no page creates a unit with
nothing above it. Refused once the tree has a unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lienhiep.orgs import services
from lienhiep.orgs.models import Org, OrgKind

NATIONAL_UNION = "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"
FOUNDED = dt.date(1983, 3, 26)  # VUSTA's founding congress


class Command(BaseCommand):
    help = "Create the national union, the top unit of a new site's tree (refused when the tree has a unit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", default=NATIONAL_UNION)
        parser.add_argument("--short-name", default="Liên hiệp hội Việt Nam")
        parser.add_argument("--founded", default=FOUNDED.isoformat(), help="YYYY-MM-DD (default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        if Org.objects.exists():
            raise CommandError("The tree already has its units: create the others from the pages.")
        try:
            founded = dt.date.fromisoformat(options["founded"])
            org = services.org_create(
                actor=None,
                kind=OrgKind.NATIONAL,
                name=options["name"],
                short_name=options["short_name"],
                founded_on=founded,
            )
        except (ValueError, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{org.pk}\t{org.name}")
