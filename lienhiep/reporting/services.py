"""Writes of reports: templates, creation, editing, the life cycle of REPORTING.md §5.5, the number register.

Every service is keyword-only, takes `actor=`, runs in one transaction, raises a Vietnamese ValidationError and
changes nothing when it refuses, and writes a `ReportEvent`. A move of status goes through `_move`, which checks
`REPORT_TRANSITIONS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.core.events import jsonable
from lienhiep.governance import selectors as governance
from lienhiep.governance.models import Congress
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, require_can
from lienhiep.reporting import schema
from lienhiep.reporting.models import (
    REPORT_TRANSITIONS,
    Block,
    Report,
    ReportEvent,
    ReportEventKind,
    ReportKind,
    ReportSection,
    ReportStatus,
    ReportTemplate,
)
from lienhiep.reporting.permissions import ReportAccess, require_report

logger = logging.getLogger(__name__)

SHIPPED = Path(__file__).resolve().parent / "shipped"


# --- Templates ------------------------------------------------------------------------------------


def template_load(path: Path) -> dict[str, Any]:
    """The checked JSON of one template file (a ValidationError naming the file, the section and the block)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("%(file)s: not a JSON file (%(error)s).") % {"file": path.name, "error": error}
        ) from None
    return schema.check_template(data, source=path.name)


def _template_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "name": data["name"],
        "style": data["style"],
        "skin": data.get("skin", ""),
        "structure": data,
    }


@transaction.atomic
def templates_sync(*, folder: Path | None = None, strict: bool = True) -> list[ReportTemplate]:
    """Load the shipped templates (`reporting/shipped/*.json`) into `ReportTemplate` rows with no unit: a new
    (key, version) is added, a known one updated in place (reports copied their sections when created, so
    none changes). Run after every `migrate` (apps.py) and by `seed_demo`. With `strict` a bad file raises;
    without, it is logged and skipped (so that one bad file does not stop a migration)."""
    loaded = []
    for path in sorted((folder or SHIPPED).glob("*.json")):
        try:
            data = template_load(path)
        except ValidationError as error:
            if strict:
                raise
            logger.warning("reporting: shipped template skipped: %s", " ".join(error.messages))
            continue
        template, _created = ReportTemplate.objects.update_or_create(
            org=None, key=data["key"], version=data.get("version", 1), defaults=_template_fields(data)
        )
        loaded.append(template)
    return loaded


@transaction.atomic
def template_copy(*, actor: Any, template: ReportTemplate, org: Org) -> ReportTemplate:
    """A union's own copy of `template` (which it then adapts): the next version of its own copies of that key."""
    require_can(actor, org, Access.MANAGE)
    latest = (
        ReportTemplate.objects.filter(org=org, key=template.key).order_by("-version").values_list("version", flat=True)
    ).first()
    copy = ReportTemplate(
        key=template.key,
        kind=template.kind,
        name=template.name,
        version=(latest or 0) + 1,
        org=org,
        copied_from=template,
        style=template.style,
        skin=template.skin,
        structure={**template.structure, "version": (latest or 0) + 1},
    )
    copy.full_clean()
    copy.save()
    ReportEvent.record(actor=actor, kind=ReportEventKind.TEMPLATE, org=org, data={"template": copy, "from": template})
    return copy


@transaction.atomic
def template_update(*, actor: Any, template: ReportTemplate, structure: dict[str, Any]) -> ReportTemplate:
    """Replace a union's own template's structure (sections, order, wording), checked as a shipped one is."""
    if template.org is None:
        raise ValidationError(_("A shipped template cannot be changed; copy it first."))
    require_can(actor, template.org, Access.MANAGE)
    data = schema.check_template({**structure, "key": template.key, "version": template.version})
    before = template.structure
    for name, value in _template_fields(data).items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    ReportEvent.record(
        actor=actor,
        kind=ReportEventKind.TEMPLATE,
        org=template.org,
        data={"template": template, "before": before.get("name"), "after": data.get("name")},
    )
    return template


# --- Creating a report ---------------------------------------------------------------------------


def _term(congress: Congress | None) -> str:
    return f"{congress.term_start_year} - {congress.term_end_year}" if congress else ""


def head_values(*, org: Org, congress: Congress | None, start: dt.date, end: dt.date, as_of: dt.date) -> dict[str, str]:
    """The values of the template placeholders (`reporting.schema`) for a report of `org` over the period."""
    on = org_selectors.tree_day(org, as_of)
    spell = org_selectors.spell_on(org, on=on) or org_selectors.last_spell(org)
    name = spell.name if spell else org.name
    short = (spell.short_name if spell else org.short_name) or name
    following = Congress.objects.filter(org=congress.org_id, ordinal=congress.ordinal + 1).first() if congress else None
    if following is not None:
        next_term = _term(following)
    elif congress is not None:
        length = congress.term_end_year - congress.term_start_year
        next_term = f"{congress.term_end_year + 1} - {congress.term_end_year + 1 + length}"
    else:
        next_term = ""
    values = {
        "term": _term(congress),
        "next_term": next_term,
        "year": str(end.year),
        "half": "đầu" if end.month <= 6 else "cuối",
        "org_name": name,
        "org_short": short,
        "congress_ordinal": str(congress.ordinal) if congress else "",
        "congress_roman": congress.roman if congress else "",
        "next_congress_roman": following.roman
        if following
        else (Congress(ordinal=congress.ordinal + 1).roman if congress else ""),
        "committee_term": f"khoá {congress.roman}, nhiệm kỳ {_term(congress)}" if congress else "",
    }
    return {**values, **{f"{key}_upper": value.upper() for key, value in values.items()}}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, str]) -> str:
    return text.format_map(_Blank(values)) if text else ""


def _copy_sections(
    report: Report, sections: list[dict[str, Any]], parent: ReportSection | None, counter: list[int]
) -> None:
    for data in sections:
        counter[0] += 1
        section = ReportSection.objects.create(
            report=report,
            parent=parent,
            order=counter[0],
            key=data["key"],
            level=data.get("level", parent.level + 1 if parent else 0),
            title=data["title"],
            guidance=data.get("guidance", ""),
        )
        Block.objects.bulk_create(
            Block(section=section, order=number, kind=block["kind"], content=block.get("content", {}))
            for number, block in enumerate(data.get("blocks", []), start=1)
        )
        _copy_sections(report, data.get("sections", []), section, counter)


@transaction.atomic
def report_create(
    *,
    actor: Any,
    org: Org,
    kind: str,
    template: ReportTemplate,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date | None = None,
    congress: Congress | None = None,
) -> Report:
    """A draft report of `org` from `template`: its head filled from the unit as it stood on the cut-off date (its
    name, the unit above it, its place), from the template (summary, signature, recipients) and from the congress
    (term reports and self-reviews: the unit's congress whose term holds the cut-off date, unless given); its
    sections and blocks copied from the template."""
    require_can(actor, org, Access.MANAGE)
    as_of = as_of or period_end
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown kind of report."))
    if template.kind != kind:
        raise ValidationError(_("This template is for another kind of report."))
    if template.org_id is not None and template.org_id != org.pk:
        raise ValidationError(_("This template belongs to another unit."))
    if period_start > period_end:
        raise ValidationError(_("The period must not end before it begins."))
    if not period_start <= as_of <= period_end:
        raise ValidationError(_("The cut-off date must lie within the period."))
    if org.founded_on > period_end:
        raise ValidationError(_("The unit did not exist in this period."))
    if congress is None and kind in (ReportKind.TERM, ReportKind.SELF_REVIEW):
        congress = governance.current_congress(org, on=org_selectors.tree_day(org, as_of))
        if congress is None:
            raise ValidationError(_("This unit has no congress whose term holds the cut-off date."))
    if congress is not None and congress.org_id != org.pk:
        raise ValidationError(_("The congress is another unit's."))
    data = template.structure
    values = head_values(org=org, congress=congress, start=period_start, end=period_end, as_of=as_of)
    on = org_selectors.tree_day(org, as_of)
    parent = org_selectors.parent_on(org, on=on)
    report = Report(
        org=org,
        kind=kind,
        template=template,
        template_version=template.version,
        congress=congress,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        style=template.style,
        part_words=data.get("part_words", True),
        doc_type=data.get("doc_type") or "BÁO CÁO",
        summary=fill(data.get("summary", ""), values),
        issuer_line=values["org_name_upper"],
        superior_line=org_selectors.name_on(parent, on=on).upper() if parent else "",
        place_name=getattr(org, "place_name", "") or "",
        authority=fill(data.get("authority", ""), values),
        signer_title=fill(data.get("signer_title", ""), values),
        collective_author=fill(data.get("collective_author", ""), values),
        recipients=[fill(line, values) for line in data.get("recipients", [])],
    )
    report.full_clean()
    report.save()
    _copy_sections(report, data.get("sections", []), None, [0])
    ReportEvent.record(
        actor=actor,
        kind=ReportEventKind.CREATE,
        org=org,
        report=report,
        data={"template": template, "period": [period_start, period_end], "as_of": as_of, "congress": congress},
    )
    return report


# --- Moves --------------------------------------------------------------------------------------


def _locked(report: Report) -> Report:
    """The report's row, locked for the rest of the transaction and read afresh."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _move(report: Report, to: str, *, actor: Any, kind: str, data: dict[str, Any] | None = None) -> Report:
    if to not in REPORT_TRANSITIONS[report.status]:
        raise ValidationError(
            _("A report that is “%(status)s” cannot become “%(to)s”.")
            % {"status": ReportStatus(report.status).label, "to": ReportStatus(to).label}
        )
    before = report.status
    report.status = to
    report.save(update_fields=["status", "updated_at"])
    ReportEvent.record(
        actor=actor, kind=kind, org=report.org, report=report, data={"status": [before, to], **(data or {})}
    )
    return report


def params_hash(params: dict[str, Any] | None, scope: int | None = None) -> str:
    """The key of a token's value among a report's figures: its parameters and, when narrowed, its unit."""
    text = json.dumps({"params": params or {}, "scope": scope}, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _now() -> dt.datetime:
    return timezone.now()


def _jsonable(value: Any) -> Any:
    return jsonable(value)


__all__ = [
    "ReportAccess",
    "head_values",
    "params_hash",
    "report_create",
    "require_report",
    "template_copy",
    "template_load",
    "template_update",
    "templates_sync",
]
