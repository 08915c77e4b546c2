"""What the figure modules share beside their `registry.Scope` (the day a point figure is read on, the years a
yearly one counts): numbers in words' style, and whose names a figure may print (REPORTING.md §5.8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienhiep.core.templatetags.vn import vnum
from lienhiep.members.models import Consent, ConsentPurpose
from lienhiep.members.selectors import publication_withdrawn
from lienhiep.orgs.models import Org, OrgSpell
from lienhiep.reporting import registry


def num(value: Any) -> str:
    """1.700, 12,5: as the platform prints numbers."""
    return vnum(value)


def day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def publishable(person_ids: Iterable[int]) -> set[int]:
    """The persons among `person_ids` whose names may be printed: an active consent to publication."""
    ids = {pk for pk in person_ids if pk}
    if not ids:
        return set()
    active = Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=timezone.now())
    rows = Consent.objects.filter(active, person_id__in=ids, purpose=ConsentPurpose.PUBLICATION)
    return set(rows.values_list("person_id", flat=True))


def names_on(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], str]:
    """Each unit's name on each day, as `orgs.selectors.name_on` gives it (the spell that held that day, else the
    unit's last), for the rows of a list in one read instead of one or two per row."""
    wanted = set(pairs)
    spells: dict[int, list[tuple[dt.date, dt.date | None, str]]] = {}
    rows = OrgSpell.objects.filter(org_id__in={org_id for org_id, _on in wanted}).order_by("org_id", "valid_from")
    for org_id, valid_from, valid_to, name in rows.values_list("org_id", "valid_from", "valid_to", "name"):
        spells.setdefault(org_id, []).append((valid_from, valid_to, name))
    bare = {org_id for org_id, _on in wanted if org_id not in spells}
    plain = dict(Org.objects.filter(pk__in=bare).values_list("pk", "name")) if bare else {}
    out = {}
    for org_id, on in wanted:
        held = spells.get(org_id, [])
        found = [name for first, last, name in held if first <= on and (last is None or last > on)]
        out[org_id, on] = found[0] if found else (held[-1][2] if held else plain.get(org_id, ""))
    return out


# What a report prints in a list for a person who withdrew their consent to publication.
WITHHELD_NAME = "01 hội viên (không công bố tên)"


def printed_names(persons: Iterable[Any]) -> dict[int, str]:
    """The name a list of a report may print for each of `persons` (committee rosters, departures, office
    holders): their name, or WITHHELD_NAME once they withdrew their consent to publication
    (`members.selectors.publication_withdrawn`). One query for the whole list."""
    people = {p.pk: p for p in persons if p is not None}
    hidden = publication_withdrawn(people)
    return {pk: WITHHELD_NAME if pk in hidden else p.full_name for pk, p in people.items()}


def listed(
    value: list[dict[str, Any]], ids: list[int], total: int | None, words: str, *, unnamed: int = 0, who: str = ""
) -> registry.FigureResult:
    """A "rows" figure's result from the rows `registry.first_rows` read: how many there are in all in its basis
    ("1.234 lần khen thưởng"), with the `unnamed` persons (`who`) it does not name for want of their consent; its
    records named only when its rows are all of them (`total` None)."""
    basis = f"{num(len(value) if total is None else total)} {words}"
    if unnamed:
        basis += f"; {num(unnamed)} {who} không nêu tên (chưa đồng ý công bố)"
    return registry.FigureResult(value, basis=basis, record_ids=ids if total is None else None, rows_total=total)


def year_of(value: Any, default: dt.date) -> int:
    """A "year" parameter (2023 or "2023"), or `default`'s year when not given."""
    return default.year if value in ("", None) else a_year(value)


def a_year(value: Any) -> int:
    """A year a parameter names (2023 or "2023"), or a ValidationError."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and 1945 <= int(text) <= 2100):
        raise ValidationError(_("%(value)s is not a year.") % {"value": text})
    return int(text)


def choice(param: str) -> bool | None:
    """ "yes" / "no" / "" of a parameter as True / False / None."""
    return {"yes": True, "no": False}.get(param)


YES_NO = [("yes", _("yes")), ("no", _("no"))]
