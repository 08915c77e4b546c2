"""What campaigns give reports (REPORTING.md §5.6, points 7 and 9; decision 0013): the accepted submissions as a
source of a report's figures (the roll-up), the reconciliation of what each unit submitted with what its records
give, and the figures about reporting itself (timeliness).

`reporting` never imports this module: `CampaignsConfig.ready` gives it to the registry — the roll-up as the
source "submissions" (`registry.register_source`), timeliness as figures (`registry.register(SPECS)`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienhiep.campaigns.models import Campaign, CampaignStatus, Submission, SubmissionStatus, slot
from lienhiep.campaigns.schema import NUMBER_TYPES
from lienhiep.campaigns.selectors import computed_figures_each, names_on
from lienhiep.core.text import vi_sort_key
from lienhiep.orgs.models import OrgClosure
from lienhiep.orgs.selectors import valid_on
from lienhiep.reporting import registry
from lienhiep.reporting.figures.common import num
from lienhiep.reporting.registry import FigureResult, Scope, declared, figure

# The submissions a report takes its figures from: accepted, and locked with their campaign.
TAKEN = (SubmissionStatus.ACCEPTED, SubmissionStatus.LOCKED)
# The campaigns a report may draw on: asked and answered, not a draft or cancelled.
ANSWERING = (CampaignStatus.OPEN, CampaignStatus.CLOSED, CampaignStatus.LOCKED)


# --- The roll-up: the source "submissions" ---------------------------------------------------------------------


def _campaign_of(ref: int, node: Any, *, start: dt.date, end: dt.date) -> Campaign:
    """The campaign `ref` of the report's unit `node` over the report's period, else a ValidationError (a figure
    that cannot be computed prints "…" and is listed among the report's problems)."""
    campaign = registry.shared(("campaigns.campaign", ref), lambda: Campaign.objects.filter(pk=ref).first())
    if campaign is None or campaign.org_id != getattr(node, "pk", node):
        raise ValidationError(_("The campaign %(ref)s is not one of this unit's.") % {"ref": ref})
    if campaign.period_start < start or campaign.period_end > end:
        raise ValidationError(
            _("The campaign “%(title)s” covers another period than the report.") % {"title": campaign.title}
        )
    return campaign


def _taken(campaign: Campaign) -> list[tuple[Submission, str]]:
    """The campaign's accepted (or locked) submissions with their unit's name on the cut-off date, in Vietnamese
    order of that name; read once for all the figures of a document (`registry.shared`)."""
    return registry.shared(("campaigns.taken", campaign.pk), lambda: _read_taken(campaign))


def _read_taken(campaign: Campaign) -> list[tuple[Submission, str]]:
    submissions = list(campaign.submissions.filter(status__in=TAKEN).select_related("org"))
    names = names_on([s.org_id for s in submissions], on=campaign.as_of)
    rows = [(s, names.get(s.org_id, s.org.name)) for s in submissions]
    return sorted(rows, key=lambda row: (vi_sort_key(row[1]), row[0].pk))


def _as_number(value: Any) -> int | Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else number


def rollup(ref: int, key: str, p: Scope, *, params: dict[str, Any], section: str = "") -> FigureResult:
    """The figure `key` of the requester `node` from its campaign `ref`'s accepted submissions: a number is the sum
    of what the units gave (typed, or as their records gave it); a list is each unit's records listed (a record
    reached by two units printed once, REPORTING.md §5.6, 7) followed, when `section` is named, by the unit's
    narrative for that section of the form, each row with the unit that gave it."""
    campaign = _campaign_of(ref, p.node, start=p.start, end=p.end)
    spec = registry.spec(key)
    taken = _taken(campaign)
    asked = registry.shared(
        ("campaigns.asked", campaign.pk),
        lambda: campaign.submissions.exclude(status=SubmissionStatus.EXEMPT).count(),
    )
    if spec.value_type in NUMBER_TYPES:
        return _sum(campaign, key, params, taken, asked)
    if spec.value_type == "rows":
        return _rows(campaign, key, params, section, taken)
    raise ValidationError(_("The figure %(key)s cannot be taken from a campaign.") % {"key": key})


def _sum(
    campaign: Campaign, key: str, params: dict[str, Any], taken: list[tuple[Submission, str]], asked: int
) -> FigureResult:
    name = slot(key, params)
    if name not in {slot(item["key"], item.get("params")) for item in campaign.form.get("figures", [])}:
        return _records_sum(campaign, key, params)
    total: int | Decimal = 0
    given = estimated = 0
    for submission, _name in taken:
        entry = submission.figures.get(name) or {}
        value = _as_number(entry.get("value"))
        if value is None:
            continue
        total += value
        given += 1
        estimated += bool(entry.get("estimate"))
    basis = _("sum of %(given)s of the %(asked)s units asked by “%(title)s” (accepted submissions)") % {
        "given": num(given),
        "asked": num(asked),
        "title": campaign.title,
    }
    if estimated:
        basis += "; " + _("%(count)s of them estimated") % {"count": num(estimated)}
    return FigureResult(total, basis=basis, record_ids=[s.pk for s, _name in taken], records="campaigns.Submission")


@dataclass(frozen=True)
class ChildSum:
    """A figure of a child campaign's form added up over its accepted submissions: `given` of the `asked` units
    gave a value."""

    value: int | Decimal
    given: int
    asked: int


def child_sums(child: Campaign) -> dict[str, ChildSum]:
    """{slot: its sum} of every number the child campaign's form asks, over the submissions its officer accepted
    (or locked): what a union in a campaign reports of its own units once it has asked them (REPORTING.md §5.6, 2)."""
    taken = _read_taken(child)
    asked = child.submissions.exclude(status=SubmissionStatus.EXEMPT).count()
    sums = {}
    for item in child.form.get("figures", []):
        if registry.spec(item["key"]).value_type not in NUMBER_TYPES:
            continue
        name = slot(item["key"], item.get("params"))
        values = [_as_number((s.figures.get(name) or {}).get("value")) for s, _name in taken]
        given = [value for value in values if value is not None]
        sums[name] = ChildSum(sum(given, start=0), len(given), asked)
    return sums


def _records_sum(campaign: Campaign, key: str, params: dict[str, Any]) -> FigureResult:
    """A figure of a block taken from the campaign that its form did not ask for: counted from the requester's
    records (one count, whatever the number of units), and said so in its basis, never silently."""
    result = registry.compute(
        key, campaign.org, start=campaign.period_start, end=campaign.period_end, as_of=campaign.as_of, params=params
    )
    basis = _("not asked by “%(title)s”: counted from the records (%(basis)s)") % {
        "title": campaign.title,
        "basis": result.basis,
    }
    return FigureResult(result.value, basis=basis, record_ids=result.record_ids, records=result.records)


def _owners(model_name: str, ids: list[int], units: list[int], *, on: dt.date) -> dict[int, int] | None:
    """{record id: the accepted unit whose subtree held the record's unit on `on`}, or None when the records
    name no unit (then each unit's records are read apart)."""
    if not model_name:
        return None
    model = apps.get_model(model_name)
    if not any(field.name == "org" for field in model._meta.get_fields()):
        return None
    org_of = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "org_id"))
    under = dict(
        OrgClosure.objects.filter(
            valid_on(on), ancestor_id__in=units, descendant_id__in=set(org_of.values())
        ).values_list("descendant_id", "ancestor_id")
    )
    return {pk: under[org] for pk, org in org_of.items() if org in under}


def _rows(
    campaign: Campaign, key: str, params: dict[str, Any], section: str, taken: list[tuple[Submission, str]]
) -> FigureResult:
    """The list read once over the requester with its records named, each record given to the accepted unit it
    lies under (so a record two units reach prints once); a record under no accepted unit is left out."""
    period: dict[str, Any] = {"start": campaign.period_start, "end": campaign.period_end, "as_of": campaign.as_of}
    with registry.records_named(), registry.rows_at_most(None):
        whole = registry.compute(key, campaign.org, **period, params=params)
    listed = whole.value if isinstance(whole.value, list) else []
    ids = whole.record_ids if whole.record_ids and len(whole.record_ids) == len(listed) else []
    owners = _owners(whole.records, ids, [s.org_id for s, _name in taken], on=campaign.as_of)
    names = {s.org_id: name for s, name in taken}
    by_unit: dict[int, list[dict[str, Any]]] = {}
    seen: set[int] = set()
    if owners is not None:
        for row, record in zip(listed, ids, strict=True):
            owner = owners.get(record)
            if owner is not None:
                unit_id = owner
                seen.add(record)
                by_unit.setdefault(unit_id, []).append(
                    {**row, "unit": names[unit_id], "by": names[unit_id], "held_by": row.get("unit") or names[unit_id]}
                )
    rows: list[dict[str, Any]] = []
    for submission, unit in taken:
        if owners is None:
            with registry.records_named(), registry.rows_at_most(None):
                own = registry.compute(key, submission.org, **period, params=params)
            own_rows = own.value if isinstance(own.value, list) else []
            own_ids: list[int | None] = (
                list(own.record_ids)
                if own.record_ids and len(own.record_ids) == len(own_rows)
                else [None] * len(own_rows)
            )
            for row, own_id in zip(own_rows, own_ids, strict=True):
                if own_id is not None and own_id in seen:
                    continue  # reached by two units: printed once
                if own_id is not None:
                    seen.add(own_id)
                rows.append({**row, "unit": unit, "by": unit, "held_by": row.get("unit") or unit})
        else:
            rows.extend(by_unit.get(submission.org_id, []))
        text = (submission.narratives.get(section) or "").strip() if section else ""
        if text:
            rows.append({"unit": unit, "by": unit, "text": text, "narrative": True})
    basis = _("listed from the %(count)s accepted submissions of “%(title)s”") % {
        "count": num(len(taken)),
        "title": campaign.title,
    }
    # The records listed, of the figure's own model (a unit's narrative names none).
    return FigureResult(rows, basis=basis, record_ids=sorted(seen) or None, records=whole.records)


def choices(
    node: Any, *, start: dt.date, end: dt.date, user: Any = None
) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """The campaigns of `node` within [start, end] a report block may take its figures from, newest first, each
    with how many submissions are accepted and the sections of its form."""
    rows = Campaign.objects.filter(
        org=node, status__in=ANSWERING, period_start__gte=start, period_end__lte=end
    ).order_by("-period_end", "-id")
    out = []
    for campaign in rows:
        taken = campaign.submissions.filter(status__in=TAKEN).count()
        label = _("%(title)s (%(count)s accepted)") % {"title": campaign.title, "count": num(taken)}
        sections = [(item["key"], item["title"]) for item in campaign.form.get("sections", [])]
        out.append((campaign.pk, label, sections))
    return out


SOURCE = registry.Source(
    name="submissions", compute="lienhiep.campaigns.rollup.rollup", choices="lienhiep.campaigns.rollup.choices"
)


# --- The reconciliation: submitted beside the records ------------------------------------------------------------


@dataclass
class Reconciled:
    """One unit's one figure: what it submitted, what its records gave when it was pre-filled, what they give now,
    and the difference (submitted − records now)."""

    org_id: int
    unit: str
    status: str
    label: str
    name: str  # the figure's slot
    submitted: int | Decimal | None
    prefilled: int | Decimal | None
    records: int | Decimal | None
    reason: str
    estimate: bool

    @property
    def difference(self) -> int | Decimal | None:
        if self.submitted is None or self.records is None:
            return None
        return self.submitted - self.records

    @property
    def status_label(self) -> str:
        return str(SubmissionStatus(self.status).label)


def reconciliation(campaign: Campaign, *, only_different: bool = False) -> list[Reconciled]:
    """Per unit (in name order) and figure of the form: what the unit submitted beside what its records give now
    (counted over its subtree for the campaign's period), with the difference; the units still owing or exempt
    show their records alone."""
    submissions = list(campaign.submissions.select_related("org"))
    names = names_on([s.org_id for s in submissions], on=campaign.as_of)
    items = [(item["key"], item.get("params") or {}) for item in campaign.form.get("figures", [])]
    labels = {key: str(registry.spec(key).label) for key, _params in items}
    out: list[Reconciled] = []
    submissions.sort(key=lambda s: (vi_sort_key(names.get(s.org_id, s.org.name)), s.pk))
    units = [submission.org for submission in submissions]
    # Every unit's figure at once: one grouped read per figure (1,500 counts one by one took 17 s for 300 units).
    records_of = computed_figures_each(campaign, units)
    for submission in submissions:
        answered = submission.status not in (SubmissionStatus.PENDING, SubmissionStatus.EXEMPT)
        for key, params in items:
            name = slot(key, params)
            entry = submission.figures.get(name) or {}
            label = labels[key] + (f" ({', '.join(_choice(key, n, v) for n, v in params.items())})" if params else "")
            row = Reconciled(
                org_id=submission.org_id,
                unit=names.get(submission.org_id, submission.org.name),
                status=submission.status,
                label=label,
                name=name,
                submitted=_as_number(entry.get("value")) if answered else None,
                prefilled=_as_number(entry.get("computed")),
                records=_as_number(records_of[submission.org_id][name]),
                reason=str(entry.get("reason") or ""),
                estimate=bool(entry.get("estimate")),
            )
            if only_different and not row.difference:
                continue
            out.append(row)
    return out


def _choice(key: str, name: str, value: Any) -> str:
    """A figure's parameter as its choices word it ("Tư vấn, trợ giúp pháp lý", not "legal_aid")."""
    choices = registry.spec(key).params.get(name) or []
    return str(dict(choices).get(value, value))


RECONCILIATION_SOURCE = "campaign_reconciliation"


def reconciliation_rows(user: Any, query: QueryDict) -> Any:
    """The reconciliation of the campaign `query["campaign"]` names to Excel (core.exports), as `user` may read it
    today (404 otherwise: the export's task reads it again as the user who asked)."""
    from lienhiep.campaigns.permissions import get_campaign_for_user
    from lienhiep.core import exports
    from lienhiep.core.spreadsheets.writing import NUMBER

    campaign = get_campaign_for_user(user, query.get("campaign"))
    only = query.get("different") == "1"
    rows = reconciliation(campaign, only_different=only)

    def lines() -> Any:
        yield [
            _("Unit"), _("Status"), _("Figure"), _("Submitted"), _("Records now"), _("Difference"),
            _("From records when filled"), _("Estimate"), _("Reason given"),
        ]  # fmt: skip
        for row in rows:
            yield [
                row.unit, row.status_label, row.label, row.submitted, row.records, row.difference, row.prefilled,
                _("yes") if row.estimate else "", row.reason,
            ]  # fmt: skip

    heading = exports.Heading(
        _("Reconciliation: %(title)s") % {"title": campaign.title},
        campaign.org.name,
        exports.period(campaign.period_start, campaign.period_end),
        [(_("Show"), _("Only the figures that differ"))] if only else [],
    )
    return exports.Rows(
        lines(),
        total=lambda: len(rows),
        sheet=_("Reconciliation"),
        widths=[44, 18, 40, 14, 14, 14, 14, 10, 40],
        heading=heading.lines(),
        formats=[None, None, None, NUMBER, NUMBER, NUMBER, NUMBER, None, None],
    )


# --- Timeliness (REPORTING.md §5.6, 9) ----------------------------------------------------------------------------


@dataclass
class Timely:
    unit: str
    org_id: int
    asked: int = 0
    exempt: int = 0
    on_time: int = 0
    late: int = 0
    days_late: int = 0
    reminders: int = 0

    @property
    def counted(self) -> int:
        """The campaigns that count for the share: those not exempted."""
        return self.asked - self.exempt

    @property
    def share(self) -> Decimal | None:
        if not self.counted:
            return None
        return (Decimal(100) * self.on_time / self.counted).quantize(Decimal("0.1"))

    def row(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "asked": self.asked,
            "exempt": self.exempt,
            "on_time": self.on_time,
            "late": self.late,
            "on_time_share": self.share,
            "days_late": self.days_late,
            "reminders": self.reminders,
        }


def _timeliness_submissions(node: Any, *, start: dt.date, end: dt.date, side: str) -> QuerySet[Submission]:
    """The submissions timeliness counts: of the campaigns `node` asked whose period ends within [start, end]
    (side "asked"), or `node`'s own answers to the campaigns above it (side "answered": a candidate emulation
    criterion of the unit); campaigns that were cancelled or never opened left out."""
    rows = Submission.objects.filter(
        campaign__period_end__gte=start, campaign__period_end__lte=end, campaign__status__in=ANSWERING
    )
    rows = rows.filter(org=node) if side == "answered" else rows.filter(campaign__org=node)
    return rows.select_related("org", "campaign")


def timeliness(
    node: Any, *, start: dt.date, end: dt.date, side: str = "asked", now: dt.datetime | None = None
) -> list[Timely]:
    """Each unit's timeliness over the campaigns counted (`_timeliness_submissions`): how many it was asked, how
    many exempted, on time (first submitted by its due moment, an extension included), late (after it, or still owed
    past it), the days late added up and the reminders it needed. A campaign still before its deadline and not yet
    answered counts for nothing yet. In the units' name order."""
    now = now or timezone.now()
    by_unit: dict[int, Timely] = {}
    submissions = list(_timeliness_submissions(node, start=start, end=end, side=side))
    names = names_on([s.org_id for s in submissions], on=end)
    for submission in submissions:
        row = by_unit.setdefault(
            submission.org_id, Timely(unit=names.get(submission.org_id, submission.org.name), org_id=submission.org_id)
        )
        if submission.status == SubmissionStatus.EXEMPT:
            row.asked += 1
            row.exempt += 1
            continue
        if submission.first_submitted_at is None and submission.due > now:
            continue  # not due yet
        row.asked += 1
        row.reminders += submission.reminders_sent
        late = submission.days_late(now=now)
        if late:
            row.late += 1
            row.days_late += late
        else:
            row.on_time += 1
    return sorted(by_unit.values(), key=lambda row: (vi_sort_key(row.unit), row.org_id))


def rating_evidence(node: Any, *, year: int) -> dict[str, Any] | None:
    """What an emulation rating of `year` may weigh of reporting (declared as `rating_evidence` on this app's
    AppConfig, shown by awards' ratings page): each unit `node` asked in campaigns whose period ended that year, on
    time or late, the days late and the reminders it needed. None when it asked nobody that year."""
    rows = timeliness(node, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    if not rows:
        return None
    return {
        "title": _("Reporting on time in %(year)s") % {"year": year},
        "headers": [
            _("Unit"),
            _("Campaigns asked"),
            _("Exempted"),
            _("On time"),
            _("Late"),
            _("Days late"),
            _("Reminders needed"),
        ],
        "rows": [[r.unit, r.asked, r.exempt, r.on_time, r.late, r.days_late, r.reminders] for r in rows],
    }


SIDES: list[tuple[str, Any]] = [
    ("asked", gettext_lazy("the units it asked")),
    ("answered", gettext_lazy("its own answers")),
]


@figure("campaigns.timeliness", gettext_lazy("Timeliness of the units' reports"), "table", "span",
        params={"side": SIDES},
        row_fields=("unit", "asked", "exempt", "on_time", "late", "on_time_share", "days_late", "reminders"),
)  # fmt: skip
def timeliness_table(p: Scope, *, side: str = "asked") -> FigureResult:
    rows = timeliness(p.node, start=p.start, end=p.end, side=side)
    basis = _("%(count)s units, campaigns whose period ends from %(start)s to %(end)s") % {
        "count": num(len(rows)),
        "start": p.start.strftime("%d/%m/%Y"),
        "end": p.end.strftime("%d/%m/%Y"),
    }
    # Its ids are the units of its rows: the drill-down lists them, the fingerprint stamps them.
    return FigureResult(
        [row.row() for row in rows], basis=basis, record_ids=[row.org_id for row in rows], records="orgs.Org"
    )


# What timeliness added up gives: the value of each total (a `Timely` attribute) and the words of its basis.
TOTALS: dict[str, tuple[str, Any]] = {
    "on_time_share": (
        "share",
        gettext_lazy("%(on_time)s of %(counted)s submissions on time (%(exempt)s exempt left out)"),
    ),
    "reminders": ("reminders", gettext_lazy("reminders sent for %(late)s late submissions of %(counted)s")),
    "late": ("late", gettext_lazy("%(days)s days late in all")),
}


@figure("campaigns.on_time_share", gettext_lazy("Share of reports sent on time"), "percent", "span",
        params={"side": SIDES}, unit="%", given={"total": "on_time_share"})  # fmt: skip
@figure("campaigns.reminders", gettext_lazy("Reminders needed"), "count", "span", params={"side": SIDES},
        unit=gettext_lazy("reminders"), given={"total": "reminders"})  # fmt: skip
@figure("campaigns.late", gettext_lazy("Reports sent late"), "count", "span", params={"side": SIDES},
        unit=gettext_lazy("reports"), given={"total": "late"})  # fmt: skip
def timeliness_total(p: Scope, *, side: str = "asked", total: str) -> FigureResult:
    """Every unit's timeliness (`timeliness`) added up: the share of reports on time, the reminders needed or the
    reports late (`TOTALS`), with the numbers behind it."""
    whole = Timely(unit="", org_id=0)
    for row in timeliness(p.node, start=p.start, end=p.end, side=side):
        for name in ("asked", "exempt", "on_time", "late", "days_late", "reminders"):
            setattr(whole, name, getattr(whole, name) + getattr(row, name))
    value, words = TOTALS[total]
    numbers = {name: num(getattr(whole, name)) for name in ("on_time", "counted", "exempt", "late")}
    return FigureResult(getattr(whole, value), basis=str(words) % {**numbers, "days": num(whole.days_late)})


SPECS = declared(__name__)
