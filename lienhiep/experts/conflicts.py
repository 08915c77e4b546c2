"""Conflicts of interest an assignment must face, shared by reviews (an expert on a dossier) and contests (a juror on
an entry): `detect` names what the registry alone can see; the expert's own declaration is the assigning app's
`ConflictDeclarationBase` row. A declared or detected conflict keeps the expert off the record unless an officer
records why (the assigning app's service refuses without `override_reason`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from lienhiep.core.text import fold
from lienhiep.experts.models import Expert


def detect(
    expert: Expert, *, workplaces: Iterable[str] = (), person_ids: Iterable[int] = (), names: Iterable[str] = ()
) -> list[str]:
    """The reasons, in the reader's language, why `expert` may not be impartial on a record whose requester or
    authors work at `workplaces`, which `person_ids` (members) or `names` wrote: the same workplace (folded: case,
    diacritics and spacing aside; one naming the other, "Sở Xây dựng" in "Sở Xây dựng tỉnh Hà Tĩnh", counts), the
    same member, the same name. Empty: nothing seen."""
    reasons: list[str] = []
    mine = fold(expert.workplace)
    if mine:
        for place in workplaces:
            theirs = fold(place or "")
            if theirs and (theirs == mine or f" {theirs} " in f" {mine} " or f" {mine} " in f" {theirs} "):
                reasons.append(
                    _("Works at the same place as the requester or an author (%(place)s).") % {"place": place}
                )
                break
    if expert.person_id is not None and expert.person_id in set(person_ids):
        reasons.append(_("Is an author of the draft or the subject."))
    elif expert.name_folded and expert.name_folded in {fold(n or "") for n in names}:
        reasons.append(
            _("Bears the name of an author of the draft or the subject (%(name)s).") % {"name": expert.full_name}
        )
    return reasons
