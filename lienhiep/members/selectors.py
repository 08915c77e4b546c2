"""Reads over the member registry: lists, search and the figures reports print, as of any date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Lower

from lienhiep.accounts.models import User
from lienhiep.core import filtering
from lienhiep.core.dates import years_before
from lienhiep.core.text import fold, phone_key
from lienhiep.members.models import (
    INTELLECTUAL_EDUCATION,
    REQUEST_OPEN,
    Breach,
    CollectiveMember,
    Consent,
    ConsentPurpose,
    Education,
    EventKind,
    Field,
    Gender,
    IntellectualEstimate,
    LeaveReason,
    Membership,
    Person,
    PersonEvent,
    SubjectRequest,
)
from lienhiep.orgs import figures
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgClosure, OrgKind, OrgSpell, RememberedFigure, Role
from lienhiep.orgs.permissions import Access


def memberships_on(on: dt.date) -> Q:
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


def memberships_in(node: Org | int, *, on: dt.date) -> QuerySet[Membership]:
    """Memberships valid on `on` in the nodes under `node` as the tree stood on `on`."""
    return Membership.objects.filter(memberships_on(on), org_id__in=org_selectors.subtree_ids(node, on=on))


def member_count(node: Org | int, *, on: dt.date, distinct_persons: bool | None = None) -> int:
    """Members of `node`'s subtree on `on`.

    An association counts each membership; above it (a union) a person in two associations counts
    once. Pass `distinct_persons` to choose explicitly.
    """
    org = node if isinstance(node, Org) else Org.objects.get(pk=node)
    distinct = org.kind not in ("association", "branch") if distinct_persons is None else distinct_persons
    if distinct:
        return persons_data(org, on=on)["n"]
    if org.kind not in REMEMBERED_KINDS:
        return _counted(org, on=on)["n"]
    # A union's figure reads the memberships of a whole province or the country: remembered (orgs.figures).
    return figures.remembered(org, source="members", on=on, compute=lambda: _counted(org, on=on))["n"]


def _counted(org: Org, *, on: dt.date) -> figures.Data:
    """Memberships under `org` on `on` (built only when counted: a union's count is read from its remembered
    figure, and building the query it does not run cost ~1.4 ms of CPU; the statistics page asks ten days)."""
    return {"n": memberships_in(org, on=on).count()}


def persons_data(org: Org, *, on: dt.date) -> figures.Data:
    """Persons under `org` on `on`, each once ("n"), and, for a unit that may stand directly under a province or
    a district, who of them has another membership (`SHARED`, a list of person ids: what a province adds its
    units' counts up by, `_persons_from_parts`); remembered for a union (source "members.persons")."""
    if org.kind not in REMEMBERED_KINDS:
        return _persons(org, on=on)
    return figures.remembered(org, source="members.persons", on=on, compute=lambda: _persons(org, on=on))


def _persons(org: Org, *, on: dt.date) -> figures.Data:
    """`persons_data` counted: a province's or a district's from its parts, any other node's from its memberships."""
    if org.kind in PARTED_KINDS:
        return _persons_from_parts(org, on=on)
    if _is_part(org):  # an association or a branch: counted as its province counts it, naming who has another
        return _persons_by_part(org, [org.pk], on=on, own=False)[org.pk]
    # COUNT(DISTINCT …), not a count over SELECT DISTINCT: PostgreSQL 15 ran the latter as a parallel hash
    # aggregate that spilled to disk and took minutes for the country's ~250,000 persons of a past year
    # (0.8 s this way; docs/benchmarks.md, "Session 5").
    return {"n": memberships_in(org, on=on).aggregate(n=Count("person_id", distinct=True))["n"]}


def _persons_by_part(org: Org, parts: list[int], *, on: dt.date, own: bool) -> dict[int, figures.Data]:
    """`_persons` of each of `parts` (units directly under `org` on `on`), and of `org`'s own memberships under
    `org`'s id with `own`, in two queries grouped by part."""
    rows = _part_memberships(org, parts, on=on, own=own)
    out: dict[int, figures.Data] = {part: {"n": 0, SHARED: []} for part in ([*parts, org.pk] if own else parts)}
    for part, n in rows.values_list(_PART).annotate(n=Count("person_id", distinct=True)).order_by():
        out[part]["n"] = n
    for part, person in (
        rows.filter(shared=True).values_list(_PART, "person_id").distinct().order_by(_PART, "person_id")
    ):
        out[part][SHARED].append(person)
    return out


def _persons_from_parts(org: Org, *, on: dt.date) -> figures.Data:
    """Persons under `org` on `on`, added up from those of each unit directly under it (remembered, source
    "members.persons": those the write did not change are read, the others counted and stored) and of its own
    memberships, less each person counted in more than one of them (in `k` parts: k - 1 times), whom their parts
    name (`SHARED`). After a membership dated two years back, a province's count at each year's end since read
    every membership of its 1,189 units (37 ms for 2025's 45,000); now one unit's (docs/benchmarks.md, "Session
    24")."""
    n = 0
    in_parts: dict[int, int] = {}  # person: the parts they count in
    for part in _part_pieces(org, on=on, source="members.persons", by_part=_persons_by_part):
        n += part["n"]
        for person in part[SHARED]:
            in_parts[person] = in_parts.get(person, 0) + 1
    data: figures.Data = {"n": n - sum(k - 1 for k in in_parts.values())}
    if _is_part(org):
        data[SHARED] = sorted(in_parts)
    return data


def records_dated_from(*, org_id: int, on: dt.date) -> list[QuerySet[Any]]:
    """How many memberships, of persons and of bodies, unit `org_id` holds that began `on` or later: what its end on
    `on` would leave outside its life (declared as `records_dated_from` on the AppConfig, read by `orgs.services`
    before a unit ends). A membership is dated by its joining (`check_member_org`): one that began on or after the
    end would be a member of a unit that no longer existed. One still open on the end day, or left later, is not
    counted: it is a member the unit had when it ended. The end leaves it as it is, a dissolution or merger does not
    move members (a transfer does), and it counts through the unit's closure rows up to the end only; the dissolved
    unit's list on its last day shows it (`list_day`, decision 0007), and the triggers still reach the unions above
    through the rows valid before the end when it is later ended or transferred."""
    return [
        Membership.objects.filter(org_id=org_id, joined_on__gte=on),
        CollectiveMember.objects.filter(org_id=org_id, joined_on__gte=on),
    ]


def tree_counts(*, org_ids: list[int], on: dt.date) -> dict[int, int]:
    """Members of each unit's subtree on `on`, for the rows of a tree and a unit's page (declared as `tree_counts`
    on the AppConfig): a union's count as `member_count` remembers it, the associations' and branches' in one
    query over their subtrees."""
    kinds = dict(Org.objects.filter(pk__in=org_ids).values_list("pk", "kind"))
    counts = {pk: member_count(pk, on=on) for pk, kind in kinds.items() if kind in REMEMBERED_KINDS}
    small = [pk for pk, kind in kinds.items() if kind not in REMEMBERED_KINDS]
    if small:
        closure = "org__closure_up__"
        rows = Membership.objects.filter(
            memberships_on(on),
            Q(**{f"{closure}ancestor_id__in": small, f"{closure}valid_from__lte": on})
            & (Q(**{f"{closure}valid_to__isnull": True}) | Q(**{f"{closure}valid_to__gt": on})),
        )
        found = dict(rows.values_list(f"{closure}ancestor_id").annotate(n=Count("id")).order_by())
        counts.update({pk: found.get(pk, 0) for pk in small})
    return counts


def member_count_each(nodes: list[Org], *, on: dt.date) -> dict[int, int]:
    """`member_count` of each node on `on` (by id; a campaign's units): the unions' remembered counts read in one
    query, the rest counted in one query grouped by node through the closure for each way of counting (memberships
    for associations and branches, persons once above them). A union whose figures may be the nightly ones
    (decision 0009) is counted as `member_count` counts it, alone."""
    nightly = set(settings.FIGURES_NIGHTLY_KINDS)
    out = {node.pk: member_count(node, on=on) for node in nodes if node.kind in nightly}
    rest = [node for node in nodes if node.pk not in out]
    unions = [node.pk for node in rest if node.kind in REMEMBERED_KINDS]
    if unions:
        out.update(
            (pk, data["n"]) for pk, data in figures.remembered_each(unions, source="members.persons", on=on).items()
        )
    for distinct in (False, True):
        ids = [
            node.pk for node in rest if node.pk not in out and (node.kind not in ("association", "branch")) == distinct
        ]
        if not ids:
            continue
        closure = "org__closure_up__"
        rows = Membership.objects.filter(
            memberships_on(on),
            Q(**{f"{closure}ancestor_id__in": ids, f"{closure}valid_from__lte": on})
            & (Q(**{f"{closure}valid_to__isnull": True}) | Q(**{f"{closure}valid_to__gt": on})),
        )
        counted = Count("person_id", distinct=True) if distinct else Count("id")
        found = dict(rows.values_list(f"{closure}ancestor_id").annotate(n=counted).order_by())
        out.update((pk, found.get(pk, 0)) for pk in ids)
    return out


def member_count_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """Memberships in `node`'s subtree on each day of [start, end], as the day-step source "members" keeps them."""
    return [(on, on, {"n": member_count(node, on=on, distinct_persons=False)}) for on in _days(start, end)]


def person_count_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """Persons in `node`'s subtree on each day of [start, end] ("members.persons": `persons_data`)."""
    org = node if isinstance(node, Org) else Org.objects.get(pk=node)
    return [(on, on, persons_data(org, on=on)) for on in _days(start, end)]


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


# Whose member counts are remembered: an association's or a branch's are cheap to count.
REMEMBERED_KINDS = (OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.DISTRICT)


def member_counts_warm(*, on: dt.date) -> int:
    """Count ahead the figures people open first: the country, each province and each district on `on` (run
    nightly for today by `manage.py warm_counts`). Returns how many unions were counted (not remembered yet)."""
    counted = RememberedFigure.objects.filter(source="members.persons", first=on, last=on).values("org_id")
    unions = Org.objects.filter(kind__in=REMEMBERED_KINDS, founded_on__lte=on).exclude(ended_on__lte=on)
    unions = unions.exclude(pk__in=counted)
    done = 0
    for org in unions.order_by("kind", "pk").iterator():
        member_count(org, on=on)
        done += 1
    return done


AGE_BANDS = [(0, 30), (30, 40), (40, 50), (50, 60), (60, 200)]


def age_band(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return ""
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for low, high in AGE_BANDS:
        if low <= age < high:
            return _band_label(low, high)
    return ""


def _band_label(low: int, high: int) -> str:
    return f"{low}-{high - 1}" if high < 200 else f"{low}+"


def _age_band_expression(on: dt.date, *, prefix: str = "") -> Case:
    """The age band of a person on `on`, in SQL: the bands of `age_band`, by birth date (younger than `high`: born
    after the last birth date of someone `high` years old); `prefix`: the path to the person ("person__")."""
    birth = f"{prefix}birth_date"
    whens = [
        When(**{f"{birth}__gt": years_before(on, high)}, then=Value(_band_label(low, high)))
        for low, high in AGE_BANDS[:-1]
    ]
    return Case(*whens, When(**{f"{birth}__isnull": False}, then=Value(_band_label(*AGE_BANDS[-1]))), default=Value(""))


@dataclass
class Breakdown:
    total: int
    by_group: dict[str, int]
    by_education: dict[str, int]
    by_gender: dict[str, int]
    by_field: dict[str, int]
    by_age: dict[str, int]
    intellectuals: int


def breakdown_data(node: Org | int, *, on: dt.date) -> figures.Data:
    """What `member_breakdown` shows, as counted in SQL: by education, gender and age band in one pass, by group,
    and by field id; remembered for a union (source "members.breakdown"). A province's or a district's is added up
    from the remembered breakdowns of the units directly under it (`_breakdown_from_parts`)."""
    org = node if isinstance(node, Org) else Org.objects.get(pk=node)

    def compute() -> figures.Data:
        if org.kind in PARTED_KINDS:
            return _breakdown_from_parts(org, on=on)
        if _is_part(org):  # an association or a branch: counted as its province counts it, naming who has another
            return _breakdown_by_part(org, [org.pk], on=on, own=False)[org.pk]
        return _breakdown_counted(memberships_in(org, on=on), on=on)

    if org.kind not in REMEMBERED_KINDS:
        return compute()
    return figures.remembered(org, source="members.breakdown", on=on, compute=compute)


def _breakdown_counted(rows: QuerySet[Membership], *, on: dt.date) -> figures.Data:
    """The breakdown of the persons of the memberships `rows`, each person once, grouped in SQL (the country's)."""
    persons = Person.objects.filter(pk__in=rows.values("person_id"))
    data: figures.Data = {"e": {}, "g": {}, "a": {}, "grp": {}, "f": {}}
    for education, gender, band, n in (
        persons.annotate(band=_age_band_expression(on))
        .values_list("education", "gender", "band")
        .annotate(n=Count("id"))
        .order_by()
    ):
        for key, value in (("e", education), ("g", gender), ("a", band)):
            data[key][value] = data[key].get(value, 0) + n
    # A person's group is that of the association they belong to (each group once per person).
    for group, n in rows.values_list("org__group").annotate(n=Count("person_id", distinct=True)).order_by():
        data["grp"][group] = n
    for field_id, n in persons.filter(fields__isnull=False).values_list("fields").annotate(n=Count("id")).order_by():
        data["f"][str(field_id)] = n
    return data


# Whose breakdown is added up from the units directly under it: after one membership is saved, a province's was
# read again from every person of the province (10,562 in the 1 M benchmark: 43,300 buffers, 120-220 ms); now from
# the breakdowns of its units, of which only the changed one is counted (docs/benchmarks.md, "Session 20"). The
# country's is counted whole: it is the nightly one after a write (decision 0009), and a pass grouping its
# 1,000,000 memberships by person would cost the nightly run more than it saves.
PARTED_KINDS = (OrgKind.PROVINCIAL, OrgKind.DISTRICT)

_PART = "org__closure_up__ancestor_id"


def _parts(org: Org, *, on: dt.date) -> list[int]:
    """The units directly under `org` on `on`."""
    closure = OrgClosure.objects.filter(org_selectors.valid_on(on), ancestor=org, depth=1)
    return sorted(set(closure.values_list("descendant_id", flat=True)))


def _part_pieces(
    org: Org, *, on: dt.date, source: str, by_part: Callable[..., dict[int, figures.Data]]
) -> list[figures.Data]:
    """The figures of `source` on `on` of each unit directly under `org` (a province or a district), the stored ones
    read and the others counted by `by_part(org, missing, on=on, own=True)` and stored, then, last, those of `org`'s
    own memberships (counted with the missing units, or alone; never stored: they are `org`'s figure's key)."""
    parts = _parts(org, on=on)
    own: list[figures.Data] = []

    def compute(missing: list[int]) -> dict[int, figures.Data]:
        found = by_part(org, missing, on=on, own=True)
        own[:] = [found.pop(org.pk)]
        return found

    stored = figures.remembered_many(parts, source=source, on=on, compute=compute)
    if not own:
        own.append(by_part(org, [], on=on, own=True)[org.pk])
    return [*(stored[part] for part in parts), own[0]]


def _part_memberships(org: Org, parts: list[int], *, on: dt.date, own: bool) -> QuerySet[Membership]:
    """The memberships valid on `on` under each of `parts` (units directly under `org` on `on`), and with `own` those
    of `org` itself, each row once per part it counts for: its part is `_PART` (`org` for its own)."""
    closure = "org__closure_up__"
    valid = org_selectors.valid_on(on, closure)
    within = Q(**{f"{closure}ancestor_id__in": parts})
    if own:
        # (Its own closure row: depth 0. Without the depth PostgreSQL read the memberships of every unit below; with
        # the row's descendant said too, it finds the row by the unit's few ancestors, not among the province's
        # 1,573 rows: 3.9 -> 1.4 ms, three times a province's statistics after a write; "Session 26".)
        within |= Q(
            org_id=org.pk, **{f"{closure}ancestor_id": org.pk, f"{closure}descendant_id": org.pk, f"{closure}depth": 0}
        )
    return Membership.objects.filter(memberships_on(on), valid, within)


# A membership of `_part_rows`: (person, part, group of its unit, education, gender, age band, a field of the person
# or None, whether the person has another membership: `Membership.shared`).
PartRow = tuple[int, int, str, str, str, str, int | None, bool]

# A part's breakdown also names who of its persons may count in another part as well: {person id: the groups they
# count in there}, for each person whose membership counted there is `shared` (has another). A province finds who
# counts in two of its parts from its parts' stored breakdowns alone (`_breakdown_from_parts`).
SHARED = "s"


def _is_part(org: Org) -> bool:
    """Whether `org`'s breakdown names its persons who may count in another unit (`SHARED`): those of every unit
    that may stand directly under a province or a district, and only those (the country's would name 60,000)."""
    return org.kind not in (OrgKind.NATIONAL, OrgKind.PROVINCIAL)


def _part_rows(org: Org, parts: list[int], *, on: dt.date, own: bool) -> list[PartRow]:
    """The memberships of `_part_memberships`, with what a part's breakdown counts their persons by: one row per
    field of the person (one with None for none)."""
    rows = _part_memberships(org, parts, on=on, own=own)
    band = _age_band_expression(on, prefix="person__")
    return list(
        rows.annotate(band=band).values_list(
            "person_id", _PART, "org__group", "person__education", "person__gender", "band", "person__fields", "shared"
        )
    )


def _breakdown_by_part(org: Org, parts: list[int], *, on: dt.date, own: bool) -> dict[int, figures.Data]:
    """`_breakdown_counted` of each of `parts` on `on` (and of `org`'s own memberships, under `org`'s id, with
    `own`), from one read of their memberships (`_part_rows`), each person once per part (once per group and per
    field within it), with who of them may count in another part (`SHARED`). After a write the missing part is
    one unit's few dozen memberships: three queries grouped by part cost three round trips and three compiled
    queries for them."""
    keys = [*parts, org.pk] if own else parts
    counted_by: dict[int, dict[int, tuple[str, str, str]]] = {part: {} for part in keys}
    in_group: dict[int, set[tuple[int, str]]] = {part: set() for part in keys}
    in_field: dict[int, set[tuple[int, int]]] = {part: set() for part in keys}
    shared: dict[int, set[int]] = {part: set() for part in keys}
    for person, part, group, education, gender, band, field_id, other in _part_rows(org, parts, on=on, own=own):
        counted_by[part][person] = (education, gender, band)
        in_group[part].add((person, group))
        if field_id is not None:
            in_field[part].add((person, field_id))
        if other:
            shared[part].add(person)
    out: dict[int, figures.Data] = {}
    for part in keys:
        data: figures.Data = {"e": {}, "g": {}, "a": {}, "grp": {}, "f": {}, SHARED: {}}
        for values in counted_by[part].values():
            for key, value in zip(("e", "g", "a"), values, strict=True):
                data[key][value] = data[key].get(value, 0) + 1
        for person, group in in_group[part]:
            data["grp"][group] = data["grp"].get(group, 0) + 1
            if person in shared[part]:
                data[SHARED].setdefault(str(person), []).append(group)
        for _person, field_id in in_field[part]:
            data["f"][str(field_id)] = data["f"].get(str(field_id), 0) + 1
        for groups in data[SHARED].values():
            groups.sort()
        out[part] = data
    return out


def _breakdown_from_parts(org: Org, *, on: dt.date) -> figures.Data:
    """`_breakdown_counted` of `org`'s subtree on `on`, added up from the breakdown of each unit directly under it
    (remembered, source "members.breakdown": those the write did not change are read, the others counted and
    stored) and of `org`'s own memberships, less each person counted in more than one of them (`k` parts: k - 1
    times, by their education, gender, age band and fields; by group, per group they count in more than once).
    Every part and every correction is counted from the records: nothing is added to a figure of another day."""
    pieces = _part_pieces(org, on=on, source="members.breakdown", by_part=_breakdown_by_part)
    data: figures.Data = {"e": {}, "g": {}, "a": {}, "grp": {}, "f": {}}
    # Who counts in more than one part: those their parts name (`SHARED`), read from the stored breakdowns (a search
    # of the province's memberships of persons with another, then their rows by part, took 25 ms for the largest
    # province at a million; docs/benchmarks.md, "Session 24").
    in_parts: dict[str, int] = {}  # person: the parts they count in
    groups_of: dict[str, dict[str, int]] = {}  # person: {group: the parts they count in that group in}
    for part in pieces:
        for key, counts in part.items():
            if key != SHARED:
                for value, n in counts.items():
                    data[key][value] = data[key].get(value, 0) + n
        for person, groups in part[SHARED].items():
            in_parts[person] = in_parts.get(person, 0) + 1
            in_group = groups_of.setdefault(person, {})
            for group in groups:
                in_group[group] = in_group.get(group, 0) + 1
    twice = {int(person): n - 1 for person, n in in_parts.items() if n > 1}
    if twice:
        # Each counted by their details once per part: k - 1 times too many.
        seen: set[int] = set()
        for pk, education, gender, band, field_id in (
            Person.objects.filter(pk__in=sorted(twice))
            .annotate(band=_age_band_expression(on))
            .values_list("pk", "education", "gender", "band", "fields")
        ):
            if pk not in seen:
                seen.add(pk)
                for key, value in (("e", education), ("g", gender), ("a", band)):
                    data[key][value] -= twice[pk]
            if field_id is not None:
                data["f"][str(field_id)] -= twice[pk]
        for person in map(str, twice):
            for group, n in groups_of[person].items():
                data["grp"][group] -= n - 1
    out = {key: {value: n for value, n in counts.items() if n} for key, counts in data.items()}
    if _is_part(org):
        # A district is a part of its province: it names its own persons who may count in another part.
        out[SHARED] = {person: sorted(groups) for person, groups in groups_of.items()}
    return out


def breakdown_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """The day-step source "members.breakdown": `breakdown_data` of each day."""
    return [(on, on, breakdown_data(node, on=on)) for on in _days(start, end)]


def member_breakdown(node: Org | int, *, on: dt.date) -> Breakdown:
    """Persons in `node`'s subtree on `on` (each counted once), by group, education, gender, field and age.
    Field names are read at display time, so a renamed field shows its new name."""
    data = breakdown_data(node, on=on)
    names = dict(Field.objects.filter(pk__in=[int(i) for i in data["f"]]).values_list("pk", "name"))
    by_education = dict(sorted(data["e"].items()))
    return Breakdown(
        total=sum(data["g"].values()),
        by_group=dict(sorted(data["grp"].items())),
        by_education=by_education,
        by_gender=dict(sorted(data["g"].items())),
        by_field=dict(sorted((names[int(i)], n) for i, n in data["f"].items() if int(i) in names)),
        by_age=dict(data["a"]),
        intellectuals=sum(n for education, n in by_education.items() if education in INTELLECTUAL_EDUCATION),
    )


@dataclass
class Flow:
    at_start: int
    joined: int
    left: int
    at_end: int

    @property
    def net(self) -> int:
        return self.at_end - self.at_start


def member_flow(node: Org | int, *, start: dt.date, end: dt.date) -> Flow:
    """Members at the start and the end of a period, and the memberships that began and ended in it
    (a transfer inside the subtree counts as one leaving and one joining)."""
    ids = org_selectors.subtree_ids(node, on=end)
    joined = Membership.objects.filter(org_id__in=ids, joined_on__gt=start, joined_on__lte=end).count()
    left = Membership.objects.filter(org_id__in=ids, left_on__gt=start, left_on__lte=end).count()
    return Flow(
        at_start=member_count(node, on=start, distinct_persons=False),
        joined=joined,
        left=left,
        at_end=member_count(node, on=end, distinct_persons=False),
    )


@dataclass(frozen=True)
class Change:
    """Members on two days and why they differ: `at_end - at_start == joined + moved_in - left - moved_out`."""

    at_start: int
    at_end: int
    joined: int  # members on the second day who were members of none of the subtree's units on the first
    left: int  # members on the first day who are members of none of them on the second
    moved_in: int  # already members on the first day, of a unit that came under the node since
    moved_out: int  # still members on the second day, of a unit that has left the node since


def member_change(node: Org | int, *, start: dt.date, end: dt.date) -> Change:
    """`member_count` on `start` and on `end` (each as the tree stood that day), the difference broken down into
    those who joined or left and those who came or went with a unit that moved in the tree. Above an association a
    person counts once, as `member_count` does; in an association each membership counts. Remembered (source
    "members.change", one piece per pair of days): for the country it is a pass over 770,000 memberships."""
    org = node if isinstance(node, Org) else Org.objects.get(pk=node)
    data = change_pieces(org, start=start, end=end)[0][2] if start <= end else _change_data(org, start, end)
    return Change(
        at_start=member_count(org, on=start),
        at_end=member_count(org, on=end),
        joined=data["j"],
        left=data["l"],
        moved_in=data["mi"],
        moved_out=data["mo"],
    )


def change_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """Who joined, left, and came or went with a moved unit between `start` and `end` (`member_change`), as one
    remembered piece (source "members.change")."""
    org = node if isinstance(node, Org) else Org.objects.get(pk=node)
    return figures.pieced(
        org,
        source="members.change",
        start=start,
        end=end,
        compute=lambda first, last: {first: _change_data(org, first, last)},
    )


def _change_data(org: Org, start: dt.date, end: dt.date) -> figures.Data:
    before = org_selectors.subtree_ids(org, on=start)
    after = org_selectors.subtree_ids(org, on=end)
    if org.kind in ("association", "branch"):
        first = Membership.objects.filter(memberships_on(start), org_id__in=before)
        second = Membership.objects.filter(memberships_on(end), org_id__in=after)
        return {
            "j": second.exclude(memberships_on(start)).count(),
            "l": first.exclude(memberships_on(end)).count(),
            "mi": second.filter(memberships_on(start)).exclude(org_id__in=before).count(),
            "mo": first.filter(memberships_on(end)).exclude(org_id__in=after).count(),
        }

    # One pass over the memberships of either day, grouped by person: set differences of persons (NOT IN over
    # 700,000 of them) took minutes for the country.
    def flag(on: dt.date, units: QuerySet[Any, Any]) -> Max:
        return Max(Case(When(memberships_on(on) & Q(org_id__in=units), then=1), default=0))

    # The units of either day as one list of ids: "org IN (subtree then) OR org IN (subtree now)" as two
    # subqueries made PostgreSQL read the country's memberships in person order to find a province's (1.7 s,
    # load 7); one list is a range of the (org, …) index per unit.
    units = sorted({*before.values_list("descendant_id", flat=True), *after.values_list("descendant_id", flat=True)})
    counted = (
        Membership.objects.filter(org_id__in=units)
        .filter(memberships_on(start) | memberships_on(end))
        .values("person_id")
        .annotate(sb=flag(start, before), sa=flag(start, after), ea=flag(end, after), eb=flag(end, before))
        .aggregate(
            mi=Count("person_id", filter=Q(ea=1, sb=0, sa=1)),
            j=Count("person_id", filter=Q(ea=1, sb=0, sa=0)),
            mo=Count("person_id", filter=Q(sb=1, ea=0, eb=1)),
            l=Count("person_id", filter=Q(sb=1, ea=0, eb=0)),
        )
    )
    return counted


def members_over_time(
    node: Org | int, *, dates: list[dt.date], breakdown: tuple[dt.date, Breakdown] | None = None
) -> list[tuple[dt.date, int]]:
    """`member_count` on each of `dates`; a union's remembered counts read in one query (`figures.remembered_days`).
    `breakdown`: (a day, `member_breakdown(node, on=that day)`) where the caller has it: a union's count that day is
    its total, the same persons each once, and is not counted again (after a write the statistics page recounted a
    province's persons of today for its chart's last point: ~1,000 buffers and seven queries). Not for a node of a
    nightly kind, whose two figures may be of different nights (decision 0009)."""
    org = node if isinstance(node, Org) else Org.objects.get(pk=node)
    if org.kind not in REMEMBERED_KINDS:
        return [(on, member_count(org, on=on)) for on in dates]
    known: dict[dt.date, int] = {}
    if breakdown is not None and org.kind not in settings.FIGURES_NIGHTLY_KINDS:
        known[breakdown[0]] = breakdown[1].total
    counts = figures.remembered_days(
        org,
        source="members.persons",  # a union counts persons (`member_count`)
        days=[on for on in dates if on not in known],
        compute=lambda on: _persons(org, on=on),
    )
    return [(on, known[on] if on in known else counts[on]["n"]) for on in dates]


def _year_counts(node: Org | int, *, start: dt.date, end: dt.date, source: str, column: str) -> figures.Pieces:
    """Memberships whose `column` (a date) falls in each year, in the units under `node` at the year's end (today,
    for this year), remembered (`source`): one count, a range of the units' (org, date) index. As one query over
    "joined OR left in the year", PostgreSQL read every membership of the country for a province (0.46 s)."""

    def compute(first: dt.date, last: dt.date) -> dict[dt.date, figures.Data]:
        out: dict[dt.date, figures.Data] = {}
        for year in range(first.year, last.year + 1):
            ids = org_selectors.subtree_ids(node, on=min(dt.date(year, 12, 31), org_selectors.today()))
            rows = Membership.objects.filter(org_id__in=ids, **{f"{column}__year": year})
            out[dt.date(year, 1, 1)] = {"n": rows.count()}
        return out

    return figures.pieced(node, source=source, start=start, end=end, compute=compute)


def joined_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """The year-step source "members.joined": memberships begun each year (`_year_counts`)."""
    return _year_counts(node, start=start, end=end, source="members.joined", column="joined_on")


def left_pieces(node: Org | int, *, start: dt.date, end: dt.date) -> figures.Pieces:
    """The year-step source "members.left": memberships ended each year (`_year_counts`)."""
    return _year_counts(node, start=start, end=end, source="members.left", column="left_on")


def joined_left_by_year(node: Org | int, *, years: list[int]) -> list[tuple[int, int, int]]:
    """(year, memberships begun, memberships ended) for each of `years`."""
    if not years:
        return []
    start, end = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    joined = {first.year: data["n"] for first, _last, data in joined_pieces(node, start=start, end=end)}
    left = {first.year: data["n"] for first, _last, data in left_pieces(node, start=start, end=end)}
    return [(year, joined[year], left[year]) for year in years]


def intellectual_share(
    node: Org | int, *, year: int, breakdown: tuple[dt.date, Breakdown] | None = None
) -> tuple[int, int | None, float | None]:
    """(intellectuals gathered at the end of `year` — today, for this year —, the year's estimate, share in %).
    `breakdown`: (a day, `member_breakdown(node, on=that day)`) where the caller has it, used if it is that day."""
    on = min(dt.date(year, 12, 31), org_selectors.today())
    gathered = (
        breakdown[1] if breakdown is not None and breakdown[0] == on else member_breakdown(node, on=on)
    ).intellectuals
    estimate = IntellectualEstimate.objects.filter(org=node, year=year).values_list("count", flat=True).first()
    share = round(100 * gathered / estimate, 1) if estimate else None
    return gathered, estimate, share


# --- Lists ------------------------------------------------------------------------------------


@dataclass
class ListFilters:
    node: Org | None = None
    q: str = ""
    field: int | None = None
    education: str = ""
    status: str = "current"  # current | left | all
    joined_from: dt.date | None = None
    joined_to: dt.date | None = None
    age: str = ""
    on: dt.date | None = None


def list_day(filters: ListFilters) -> dt.date:
    """The date a list is asked about: the one chosen (today by default), or the last day of the unit filtered on
    if it had ended by then, so that a dissolved or merged unit lists the members it had (decision 0007)."""
    on = filters.on or org_selectors.today()
    return org_selectors.tree_day(filters.node, on) if filters.node is not None else on


def _list_memberships(
    *, visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters, on: dt.date
) -> QuerySet[Membership]:
    """The memberships that put a person on the list (visible node, subtree, status, joining dates)."""
    rows = Membership.objects.all()
    if visible_org_ids is not None:
        rows = rows.filter(org_id__in=visible_org_ids)
    return filtering.narrow(rows, filters, _membership_filters(on))


def _membership_filters(on: dt.date) -> dict[str, filtering.Lookup]:
    """The list's filters on memberships, read on the list's day `on` ("all": any status)."""

    def status(status: str) -> Q:
        if status == "current":
            return memberships_on(on)
        return Q(left_on__isnull=False, left_on__lte=on) if status == "left" else Q()

    return {
        "node": lambda node: Q(org_id__in=org_selectors.subtree_ids(node, on=on)),
        "status": status,
        "joined_from": "joined_on__gte",
        "joined_to": "joined_on__lte",
    }


def root_unpicked(filters: ListFilters) -> ListFilters:
    """The top of the whole tree picked as the unit picks nothing out: the list is the whole tree's, read by the
    whole tree's plans. Read as a part of the tree, a national officer's list with the national union picked
    hashed every membership of the country (41.6 s a page at a million). A view that reads the list, its count
    and its units passes the filters through it once (one query; none for any other unit)."""
    node = filters.node
    if node is None or node.kind not in org_permissions.ROOT_KINDS:
        return filters
    whole = org_permissions.is_only_root(node.pk, on=list_day(filters))
    return replace(filters, node=None) if whole else filters


def list_visible_ids(user: Any, filters: ListFilters) -> list[int] | None:
    """The units whose memberships may put a person on `user`'s list (`person_list`'s `visible_org_ids`, for
    `filters` as `root_unpicked` leaves them): `orgs.permissions.org_ids_at_least`, bounded within the unit filtered
    on (None where that unit bounds the list within what the user sees already) unless the list is searched by a
    number: a card number is looked up among every unit the user sees (`_search`)."""
    within = None if any(ch in "0123456789" for ch in filters.q) else filters.node
    return org_permissions.org_ids_at_least(user, within=within, on=list_day(filters))


def own_unit_picked(user: Any, filters: ListFilters) -> ListFilters:
    """`filters` with the user's own unit picked, where picking it changes nothing: the current members today,
    nothing else asked, of a user whose roles (other than the whole tree's) sit on one unit. What the user sees is
    that unit's subtree today, and the units under it that have ended (`orgs.selectors.visible_ids`); unless one of
    those still holds a current member, the list is the unit's own list, whose count is the unit's remembered member
    count: a province officer's first page counted its ~10,500 current memberships instead (15-25 ms of PostgreSQL,
    docs/benchmarks.md, session 21) and read the ids of everything they see (`list_visible_ids`: no longer needed).
    The filter form is left as the user set it: nothing shows as picked."""
    on = org_selectors.today()
    if filters.node is not None or filters.on not in (None, on) or org_permissions.sees_everything(user):
        return filters
    units = org_permissions.root_orgs(user)
    if len(units) != 1 or (units[0].ended_on is not None and units[0].ended_on <= on):
        return filters
    picked = replace(filters, node=units[0])
    if not _unit_members(picked) or _ended_with_members(units[0], on=on):
        return filters
    return picked


def _ended_with_members(unit: Org, *, on: dt.date) -> bool:
    """Whether a unit `unit` holds on `on` that has ended by then (dissolved or merged away while under it, or merged
    into a unit under it) still has a current member: a user's list shows them, the unit's own list does not."""
    ids = org_selectors.ended_visible_ids(unit, on=on)
    return bool(ids) and Membership.objects.filter(memberships_on(on), org_id__in=ids).exists()


# How many matching ids `person_list` reads into a list before it sorts a part of the tree's matches (an array of
# 5,000 ids is 40 kB sent; the rows read by their key then cost about what sorting them does).
MATCHED_READ = 5_000


def person_list(*, visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters) -> QuerySet[Person]:
    """Persons with a membership in a visible node (None: every node) matching `filters`, in name order."""
    return _person_list(visible_org_ids=visible_org_ids, filters=filters)[0]


def person_list_counted(
    *, visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters, cap: int
) -> tuple[QuerySet[Person], int]:
    """`person_list` and `person_list_count` together (a list page): where the list's matches are read as ids first,
    they are its count too, and the matches are found once a page instead of twice."""
    persons, ids = _person_list(visible_org_ids=visible_org_ids, filters=filters)
    if ids is not None:
        return persons, min(len(ids), cap + 1)
    return persons, person_list_count(visible_org_ids=visible_org_ids, filters=filters, cap=cap)


def _person_list(
    *, visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters
) -> tuple[QuerySet[Person], list[int] | None]:
    """`person_list`, and the ids of all its persons where they were read to find it (None where they were not)."""
    filters = root_unpicked(filters)
    persons = _person_matches(visible_org_ids=visible_org_ids, filters=filters)
    part_of_tree = visible_org_ids is not None or filters.node is not None
    if part_of_tree and _matched_first(filters):
        # Few persons of the country match (an education and an age band: 22,000 of a million; a number typed:
        # 10,000 for "0912"), and few of them are the part's: find the matches' ids on the index that holds
        # the details (education, birth date, id: an index-only read, each checked against the part's members),
        # then read and sort only those. Walked in name order, a province's "ThS, 30-39" read 22,089 persons to
        # keep 51 (24,000 buffers), its "0912" 423,000 (435,000 buffers, 5-6 s); found first, 9,700 and 14,000
        # buffers (docs/benchmarks.md, "Session 10").
        # The ids are read into a list: as a subquery, the planner expected half the details' matches (11,000 where
        # a province has 242 for "ThS, 30-39": the `OR pk IS NULL` fence is a coin toss to it) and read every
        # person of the country to join them (a scan of 1,000,000 rows, 220-290 ms of PostgreSQL CPU a page,
        # docs/benchmarks.md "Session 14"); as a list, the page's rows are read by their key. Past MATCHED_READ
        # matches the list is found in the database as before.
        ids = list(persons.order_by().values_list("pk", flat=True)[: MATCHED_READ + 1])
        ordered = (Lower("name_sort"), "id")
        if len(ids) <= MATCHED_READ:
            return Person.objects.filter(pk__in=ids).order_by(*ordered), ids
        return Person.objects.filter(pk__in=persons.values("pk")).order_by(*ordered), None
    return persons.order_by(*_name_order(filters.q, part_of_tree=part_of_tree)), None


def keys_first(*, visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters) -> bool:
    """Whether a page of `person_list` is read as its ids first (`core.paging.keyset_page`'s `keys_first`): a part
    of the tree walked in name order, with no filter but what the name indexes hold (the person's id, checked
    against the part's members; the education, `members_person_by_education`). The walk passes over the persons of
    the rest of the country in the index alone: a province officer's first page read 5,300 persons' rows to keep
    51 (6,278 buffers; ids first 1,679, docs/benchmarks.md session 21). A list found first, searched by name, or
    filtered by age (the birth date is in no name index), and the whole tree's (its walk keeps nearly every person)
    would only read their rows twice."""
    filters = root_unpicked(filters)
    part_of_tree = visible_org_ids is not None or filters.node is not None
    return part_of_tree and not filters.q and not filters.age


def _matched_first(filters: ListFilters) -> bool:
    """Whether a part of the tree's list is found before it is sorted (`person_list`): filtered by an education
    and an age band together, or searched by a number (a phone, a card). One detail alone keeps a fifth to a third
    of the country and is walked in name order (the walk stops at the page's 51st match)."""
    if filters.q:
        # A name is found among the part's own memberships first already (decision 0012).
        return not _by_name_only(filters.q)
    return bool(filters.education and filters.age)


def _person_matches(*, visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters) -> QuerySet[Person]:
    """`person_list`'s persons, in no order."""
    on = list_day(filters)
    rows = _list_memberships(visible_org_ids=visible_org_ids, filters=filters, on=on)
    persons: QuerySet[Person]
    if visible_org_ids is None and filters.node is None and _by_person(filters):
        # The whole tree, persons filtered by their own details: probe each matching person's memberships. As an
        # EXISTS, PostgreSQL hashed every current membership of the country to keep the few it needed; a scalar
        # subquery is never turned into a join ("ThS, 30-39" counted in 563 against 1,502 ms, "nguyen van" in
        # 462-662 against 1,563-1,964 ms, interleaved under load: docs/benchmarks.md, "Session 6").
        persons = Person.objects.alias(member=Subquery(rows.filter(person=OuterRef("pk")).values("pk")[:1])).filter(
            member__isnull=False
        )
    elif visible_org_ids is None and filters.node is None:
        # Most persons qualify: walk the names and probe each one's memberships.
        persons = Person.objects.filter(Exists(rows.filter(person=OuterRef("pk"))))
    elif _by_name_only(filters.q):
        # A part of the tree searched by name: its memberships' copies of the names (decision 0012), read from
        # the units' (org, dates, person, name) index alone. From the persons' trigram index, a province
        # officer's "nguyen van" read the country's 25,878 matches to keep its 262 (0.4-0.8 s a query).
        persons = Person.objects.filter(pk__in=rows.filter(_name_condition(filters.q)).values("person_id"))
    else:
        # A part of the tree (a province holds 2-5 % of the members): read its members' ids once into
        # a hash and walk the names checking each against it. The `OR pk IS NULL` (never true) keeps
        # PostgreSQL from turning the IN into a join; without it the planner probed every person's
        # memberships (p95 183 ms against 61 ms for a province officer's first page at a million).
        persons = Person.objects.filter(Q(pk__in=rows.values("person_id")) | Q(pk__isnull=True))
    part_of_tree = visible_org_ids is not None or filters.node is not None
    if filters.q and not (part_of_tree and _by_name_only(filters.q)):
        persons = persons.filter(_search(filters.q, visible_org_ids=visible_org_ids))
    return filtering.narrow(
        persons,
        filters,
        {"field": "fields", "education": "education", "age": lambda age: _age_filter(age, on)},
    )


def person_list_units(
    *, person_ids: list[int], visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters
) -> dict[int, str]:
    """The unit each listed person is on the list for (of the memberships that put them there, the open one, else the
    last left): shown under the name on a phone, with the birth year, so that namesakes can be told apart. One query
    for a page of the list."""
    filters = root_unpicked(filters)
    on = filters.on or org_selectors.today()
    rows = _list_memberships(visible_org_ids=visible_org_ids, filters=filters, on=on).filter(person_id__in=person_ids)
    units: dict[int, str] = {}
    ordered = rows.order_by("person_id", F("left_on").desc(nulls_first=True), "-joined_on")
    for person_id, short_name, name in ordered.values_list("person_id", "org__short_name", "org__name"):
        units.setdefault(person_id, short_name or name)
    return units


def person_list_count(*, visible_org_ids: QuerySet[Any] | list[int] | None, filters: ListFilters, cap: int) -> int:
    """How many persons `person_list` holds, counting no further than `cap + 1`."""
    filters = root_unpicked(filters)
    part_of_tree = visible_org_ids is not None or filters.node is not None
    by_name = part_of_tree and _by_name_only(filters.q)
    details = bool(filters.field or filters.education or filters.age)
    if not part_of_tree or details or (filters.q and not by_name):
        persons = _person_matches(visible_org_ids=visible_org_ids, filters=filters)
        return persons.order_by()[: cap + 1].count()
    if visible_org_ids is None and filters.node is not None and _unit_members(filters):
        # The unit's current members, nothing else: its member count that day, which a union remembers (a read of
        # one stored figure where the list counted a province's ~12,600 memberships, ~20 ms of PostgreSQL).
        return min(member_count(filters.node, on=list_day(filters), distinct_persons=True), cap + 1)
    # Only membership conditions (a name among them, decision 0012): the distinct persons on the membership
    # index alone.
    rows = _list_memberships(visible_org_ids=visible_org_ids, filters=filters, on=list_day(filters))
    if by_name:
        rows = rows.filter(_name_condition(filters.q))
    return rows.order_by().values("person_id").distinct()[: cap + 1].count()


def _unit_members(filters: ListFilters) -> bool:
    """Whether a list is a union's current members and nothing else, whose count `member_count` remembers exactly
    (not the nightly figures of decision 0009: a day old once a write has forgotten them)."""
    node = filters.node
    return (
        node is not None
        and node.kind in REMEMBERED_KINDS
        and node.kind not in settings.FIGURES_NIGHTLY_KINDS
        and filters.status == "current"
        and not (filters.q or filters.field or filters.education or filters.age)
        and filters.joined_from is None
        and filters.joined_to is None
    )


def _by_person(filters: ListFilters) -> bool:
    """Whether the list keeps persons by their own details (a search, a field, an education, an age)."""
    return bool(filters.q or filters.field or filters.education or filters.age)


def _name_order(q: str, *, part_of_tree: bool) -> tuple[Any, ...]:
    """Name order, (name_sort, id), either walked on the name index or sorted after matching.

    Walking stops at the 51st match, fast when matches are many and spread out; but the sort key starts
    with the given name, so the matches of a full name ("… Hùng") sit together far down the index and a
    walk from the top read 140,000 names to find them at a million persons (0.3 s against 0.09 s
    sorted). Within a province (2-5 % of the members) two words already make matches rare enough
    ("tran thi": p95 1,349 ms walked, 157 ms sorted); a single common word ("nguyen") was far better
    walked (73 against 679 ms) until a part of the tree found its matches among its own members (decision
    0012), and still is for the whole tree. `Lower` is the fence: the keys are lower-case already, so the order is
    the same, but no index provides it, so the database sorts."""
    words = len(fold(q).split())
    if words >= 3 or (part_of_tree and (words == 2 or _by_name_only(q))):
        # A part of the tree searched by name finds its matches among its own members (decision 0012): few
        # enough to sort, even for one common word.
        return (Lower("name_sort"), "id")
    return ("name_sort", "id")


def _search(q: str, *, visible_org_ids: QuerySet[Any] | list[int] | None = None) -> Q:
    """Name (diacritics and case ignored, NFD typed or not), phone number however written (`core.text.phone_key`
    on both sides: "+84 912…", "84912…", "0912 345…" with spaces or dots), or a card number in whole or in part
    (the last digits, the middle) among the memberships of `visible_org_ids` (None: all), so that one province's
    card numbers never find a person for another."""
    condition = _name_condition(q)
    number = "".join(ch for ch in q if ch in "0123456789")
    key = phone_key(q)
    if len(number) >= 4 and len(key) >= 3:
        # Typed with its 0 or 84, the number starts there; typed without, it may be any part of it.
        condition |= Q(phone_digits__startswith=key) if key != number else Q(phone_digits__contains=key)
    text = " ".join(q.split()).upper()
    if len(text) >= 3 and number:
        # Looked up first: an EXISTS inside the OR would keep PostgreSQL off the trigram indexes (a card number's
        # own, members_membership_card_trgm, serves the part typed).
        cards = Membership.objects.filter(card_number__contains=text)
        if visible_org_ids is not None:
            cards = cards.filter(org_id__in=visible_org_ids)
        holders = list(cards.order_by().values_list("person_id", flat=True).distinct()[:100])
        if holders:
            condition |= Q(pk__in=holders)
    return condition


def _name_condition(q: str) -> Q:
    """Every word of `q` in the folded name: of a person, or of a membership (its copy of its person's)."""
    return filtering.each_word("name_folded")(q)


def _by_name_only(q: str) -> bool:
    """Whether `_search(q)` is a name alone: without a digit, `q` is neither a phone nor a card number."""
    return bool(fold(q).split()) and not any(ch in "0123456789" for ch in q)


def _age_filter(band: str, on: dt.date) -> Q:
    low_s, _, high_s = band.partition("-")
    low = int(low_s.rstrip("+"))
    high = int(high_s) if high_s else 200
    # The statistics' bands by the same birthdays (`years_before`): the list filtered by a band counts what the band's
    # row says, on the 29th-31st of a month too (a clipped day once moved three days of births to the next band).
    return Q(birth_date__lte=years_before(on, low), birth_date__gt=years_before(on, high + 1))


def person_memberships_visible_to(
    *, user: Any, person: Person, levels: dict[int, Access] | None = None
) -> QuerySet[Membership]:
    """The memberships of `person` that `user` may see, latest first: those of the units their roles reach (a
    system administrator: all). A person in associations of two provinces is two records to the two provinces:
    each sees its own memberships, card numbers and the history of them, never the other's. A membership a unit
    ended by erasing the person (`LeaveReason.ERASURE`) no longer shows them to that unit while another still
    holds the person; once the person is anonymised, it shows the anonymised record again.

    The one answer to "which of this person's memberships may this user see": the person page, the person's data
    export, the history and access to the person itself (`permissions.person_access`) read it. `levels`: the
    person's `person_unit_levels` for this user, where the caller has them."""
    rows = Membership.objects.filter(person=person).select_related("org").order_by("-joined_on", "-id")
    if org_permissions.is_system_admin(user):
        return rows
    if person.erased_at is None:
        rows = rows.exclude(leave_reason=LeaveReason.ERASURE)
    levels = person_unit_levels(user=user, person=person) if levels is None else levels
    return rows.filter(org_id__in=list(levels))


def person_unit_levels(*, user: Any, person: Person) -> dict[int, Access]:
    """{unit id: the user's access there} for the units of the memberships `person_memberships_visible_to` shows
    `user`: what access to the person (`permissions.person_access`), its page and its buttons are decided by. Two
    queries (the units, then their closure rows at once), where each unit cost two, asked four times a page."""
    rows = Membership.objects.filter(person=person)
    if person.erased_at is None and not org_permissions.is_system_admin(user):
        rows = rows.exclude(leave_reason=LeaveReason.ERASURE)
    units = Org.objects.filter(pk__in=rows.values("org_id"))
    return {pk: level for pk, level in org_permissions.access_levels(user, units).items() if level is not None}


def person_events_visible_to(*, user: Any, person: Person, org_ids: set[int], limit: int = 100) -> list[PersonEvent]:
    """The person's history as `user` may read it: the events of the memberships they see (`org_ids`, the units of
    `person_memberships_visible_to`), and those of the person's shared record (created, details changed, ID viewed,
    consents, exports). Each event's `actor_shown` is its author when the author is the system administrator, the
    user, or holds (or held) a role on a unit the user sees; otherwise None ("staff of another unit"), so that one
    province does not learn who works on the person in the other."""
    # A refused citizen ID names who tried it, maybe from another province: for the system administrator only.
    events = list(person.events.exclude(kind=EventKind.ID_REFUSED).select_related("actor")[: limit * 2])
    admin = org_permissions.is_system_admin(user)
    shown: list[PersonEvent] = []
    for event in events:
        units = {
            ref["id"]
            for key in ("org", "source", "to")
            if isinstance(ref := (event.data or {}).get(key), dict) and "id" in ref
        }
        if admin or not units or units & org_ids:
            shown.append(event)
    shown = shown[:limit]
    actors = {e.actor_id for e in shown if e.actor_id is not None}
    if admin:
        known = actors
    else:
        known = {user.pk} | set(
            Role.objects.filter(user_id__in=actors, org__in=org_permissions.orgs_at_least(user).order_by()).values_list(
                "user_id", flat=True
            )
        )
        known |= set(User.objects.filter(pk__in=actors, is_superuser=True).values_list("pk", flat=True))
    for event in shown:
        event.actor_shown = event.actor if event.actor_id in known else None  # type: ignore[attr-defined]
        to = (event.data or {}).get("to")
        # A transfer out to a unit the user does not see says that the person left, not where they went.
        event.to_shown = to["name"] if isinstance(to, dict) and (admin or to.get("id") in org_ids) else ""  # type: ignore[attr-defined]
    return shown


def org_names_on(org_ids: list[int], *, on: dt.date) -> dict[int, str]:
    spells = OrgSpell.objects.filter(org_selectors.valid_on(on), org_id__in=org_ids)
    return dict(spells.values_list("org_id", "name"))


EDUCATION_LABELS = dict(Education.choices)
GENDER_LABELS = dict(Gender.choices)


def collective_members(node: Org | int, *, on: dt.date) -> QuerySet[Any]:
    from lienhiep.members.models import CollectiveMember

    return (
        CollectiveMember.objects.filter(org_id__in=org_selectors.subtree_ids(node, on=on), joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .select_related("org")
        .order_by("name")
    )


def estimates(node: Org | int) -> QuerySet[IntellectualEstimate]:
    return IntellectualEstimate.objects.filter(org=node).order_by("-year")


LOOKUP_LIMIT = 20


def persons_ever_under(node: Org) -> QuerySet[Person]:
    """Persons who are or were members anywhere under `node` (as it stands today, or on its last day if it has
    ended), not erased — neither anonymised nor erased by the node's side (`LeaveReason.ERASURE`) —, in name order:
    those a seat or an honour of the node may go to."""
    on = org_selectors.tree_day(node, org_selectors.today())
    subtree = org_selectors.subtree_ids(node, on=on)
    if node.kind == OrgKind.NATIONAL:
        # The whole tree: walk the names and probe each person's memberships (hashing a million ids took 1.2 s).
        under = Q(Exists(Membership.objects.filter(person=OuterRef("pk"))))
    else:
        # A part of the tree: its members' ids are read once into a hash and the names walked in order against
        # it; `OR pk IS NULL` (never true) keeps PostgreSQL from turning the IN into a join, as in `person_list`
        # (143 → 65 ms p95 for a province at a million persons).
        members = Membership.objects.filter(org_id__in=subtree).values("person_id")
        under = Q(pk__in=members) | Q(pk__isnull=True)
    # Those the node's side erased while another unit holds them: a few, read apart so that the walk stays as it was.
    erased_here = set(
        Membership.objects.filter(
            org_id__in=subtree, leave_reason=LeaveReason.ERASURE, person__erased_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    if erased_here:
        kept = Membership.objects.filter(org_id__in=subtree, person_id__in=erased_here).exclude(
            leave_reason=LeaveReason.ERASURE
        )
        erased_here -= set(kept.values_list("person_id", flat=True))
    rows = Person.objects.filter(under, erased_at__isnull=True)
    if erased_here:
        rows = rows.exclude(pk__in=erased_here)
    return rows.order_by("name_sort", "id")


def persons_ever_in(orgs: QuerySet[Org]) -> QuerySet[Person]:
    """Persons who are or were members of one of `orgs`, not erased: those a record of these units may name (an
    honour, an initiative's authors). A picker offers them through `person_lookup`; this says who is valid."""
    held = Membership.objects.filter(org__in=orgs).exclude(leave_reason=LeaveReason.ERASURE)
    return Person.objects.filter(pk__in=held.values("person_id"), erased_at__isnull=True)


def person_lookup(*, within: Org, q: str) -> list[Person]:
    """The first LOOKUP_LIMIT persons ever under `within` whose name holds every word of `q` (case and
    diacritics ignored): what a picker offers as the user types. `within` must be a node the user may see;
    access follows the tree, so every member under it is then theirs to see."""
    words = fold(q).split()
    if not words or sum(len(word) for word in words) < 2:
        return []
    rows = persons_ever_under(within)
    for word in words:
        rows = rows.filter(name_folded__contains=word)
    return list(rows[:LOOKUP_LIMIT])


def consent_withdrawn(person_ids: Iterable[int], *, purpose: str) -> set[int]:
    """The persons among `person_ids` who withdrew their consent for `purpose` and have not given it again: what
    that purpose stops applies to them (`ConsentPurpose.stops`). A person who never recorded one is not among them:
    their data is kept and used as the registry's notice says until they object. One query."""
    ids = {pk for pk in person_ids if pk}
    if not ids:
        return set()
    withdrawn: set[int] = set()
    active: set[int] = set()
    for person_id, withdrawn_at in Consent.objects.filter(person_id__in=ids, purpose=purpose).values_list(
        "person_id", "withdrawn_at"
    ):
        (active if withdrawn_at is None else withdrawn).add(person_id)
    return withdrawn - active


def publication_withdrawn(person_ids: Iterable[int]) -> set[int]:
    """Whose names a report or a public page no longer prints."""
    return consent_withdrawn(person_ids, purpose=ConsentPurpose.PUBLICATION)


def contact_withdrawn(person_ids: Iterable[int]) -> set[int]:
    """Whom the member list's exports no longer give a phone, an e-mail or an address for (mailing lists)."""
    return consent_withdrawn(person_ids, purpose=ConsentPurpose.CONTACT)


def subject_requests_visible_to(user: Any, *, open_only: bool = False) -> QuerySet[SubjectRequest]:
    """The data subject requests of the units `user` sees, by deadline; `open_only`: those not yet answered."""
    ids = org_permissions.org_ids_at_least(user)
    rows = SubjectRequest.objects.select_related("org", "handler", "person")
    if ids is not None:
        rows = rows.filter(org_id__in=ids)
    if open_only:
        rows = rows.filter(status__in=REQUEST_OPEN)
    return rows.order_by("due_on", "id")


def overdue_requests(*, org_ids: list[int] | None, on: dt.date) -> QuerySet[SubjectRequest]:
    """The open requests past their deadline on `on`, of the units `org_ids` (None: every unit): the officers'
    alert and the daily job's list."""
    rows = SubjectRequest.objects.filter(status__in=REQUEST_OPEN, due_on__lt=on).select_related("org", "handler")
    if org_ids is not None:
        rows = rows.filter(org_id__in=org_ids)
    return rows.order_by("due_on", "id")


def breaches_visible_to(user: Any) -> QuerySet[Breach]:
    ids = org_permissions.org_ids_at_least(user)
    rows = Breach.objects.select_related("org")
    return (rows if ids is None else rows.filter(org_id__in=ids)).order_by("-found_at", "-id")


def home_alerts(user: Any) -> list[tuple[str, str]]:
    """What the home page warns an officer of (`AppConfig.home_alerts`): the data subject requests past their deadline
    and the breaches not notified in time, of the units they manage: (sentence, link). Two counts."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import ngettext

    managed = org_permissions.org_ids_at_least(user, org_permissions.Access.MANAGE)
    if managed == []:
        return []
    alerts = []
    late = overdue_requests(org_ids=managed, on=org_selectors.today()).count()
    if late:
        text = ngettext(
            "%(count)s data subject request is past its deadline.",
            "%(count)s data subject requests are past their deadline.",
            late,
        ) % {"count": late}
        alerts.append((text, reverse("members:requests")))
    breaches = Breach.objects.filter(
        notified_at__isnull=True, found_at__lt=timezone.now() - dt.timedelta(hours=settings.BREACH_NOTICE_HOURS)
    )
    unnotified = (breaches if managed is None else breaches.filter(org_id__in=managed)).count()
    if unnotified:
        text = ngettext(
            "%(count)s breach has gone %(hours)s hours without a notice to the authority.",
            "%(count)s breaches have gone %(hours)s hours without a notice to the authority.",
            unnotified,
        ) % {"count": unnotified, "hours": settings.BREACH_NOTICE_HOURS}
        alerts.append((text, reverse("members:breaches")))
    return alerts
