"""Figures of honours, nominations and emulation ratings. An honour counts where its unit stood on the decision date
(span); a nomination where its unit stood on the day it was sent (made) or on its honour's decision date (granted);
a rating is the unit's own, by year (years). Persons honoured are named only with their consent to publication
(REPORTING.md §5.8)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from lienhiep.awards import selectors as awards
from lienhiep.awards.models import Honour, HonourForm, Issuer, Nomination
from lienhiep.core import filtering
from lienhiep.reporting import registry
from lienhiep.reporting.figures.common import listed, names_on, num, publishable
from lienhiep.reporting.registry import FigureResult, Scope, declared, figure

TO_PERSON = Q(person__isnull=False) | ~Q(person_name="")


HONOUR_PARAMS: dict[str, list[tuple[str, Any]] | None] = {
    "issuer": list(Issuer.choices),
    "form": list(HonourForm.choices),
    "to": [("unit", _("units")), ("person", _("persons")), ("self", _("the unit itself"))],
}
NOMINATION_PARAMS: dict[str, list[tuple[str, Any]] | None] = {
    "issuer": list(Issuer.choices),
    "form": list(HonourForm.choices),
    "to": [("unit", _("units")), ("person", _("persons"))],
}


def _in_years(years: Iterable[int]) -> str:
    """The years a count's records fall in, as its basis names them: " (năm 2018, 2021, 2023)", or nothing."""
    named = ", ".join(str(year) for year in years)
    return f" (năm {named})" if named else ""


def _honours(p: Scope, issuer: str, form: str, to: str) -> QuerySet[Honour]:
    if to == "self":
        return awards.honours_to_unit(p.node, issuer=issuer, form=form, start=p.start, end=p.end)
    rows = awards.honours_in(p.node, start=p.start, end=p.end, whole_tree=p.whole_tree)
    rows = rows.filter(**filtering.given(issuer=issuer, form=form))
    if to == "person":
        rows = rows.filter(TO_PERSON)
    elif to == "unit":
        rows = rows.exclude(TO_PERSON)
    return rows.order_by("decision_date", "id")


@figure("honours.count", _("Honours"), "count", "span", params=HONOUR_PARAMS, unit=_("honours"),
        records="awards.Honour")  # fmt: skip
def count(p: Scope, *, issuer: str = "", form: str = "", to: str = "") -> FigureResult:
    """Honours decided in the period (by `issuer`, of `form`, to units, persons or the node itself); the basis
    names their years ("năm 2018, 2021, 2023")."""
    if not registry.records_wanted():
        by_year = _by_year(p, issuer, form, to)
        total = sum(by_year.values())
        basis = f"{num(total)} lần{_in_years(by_year)}"
        return FigureResult(total, basis=basis)
    rows = list(_honours(p, issuer, form, to).values_list("pk", "decision_date"))
    years_of = sorted({d.year for _pk, d in rows})
    basis = f"{num(len(rows))} lần{_in_years(years_of)}"
    return FigureResult(len(rows), basis=basis, record_ids=[pk for pk, _d in rows])


def _by_year(p: Scope, issuer: str, form: str, to: str) -> dict[int, int]:
    """How many honours `count` finds, by year in order, read once within `registry.figures_only`: the page's count
    and the list's "and N more" are one grouped read (the country's 4,300 ids of a year were read for a count, then
    counted again for the list)."""

    def read() -> dict[int, int]:
        rows = _honours(p, issuer, form, to).order_by()
        grouped = rows.values_list(ExtractYear("decision_date")).annotate(n=Count("id"))
        return dict(sorted(grouped))

    return registry.shared(("honours.by_year", p.node.pk, p.start, p.end, issuer, form, to), read)


@figure("honours.list", _("Honours, listed"), "rows", "span", params=HONOUR_PARAMS, records="awards.Honour",
        row_fields=("year", "decision_date", "decision_number", "form", "issuer", "recipient", "unit"))  # fmt: skip
def honour_list(p: Scope, *, issuer: str = "", form: str = "", to: str = "") -> FigureResult:
    """The honours by date: decision, form, issuer, recipient (a person named only with consent) and unit (the
    first rows only within `registry.rows_at_most`)."""
    shared = registry.is_sharing() and registry.rows_limit() is not None
    counted = sum(_by_year(p, issuer, form, to).values()) if shared else None
    # The unit is named from its spells (`names_on`), not from the row's unit.
    rows, total = registry.first_rows(_honours(p, issuer, form, to).select_related("person"), total=counted)
    allowed = publishable(h.person_id for h in rows if h.person_id)
    names = names_on((h.org_id, h.decision_date) for h in rows)
    # Labels read once: a choice's display per row costs a lazy translation each (8 s for a national list).
    forms = {value: str(label) for value, label in HonourForm.choices}
    issuers = {value: str(label) for value, label in Issuer.choices}
    left_out = 0
    value = []
    for h in rows:
        unit = names[h.org_id, h.decision_date]
        if h.person_id and h.person_id in allowed:
            recipient = h.person.full_name  # type: ignore[union-attr]
        elif h.person_id or h.person_name:
            recipient = "01 cá nhân"
            left_out += 1
        else:
            recipient = unit
        value.append(
            {
                "year": h.decision_date.year,
                "decision_date": h.decision_date,
                "decision_number": h.decision_number,
                "form": forms.get(h.form, h.form),
                "issuer": h.issuer_name or issuers.get(h.issuer, h.issuer),
                "recipient": recipient,
                "unit": unit,
            }
        )
    return listed(value, [h.pk for h in rows], total, "lần khen thưởng", unnamed=left_out, who="cá nhân")


@figure("ratings.of_unit", _("Emulation ratings of the unit"), "rows", "years",
        params={"rated_by": list(Issuer.choices)}, records="awards.EmulationRating",
        row_fields=("year", "rating", "rated_by"))  # fmt: skip
def ratings_of_unit(p: Scope, *, rated_by: str = "") -> FigureResult:
    """The node's own emulation ratings year by year (by `rated_by`, if given)."""
    first, last = p.years
    rows = awards.ratings_of(p.node, first_year=first, last_year=last)
    if rated_by:
        rows = rows.filter(rated_by=rated_by)
    value = [
        {"year": r.year, "rating": str(r.get_rating_display()), "rated_by": str(r.get_rated_by_display())} for r in rows
    ]
    by_rating: dict[str, list[int]] = {}
    for r in rows:
        by_rating.setdefault(str(r.get_rating_display()), []).append(r.year)
    basis = "; ".join(f"{rating}: {', '.join(str(y) for y in ys)}" for rating, ys in by_rating.items())
    return FigureResult(value, basis=basis or "Chưa có xếp loại", record_ids=[r.pk for r in rows])


def _nominations(rows: QuerySet[Nomination], issuer: str, form: str, to: str) -> QuerySet[Nomination]:
    rows = rows.filter(**filtering.given(issuer=issuer, form=form))
    if to == "person":
        rows = rows.filter(person__isnull=False)
    elif to == "unit":
        rows = rows.filter(person__isnull=True)
    return rows


def _counted(rows: QuerySet[Nomination], day: str, words: str) -> FigureResult:
    pairs = list(rows.order_by(day, "id").values_list("pk", day))
    years_of = sorted({d.year for _pk, d in pairs})
    basis = f"{num(len(pairs))} {words}{_in_years(years_of)}"
    return FigureResult(len(pairs), basis=basis, record_ids=[pk for pk, _d in pairs])


@figure("nominations.made", _("Nominations sent to the issuer"), "count", "span", params=NOMINATION_PARAMS,
        unit=_("nominations"), records="awards.Nomination")  # fmt: skip
def nominations_made(p: Scope, *, issuer: str = "", form: str = "", to: str = "") -> FigureResult:
    """Nominations the units sent to the issuer in the period (of `form`, to `issuer`, for units or persons)."""
    rows = _nominations(awards.nominations_sent_in(p.node, start=p.start, end=p.end, as_of=p.as_of), issuer, form, to)
    return _counted(rows, "sent_on", "hồ sơ đề nghị đã gửi")


@figure("nominations.granted", _("Nominations granted"), "count", "span", params=NOMINATION_PARAMS,
        unit=_("nominations"), records="awards.Nomination")  # fmt: skip
def nominations_granted(p: Scope, *, issuer: str = "", form: str = "", to: str = "") -> FigureResult:
    """Nominations granted by a decision of the period: the honours that nominations became."""
    rows = _nominations(awards.nominations_granted_in(p.node, start=p.start, end=p.end), issuer, form, to)
    return _counted(rows, "honour__decision_date", "hồ sơ đề nghị được khen thưởng")


@figure("nominations.members", _("Members nominated for an honour"), "count", "span",
        params={"issuer": list(Issuer.choices), "form": list(HonourForm.choices)}, unit=_("members"),
        records="awards.Nomination")  # fmt: skip
def members_nominated(p: Scope, *, issuer: str = "", form: str = "") -> FigureResult:
    """Members the units nominated in the period (nominations sent), each counted once however often nominated:
    the congress measure "ít nhất 01 hội viên được đề nghị tặng Bằng lao động sáng tạo"."""
    rows = _nominations(
        awards.nominations_sent_in(p.node, start=p.start, end=p.end, as_of=p.as_of), issuer, form, "person"
    )
    pairs = list(rows.order_by("sent_on", "id").values_list("pk", "person_id"))
    persons = {person for _pk, person in pairs}
    basis = f"{num(len(persons))} hội viên, {num(len(pairs))} hồ sơ đề nghị đã gửi"
    return FigureResult(len(persons), basis=basis, record_ids=[pk for pk, _person in pairs])


@figure("nominations.by_year", _("Nominations made and granted by year and form"), "rows", "span",
        params={"issuer": list(Issuer.choices), "to": NOMINATION_PARAMS["to"]},
        row_fields=("year", "form", "made", "granted"))  # fmt: skip
def nominations_by_year(p: Scope, *, issuer: str = "", to: str = "") -> FigureResult:
    """Each year and form: the nominations sent that year and those granted by a decision of that year."""
    made = _nominations(awards.nominations_sent_in(p.node, start=p.start, end=p.end, as_of=p.as_of), issuer, "", to)
    granted = _nominations(awards.nominations_granted_in(p.node, start=p.start, end=p.end), issuer, "", to)
    table: dict[tuple[int, str], dict[str, int]] = {}
    for name, rows, day_field in (("made", made, "sent_on"), ("granted", granted, "honour__decision_date")):
        for form, day in rows.values_list("form", day_field):
            table.setdefault((day.year, form), {"made": 0, "granted": 0})[name] += 1  # type: ignore[union-attr]
    forms = {value: str(label) for value, label in HonourForm.choices}
    order = {value: i for i, value in enumerate(HonourForm.values)}
    value = [
        {"year": year, "form": forms.get(form, form), **counts}
        for (year, form), counts in sorted(table.items(), key=lambda item: (item[0][0], order.get(item[0][1], 99)))
    ]
    total_made = sum(counts["made"] for counts in table.values())
    total_granted = sum(counts["granted"] for counts in table.values())
    basis = f"{num(total_made)} hồ sơ đề nghị đã gửi, {num(total_granted)} được khen thưởng"
    return FigureResult(value, basis=basis)


SPECS = declared(__name__)
