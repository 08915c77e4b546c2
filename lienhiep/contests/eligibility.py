"""Whether an entry may take part in an edition, by the edition's rules: submitted within the window, a solution
applied where and since when the rules say (the technical innovation contest), authors born within the range the
rules set (the children and youth contest), a guardian for every minor. Pure functions over the values, so the form,
the service and the tests ask the same question; each problem is a sentence in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lienhiep.contests.models import Edition

ADULT_AGE = 18


@dataclass(frozen=True)
class AuthorFacts:
    full_name: str
    birth_date: dt.date | None = None
    guardian_name: str = ""


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def window_problems(edition: Edition, submitted_on: dt.date) -> dict[str, list[str]]:
    if edition.opens_on <= submitted_on <= edition.closes_on:
        return {}
    message = _("Entries are received from %(opens)s to %(closes)s; this one is dated %(on)s.") % {
        "opens": _d(edition.opens_on),
        "closes": _d(edition.closes_on),
        "on": _d(submitted_on),
    }
    return {"submitted_on": [message]}


def application_problems(edition: Edition, *, site: str, applied_on: dt.date | None) -> dict[str, list[str]]:
    """The solution must have been applied (`applied_on`, at `site`) on or after the edition's `applied_since` and no
    later than its deadline, and within `applied_place` (the entrant names the site; the organiser checks it at
    screening)."""
    problems: dict[str, list[str]] = {}
    if edition.applied_place and not site.strip():
        problems["application_site"] = [
            _("Say where the solution is applied: the rules ask for a solution applied in %(place)s.")
            % {"place": edition.applied_place}
        ]
    if edition.applied_since is not None:
        if applied_on is None:
            problems["applied_on"] = [
                _("Give the date the solution was first applied: the rules ask for one applied since %(since)s.")
                % {"since": _d(edition.applied_since)}
            ]
        elif applied_on < edition.applied_since:
            problems["applied_on"] = [
                _("The rules accept solutions applied since %(since)s; this one was applied on %(on)s.")
                % {"since": _d(edition.applied_since), "on": _d(applied_on)}
            ]
    if applied_on is not None and applied_on > edition.closes_on:
        problems.setdefault("applied_on", []).append(
            _("A solution must have been applied by the deadline (%(closes)s).") % {"closes": _d(edition.closes_on)}
        )
    return problems


def author_problems(edition: Edition, authors: Iterable[AuthorFacts]) -> list[str]:
    """Authors born outside the edition's range (each named), a birth date missing where the range asks for one,
    and minors (under 18 on the deadline) without a guardian."""
    problems: list[str] = []
    ranged = edition.born_from is not None or edition.born_to is not None
    for author in authors:
        born = author.birth_date
        if born is None:
            if ranged:
                problems.append(
                    _("Give %(name)s's date of birth: the rules set an age range.") % {"name": author.full_name}
                )
            continue
        low, high = edition.born_from, edition.born_to
        if (low is not None and born < low) or (high is not None and born > high):
            problems.append(
                _("%(name)s was born on %(born)s, outside the contest's range (born from %(low)s to %(high)s).")
                % {
                    "name": author.full_name,
                    "born": _d(born),
                    "low": _d(low) if low else "…",
                    "high": _d(high) if high else "…",
                }
            )
        if age_on(born, edition.closes_on) < ADULT_AGE and not author.guardian_name.strip():
            problems.append(_("%(name)s is a minor: name a parent or guardian.") % {"name": author.full_name})
    return problems
