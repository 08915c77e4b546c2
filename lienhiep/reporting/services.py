"""Writes of reports: templates, creation, editing, the life cycle of REPORTING.md §5.5, the number register.

Every service is keyword-only, takes `actor=`, runs in one transaction, raises a Vietnamese ValidationError and
changes nothing when it refuses, and writes a `ReportEvent`. A move of status goes through `_move`, which checks
`REPORT_TRANSITIONS` with `core.transitions.step`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lienhiep.core import batches, files
from lienhiep.core import services as core_services
from lienhiep.core.events import jsonable
from lienhiep.core.redaction import Erased, Subject, signer_erased
from lienhiep.core.transitions import step
from lienhiep.governance import selectors as governance
from lienhiep.governance.models import Congress, Meeting, Position
from lienhiep.members.models import Person
from lienhiep.orgs import figures as org_figures
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.models import Org, OrgClosure
from lienhiep.orgs.permissions import Access, require_can
from lienhiep.reporting import document as doc
from lienhiep.reporting import registry, schema
from lienhiep.reporting.document import Document
from lienhiep.reporting.models import (
    RENDER_TRANSITIONS,
    REPORT_TRANSITIONS,
    Block,
    BlockKind,
    BlockRevision,
    DocumentNumber,
    FigureSource,
    FigureValue,
    IssuedDocument,
    Rendering,
    RenderStatus,
    Report,
    ReportComment,
    ReportEvent,
    ReportEventKind,
    ReportKind,
    ReportSection,
    ReportStatus,
    ReportStyle,
    ReportTemplate,
)
from lienhiep.reporting.permissions import ReportAccess, require_report
from lienhiep.reporting.selectors import Token, block_tokens, compute, report_tokens, scope_of

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
    ReportEvent.save_and_record(
        copy, actor=actor, kind=ReportEventKind.TEMPLATE, org=org, data={"template": copy, "from": template}
    )
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
    ReportEvent.save_and_record(
        template,
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
        # The half a half-year report's directions are for: the second half of its year, or the first of the next.
        "next_half": "cuối" if end.month <= 6 else "đầu",
        "next_half_year": str(end.year if end.month <= 6 else end.year + 1),
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


PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with its known placeholders filled; any other brace is left as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text or "")


def _filled_content(content: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """A block's content with the placeholders of its text runs filled ({org_name}, {term}…)."""
    if "runs" not in content:
        return content
    runs = [{**run, "t": fill(run["t"], values)} if "t" in run else run for run in content["runs"]]
    return {**content, "runs": runs}


def _copy_sections(
    report: Report,
    sections: list[dict[str, Any]],
    parent: ReportSection | None,
    counter: list[int],
    values: dict[str, str],
) -> None:
    for data in sections:
        counter[0] += 1
        section = ReportSection.objects.create(
            report=report,
            parent=parent,
            order=counter[0],
            key=data["key"],
            level=data.get("level", parent.level + 1 if parent else 0),
            title=fill(data.get("title", ""), values),
            guidance=data.get("guidance", ""),
        )
        Block.objects.bulk_create(
            Block(
                section=section,
                order=number,
                kind=block["kind"],
                content=_filled_content(block.get("content", {}), values),
            )
            for number, block in enumerate(data.get("blocks", []), start=1)
        )
        _copy_sections(report, data.get("sections", []), section, counter, values)


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
    _issuer, superior = org_selectors.issuer_on(org, on=as_of)
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
        superior_line=superior.upper(),
        place_name=getattr(org, "place_name", "") or "",
        authority=fill(data.get("authority", ""), values),
        signer_title=fill(data.get("signer_title", ""), values),
        collective_author=fill(data.get("collective_author", ""), values),
        recipients=[fill(line, values) for line in data.get("recipients", [])],
    )
    ReportEvent.save_and_record(
        report,
        actor=actor,
        kind=ReportEventKind.CREATE,
        data={"template": template, "period": [period_start, period_end], "as_of": as_of, "congress": congress},
    )
    _copy_sections(report, data.get("sections", []), None, [0], values)
    return report


# --- Moves --------------------------------------------------------------------------------------


def _locked(report: Report) -> Report:
    """The report's row, locked for the rest of the transaction and read afresh."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _move(report: Report, to: str, *, actor: Any, kind: str, data: dict[str, Any] | None = None) -> Report:
    # A report being approved moves only by its approval's end (`approval_run`: approved, or back to review), or
    # back to review when its worker stopped and the approval is given up (`rendering_cancel`).
    ending = (ReportEventKind.APPROVE, ReportEventKind.APPROVE_FAIL, ReportEventKind.APPROVE_CANCEL)
    if report.status == ReportStatus.APPROVING and kind not in ending:
        raise ValidationError(_("The report is being approved; it cannot be changed until that ends."))
    refusal = _("A report that is “%(before)s” cannot become “%(after)s”.")
    before = step(report, to, REPORT_TRANSITIONS, ReportStatus, refusal)
    report.save(update_fields=["status", "updated_at"])
    ReportEvent.record_of(report, actor=actor, kind=kind, data={"status": [before, to], **(data or {})})
    return report


def params_hash(params: dict[str, Any] | None, scope: int | None = None, via: dict[str, Any] | None = None) -> str:
    """The key of a token's value among a report's figures: its parameters and, when narrowed, its unit; when taken
    from a campaign's submissions, that campaign (and the section of its narratives)."""
    data: dict[str, Any] = {"params": params or {}, "scope": scope}
    if via:
        data["via"] = via
    text = json.dumps(data, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _require_live(report: Report) -> None:
    if report.status == ReportStatus.APPROVING:
        raise ValidationError(_("The report is being approved; it cannot be changed until that ends."))
    if not report.editable:
        raise ValidationError(
            _("A report that is “%(status)s” is frozen; make a new version to change it.")
            % {"status": ReportStatus(report.status).label}
        )


# --- Editing ------------------------------------------------------------------------------------

HEAD_FIELDS = (
    "doc_type",
    "summary",
    "superior_line",
    "issuer_line",
    "place_name",
    "symbol",
    "authority",
    "signer_title",
    "signer",
    "signer_name",
    "collective_author",
    "recipients",
    "draft_mark",
)


@transaction.atomic
def report_head_update(*, actor: Any, report: Report, **changes: Any) -> Report:
    """Change the head of a draft: its summary, the bodies named, place, signature, recipients, "DỰ THẢO" mark."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    _require_live(report)
    unknown = set(changes) - set(HEAD_FIELDS)
    if unknown:
        raise ValidationError(_("These parts of the head cannot be changed: %(names)s.") % {"names": sorted(unknown)})
    before = {name: getattr(report, name) for name in changes}
    for name, value in changes.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    ReportEvent.save_and_record(
        report,
        actor=actor,
        kind=ReportEventKind.HEAD,
        data=lambda row: {"before": before, "after": {name: getattr(row, name) for name in changes}},
    )
    return report


EDITABLE_BLOCKS = (BlockKind.TEXT, BlockKind.FOOTNOTE, BlockKind.CONTEXT, BlockKind.LIST)


def _tokens(kind: str, content: dict[str, Any]) -> list[Token]:
    return list(block_tokens(Block(kind=kind, content=content)))


def _check_content(block: Block, content: dict[str, Any]) -> None:
    """The new content well formed (as a template's), its figures and its footnote key kept."""
    where = schema._Where(block.section.key, block.order)
    schema.check_block({"kind": block.kind, "content": content}, where, set(), set())
    if _tokens(block.kind, content) != _tokens(block.kind, block.content):
        raise ValidationError(
            _(
                "The figures of a paragraph are kept as they are: type around them, not over them "
                "(a figure typed by hand would not follow the records)."
            )
        )
    if block.kind == BlockKind.FOOTNOTE and content.get("key") != block.content.get("key"):
        raise ValidationError(_("A footnote keeps its key."))


@transaction.atomic
def block_edit(*, actor: Any, block: Block, content: dict[str, Any]) -> Block:
    """Change a block's text (its runs around the figure tokens, a list's row wording, a figure entered by hand
    and its source): refused if a figure token is typed over or dropped. Each edit is a `BlockRevision`."""
    report = _locked(block.section.report)
    require_report(actor, report, ReportAccess.EDIT)
    _require_live(report)
    block = Block.objects.select_related("section").get(pk=block.pk)
    if block.kind not in EDITABLE_BLOCKS:
        raise ValidationError(_("This kind of block is not edited by hand."))
    content = _jsonable(content)
    _check_content(block, content)
    return _block_content(actor, report, block, content)


def _block_content(actor: Any, report: Report, block: Block, content: dict[str, Any]) -> Block:
    """A block's new content, written with its `BlockRevision` and the report's edit event; nothing when unchanged.
    Every writer of a block's content goes through here, so no edit lacks its revision."""
    before = block.content
    if before == content:
        return block
    block.content = content
    block.author = actor
    block.save()
    BlockRevision.objects.create(block=block, actor=actor, before=before, after=content)
    ReportEvent.record_of(
        report,
        actor=actor,
        kind=ReportEventKind.EDIT,
        data={"block": block.pk, "section": block.section.key, "before": before, "after": content},
    )
    return block


# The blocks whose figures may come from a campaign's submissions instead of the records (REPORTING.md §5.6, 7).
SOURCED_BLOCKS = (BlockKind.TEXT, BlockKind.LIST)


def source_choices(report: Report, *, user: Any = None) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """The campaigns a block of `report` may take its figures from: the report's unit's, within its period, as the
    app that owns campaigns gives them (`registry.source_choices`; none when no app gives the source)."""
    return registry.source_choices(
        FigureSource.SUBMISSIONS, report.org, start=report.period_start, end=report.period_end, user=user
    )


@transaction.atomic
def block_source(*, actor: Any, block: Block, campaign: int | None, section: str = "") -> Block:
    """Where a block's figures come from: the records (`campaign` None), or the accepted submissions of one of
    the report's unit's campaigns over its period — numbers added up, a list with each unit's records and, when
    `section` names a section of the campaign's form, each unit's narrative for it. Its overrides go with the old
    source (they were of another figure). A `BlockRevision` and an event like any edit."""
    report = _locked(block.section.report)
    require_report(actor, report, ReportAccess.EDIT)
    _require_live(report)
    block = Block.objects.select_related("section").get(pk=block.pk)
    if block.kind not in SOURCED_BLOCKS or not _tokens(block.kind, block.content):
        raise ValidationError(_("This block prints no figure to take from a campaign."))
    content = {name: value for name, value in (block.content or {}).items() if name not in SOURCE_KEYS}
    if campaign is not None:
        offered = {ref: sections for ref, _label, sections in source_choices(report, user=actor)}
        if campaign not in offered:
            raise ValidationError(_("Choose one of the unit's campaigns over the report's period."))
        if section and section not in {key for key, _title in offered[campaign]}:
            raise ValidationError(_("The campaign's form has no such section."))
        content["campaign"] = campaign
        if section and block.kind == BlockKind.LIST:
            content["campaign_section"] = section
    return _block_content(actor, report, block, content)


SOURCE_KEYS = ("campaign", "campaign_section")


@transaction.atomic
def block_add(
    *,
    actor: Any,
    section: ReportSection,
    content: dict[str, Any],
    kind: str = BlockKind.TEXT,
    after: Block | None = None,
) -> Block:
    """A new paragraph (or a figure entered by hand) in a section of a draft, after `after` or at its end."""
    report = _locked(section.report)
    require_report(actor, report, ReportAccess.EDIT)
    _require_live(report)
    if kind not in (BlockKind.TEXT, BlockKind.CONTEXT):
        raise ValidationError(_("Only paragraphs and figures entered by hand are added by hand."))
    content = _jsonable(content)
    schema.check_block({"kind": kind, "content": content}, schema._Where(section.key), set(), set())
    blocks = list(section.blocks.order_by("order"))
    position = blocks.index(after) + 1 if after is not None and after in blocks else len(blocks)
    for number, existing in enumerate(blocks[position:], start=position + 2):
        Block.objects.filter(pk=existing.pk).update(order=number)
    block = Block.objects.create(section=section, order=position + 1, kind=kind, content=content, author=actor)
    BlockRevision.objects.create(block=block, actor=actor, before={}, after=content)
    ReportEvent.record_of(
        report,
        actor=actor,
        kind=ReportEventKind.EDIT,
        data={"block": block.pk, "section": section.key, "before": None, "after": content},
    )
    return block


@transaction.atomic
def section_include(*, actor: Any, section: ReportSection, included: bool) -> ReportSection:
    """Leave a section out of the draft (its blocks kept), or put it back."""
    report = _locked(section.report)
    require_report(actor, report, ReportAccess.EDIT)
    _require_live(report)
    section = ReportSection.objects.get(pk=section.pk)
    if section.included == included:
        return section
    section.included = included
    section.save(update_fields=["included"])
    ReportEvent.record_of(
        report,
        actor=actor,
        kind=ReportEventKind.INCLUDE,
        data={"section": section.key, "included": [not included, included]},
    )
    return section


@transaction.atomic
def block_comment(*, actor: Any, block: Block, text: str) -> ReportComment:
    """A reviewer's comment on a block of a draft or a report in review."""
    report = block.section.report
    require_report(actor, report, ReportAccess.COMMENT)
    _require_live(report)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the comment."))
    comment = ReportComment(report=report, block=block, author=actor, text=text)
    ReportEvent.save_and_record(
        comment,
        actor=actor,
        kind=ReportEventKind.COMMENT,
        org=report.org,
        report=report,
        data=lambda row: {"comment": row.pk, "block": block.pk, "section": block.section.key, "text": text},
    )
    return comment


@transaction.atomic
def comment_resolve(*, actor: Any, comment: ReportComment) -> ReportComment:
    """Mark a comment settled: by the report's editors or the comment's author."""
    comment = ReportComment.objects.select_for_update().select_related("report__org").get(pk=comment.pk)
    report = comment.report
    if comment.author_id != getattr(actor, "pk", None):
        require_report(actor, report, ReportAccess.EDIT)
    else:
        require_report(actor, report, ReportAccess.COMMENT)
    if comment.resolved_at is not None:
        raise ValidationError(_("This comment is already resolved."))
    comment.resolved_at = _now()
    comment.resolved_by = actor
    comment.save(update_fields=["resolved_at", "resolved_by"])
    ReportEvent.record_of(report, actor=actor, kind=ReportEventKind.RESOLVE, data={"comment": comment.pk})
    return comment


@transaction.atomic
def figure_override(
    *,
    actor: Any,
    report: Report,
    token: Token,
    value: Any,
    reason: str,
    estimate: bool = False,
) -> FigureValue:
    """Print `value` instead of the computed figure `token` names, for `reason` (required): both stay, the annex
    shows both. `value` None takes the override back."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    _require_live(report)
    key, scope = token.key, token.scope
    if token not in report_tokens(report):
        raise ValidationError(_("The report prints no such figure."))
    reason = (reason or "").strip()
    if value is not None and not reason:
        raise ValidationError(_("Say why the computed figure is replaced."))
    row = FigureValue.objects.filter(report=report, key=key, params_hash=token.hash).first()
    before = {"value": row.override, "reason": row.override_reason} if row else {"value": None, "reason": ""}
    if row is None:
        row = FigureValue(
            report=report,
            key=key,
            params=token.params_dict,
            params_hash=token.hash,
            scope=scope_of(report, token),
            start=report.period_start,
            end=report.period_end,
            as_of=report.as_of,
        )
    row.override = _jsonable(value)
    row.override_reason = reason if value is not None else ""
    row.override_by = actor if value is not None else None
    row.estimate = estimate
    ReportEvent.save_and_record(
        row,
        actor=actor,
        kind=ReportEventKind.OVERRIDE,
        org=report.org,
        report=report,
        data=lambda row: {
            "key": key,
            "params": token.params_dict,
            "scope": scope,
            "before": before,
            "after": {"value": row.override, "reason": row.override_reason},
        },
    )
    return row


# --- The life cycle (REPORT_TRANSITIONS) --------------------------------------------------------


@transaction.atomic
def report_review(*, actor: Any, report: Report) -> Report:
    """Send a draft to its reviewers (leaders comment; figures stay live)."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    return _move(report, ReportStatus.REVIEW, actor=actor, kind=ReportEventKind.REVIEW)


@transaction.atomic
def report_return(*, actor: Any, report: Report) -> Report:
    """Take a report in review back to draft."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    if report.status == ReportStatus.APPROVED:
        raise ValidationError(_("An approved report goes back to draft as a new version; the approved one is kept."))
    return _move(report, ReportStatus.DRAFT, actor=actor, kind=ReportEventKind.RETURN)


def fingerprint(value: Any, record_ids: list[int] | None, records: str) -> str:
    """What the drift check compares: the value, the records behind it (`record_ids` of the model `records`, as
    the figure's result names them) and when each last changed.

    The SHA-256 of the JSON text `{"records": [[pk, stamp], …], "value": …}` (keys sorted, ASCII, Python's
    separators, each stamp in `datetime.isoformat`, records in id order), or `[pk, …]` for records without a stamp.
    The records' part is written by the database (`_stamps_json`: one string, not 5,000 rows turned into datetimes
    and back into text), and gives the very text Python's `json.dumps` gave, so the hashes stored by earlier
    approvals still match (reporting/tests/test_fingerprint.py compares both over the demo's reports)."""
    stamps = "[]"
    if record_ids and records:
        model = apps.get_model(records)
        # When each record last changed: `updated_at`, or the field a model names for what a figure reads of it
        # (`fingerprint_stamp`: a submission's `accepted_at`, which its campaign's lock does not move).
        stamp_field = getattr(model, "fingerprint_stamp", "updated_at")
        if any(field.name == stamp_field for field in model._meta.get_fields()):
            stamps = _stamps_json(model, stamp_field, record_ids)
        else:
            stamps = json.dumps(sorted(record_ids))
    elif record_ids:
        stamps = json.dumps(sorted(record_ids))
    text = '{"records": %s, "value": %s}' % (  # noqa: UP031  (the JSON's own braces)
        stamps,
        json.dumps(_jsonable(value), sort_keys=True, ensure_ascii=True, default=str),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _stamps_json(model: Any, stamp_field: str, ids: list[int]) -> str:
    """`json.dumps([[pk, stamp.isoformat() or None], …])` of the rows of `model` among `ids`, in id order, written
    by the database in one string. A stamp is an aware datetime in UTC: PostgreSQL writes it with `to_char`
    (microseconds only when not zero, as `isoformat` does); SQLite holds Django's text of it ("YYYY-MM-DD
    HH:MM:SS[.ffffff]" in UTC), read as it is. The ids go as one parameter (an array; JSON on SQLite), not one
    placeholder each."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    stamp = quote(model._meta.get_field(stamp_field).column)
    if connection.vendor == "postgresql":
        utc = f"({stamp} AT TIME ZONE 'UTC')"
        text = (
            f"""to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN date_trunc('second', {utc}) = {utc} """
            f"""THEN '' ELSE '.' || to_char({utc}, 'US') END || '+00:00'"""
        )
        piece = f"""'[' || {pk} || ', ' || COALESCE('"' || {text} || '"', 'null') || ']'"""
        sql = f"SELECT string_agg({piece}, ', ' ORDER BY {pk}) FROM {table} WHERE {pk} = ANY(%s)"  # noqa: S608
        params: list[Any] = [list(ids)]
    else:
        piece = f"""'[' || {pk} || ', ' || COALESCE('"' || replace({stamp}, ' ', 'T') || '+00:00"', 'null') || ']'"""
        # group_concat keeps the order of the rows it is given (SQLite 3.40 has no ORDER BY inside it).
        sql = (
            f"SELECT group_concat(piece, ', ') FROM (SELECT {piece} AS piece FROM {table} "  # noqa: S608
            f"WHERE {pk} IN (SELECT value FROM json_each(%s)) ORDER BY {pk})"
        )
        params = [json.dumps(list(ids))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return f"[{row[0] or ''}]"


def token_fingerprint(report: Report, token: Token, result: registry.FigureResult) -> str:
    """The fingerprint of a token's figure: from the records, `fingerprint`; from a campaign's submissions, that of
    the submitted sum and of what the records give for the same figure, so that a record changed after the campaign
    was locked shows in the drift banner though the submitted figure does not move (REPORTING.md §5.9, item 34)."""
    if token.campaign is None:
        return fingerprint(result.value, result.record_ids, result.records)
    try:
        records = compute(report, token.records)
    except ValidationError:
        return fingerprint(result.value, result.record_ids, result.records)
    return fingerprint([_jsonable(result.value), _jsonable(records.value)], result.record_ids, result.records)


def _freeze_compute(
    report: Report, *, user: Any = None, progress: Any = None
) -> list[tuple[Token, registry.FigureResult, str]]:
    """Every figure the report prints computed once, with its fingerprint: the reads of an approval (all of its
    time), kept apart from its writes so that a background approval commits its progress as it goes
    (`progress(n)` after the n-th figure) and writes in one short transaction. A figure that cannot be computed
    refuses the whole."""
    computed = []
    for number, token in enumerate(report_tokens(report), start=1):
        try:
            result = compute(report, token, user=user)
        except ValidationError as error:
            raise ValidationError(
                _("The figure %(key)s cannot be computed: %(error)s")
                % {"key": token.key, "error": " ".join(error.messages)}
            ) from None
        computed.append((token, result, token_fingerprint(report, token, result)))
        if progress is not None:
            progress(number)
    return computed


def _freeze_store(report: Report, computed: list[tuple[Token, registry.FigureResult, str]]) -> list[FigureValue]:
    """Store the computed figures (value, basis, records, notes, fingerprint); an override set while in draft stays
    beside the value, and those of figures the text no longer prints go with them."""
    stored = {(row.key, row.params_hash): row for row in FigureValue.objects.filter(report=report)}
    now = _now()
    rows = []
    for token, result, print_ in computed:
        row = stored.pop((token.key, token.hash), None) or FigureValue(
            report=report, key=token.key, params=token.params_dict, params_hash=token.hash
        )
        row.scope = scope_of(report, token)
        row.start, row.end, row.as_of = report.period_start, report.period_end, report.as_of
        row.source = FigureSource.RECORDS if token.campaign is None else FigureSource.SUBMISSIONS
        row.value = _jsonable(result.value)
        row.basis = result.basis
        row.record_ids = result.record_ids
        row.records = result.records if result.record_ids is not None else ""
        row.computed_at = now
        row.notes = list(result.notes)
        row.fingerprint = print_
        row.save()
        rows.append(row)
    FigureValue.objects.filter(pk__in=[row.pk for row in stored.values()]).delete()
    return rows


def freeze(report: Report, *, user: Any = None) -> list[FigureValue]:
    """Compute every figure the report prints once and store it (`_freeze_compute`, `_freeze_store`)."""
    return _freeze_store(report, _freeze_compute(report, user=user))


def _approve_checks(actor: Any, report: Report, meeting: Meeting | None, to: str = ReportStatus.APPROVED) -> Report:
    """The report locked and read afresh, the actor allowed to approve it, the move allowed, the meeting its unit's."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.APPROVE)
    if report.status == ReportStatus.APPROVING:
        raise ValidationError(_("The report is being approved; it cannot be changed until that ends."))
    if to not in REPORT_TRANSITIONS[report.status]:
        _move(report, to, actor=actor, kind=ReportEventKind.APPROVE)  # raises
    if meeting is not None and meeting.committee.congress.org_id != report.org_id:
        raise ValidationError(_("The approving meeting is another unit's."))
    return report


def _approved(report: Report, rows: list[FigureValue], *, actor: Any, meeting: Meeting | None, on: Any) -> Report:
    report.approved_meeting = meeting
    report.approved_at = on or _now()
    report.frozen_at = report.approved_at
    report.drift = []
    report.drift_checked_at = None
    report.save()
    return _move(
        report,
        ReportStatus.APPROVED,
        actor=actor,
        kind=ReportEventKind.APPROVE,
        data={"meeting": meeting, "figures": len(rows)},
    )


@transaction.atomic
def report_approve(
    *, actor: Any, report: Report, meeting: Meeting | None = None, on: dt.datetime | None = None
) -> Report:
    """Approve the report in this request: its figures computed once more and frozen (`freeze`), the approving
    meeting linked. From now on it prints the stored figures; only a new version adopts later records."""
    report = _approve_checks(actor, report, meeting)
    # What the records say now, never a nightly figure (decision 0009); what several figures read, read once.
    with org_figures.live(), registry.sharing():
        rows = freeze(report)
    return _approved(report, rows, actor=actor, meeting=meeting, on=on)


def approval_in_background(report: Report) -> bool:
    """Whether approving the report takes long enough to run in the background: its unit holds more units than
    REPORT_APPROVE_INLINE_UNITS today (a province's ~300 approve in about a second, the national union's 20,000 in
    over 20: docs/benchmarks.md, "approval in the background")."""
    units = OrgClosure.objects.filter(org_selectors.holds(org_selectors.today()), ancestor_id=report.org_id)
    return units[: settings.REPORT_APPROVE_INLINE_UNITS + 1].count() > settings.REPORT_APPROVE_INLINE_UNITS


@transaction.atomic
def report_approve_request(*, actor: Any, report: Report, meeting: Meeting | None = None) -> Rendering | None:
    """Approve the report: in this request (`report_approve`, None returned) or, for a large unit
    (`approval_in_background`), in the background: the report "approving" (not editable meanwhile), a task queued
    once this commits (`approval_run`) whose progress the page polls, returned."""
    if not approval_in_background(report):
        report_approve(actor=actor, report=report, meeting=meeting)
        return None
    report = _approve_checks(actor, report, meeting, to=ReportStatus.APPROVING)
    report.approved_meeting = meeting
    report.save(update_fields=["approved_meeting", "updated_at"])
    _move(report, ReportStatus.APPROVING, actor=actor, kind=ReportEventKind.APPROVE_START, data={"meeting": meeting})
    rendering = Rendering(
        report=report,
        actor=actor,
        purpose="approve",
        formats=[],
        language=translation.get_language() or "vi",
        steps=len(report_tokens(report)) + 1,
    )
    batches.start(rendering, _queue("approve"))
    return rendering


def approval_run(*, rendering_id: int, attempt: int | None = None) -> Rendering:
    """The task's work: every figure computed outside any transaction, a step counted (committed, with the
    heartbeat: `core.batches`) after each, then stored and the report moved to "approved" in one transaction, so a
    worker killed midway leaves nothing of the approval. If anything fails, the report goes back to review with
    the reason on the page (the rendering's message) and in an event. A task of an attempt given up or run again
    meanwhile (`rendering_cancel`, `rendering_retry`) ends nothing."""
    rendering = _rendering_take(rendering_id, attempt, "report__org", "report__approved_meeting", "actor")
    if rendering is None or rendering.purpose != "approve":
        return Rendering.objects.get(pk=rendering_id)  # queued twice, for an earlier attempt, or already handled
    report, attempt = rendering.report, rendering.attempt
    try:
        if report.status != ReportStatus.APPROVING:
            raise ValidationError(_("The report is no longer being approved."))
        with batches.beating(Rendering, rendering.pk):
            with org_figures.live(), registry.sharing():
                computed = _freeze_compute(report, progress=lambda n: batches.progress(Rendering, rendering.pk, n))
            with transaction.atomic():
                mine = batches.still_mine(rendering, attempt, {RenderStatus.WRITING})
                if mine is None:
                    return Rendering.objects.get(pk=rendering.pk)
                report = _locked(report)
                if report.status != ReportStatus.APPROVING:
                    raise ValidationError(_("The report is no longer being approved."))
                rows = _freeze_store(report, computed)
                _approved(report, rows, actor=rendering.actor, meeting=report.approved_meeting, on=None)
                _rendering_move(mine, RenderStatus.DONE, done_steps=mine.steps)
                return mine
    except Exception as error:  # noqa: BLE001 - any failure is said on the page and in the report's history
        with translation.override(rendering.language):
            said = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            message = _("The report could not be approved: %(error)s") % {"error": said}
        with transaction.atomic():
            mine = batches.still_mine(rendering, attempt, {RenderStatus.QUEUED, RenderStatus.WRITING})
            if mine is None:
                return Rendering.objects.get(pk=rendering.pk)
            report = _locked(report)
            if report.status == ReportStatus.APPROVING:
                report.approved_meeting = None
                report.save(update_fields=["approved_meeting", "updated_at"])
                _move(report, ReportStatus.REVIEW, actor=rendering.actor, kind=ReportEventKind.APPROVE_FAIL,
                      data={"error": said})  # fmt: skip
            _rendering_move(mine, RenderStatus.FAILED, message=message)
            return mine


def _take_number(report: Report, year: int) -> int:
    """The next number of the unit's register for `year`, taken by `report`."""
    return document_number_take(org=report.org, year=year, report=report).seq


def document_number_take(*, org: Org, year: int, report: Report | None = None) -> DocumentNumber:
    """The next number of `org`'s register for `year`, taken by `report` or by a document of an app above
    reporting (a dossier's opinion, which keeps the row): the unit's row locked meanwhile (PostgreSQL), and a taken
    number (a unique violation) tried again with the next."""
    Org.objects.select_for_update().filter(pk=org.pk).values_list("pk", flat=True).first()
    for _attempt in range(10):
        last = DocumentNumber.objects.filter(org_id=org.pk, year=year).aggregate(last=Max("seq"))["last"] or 0
        try:
            with transaction.atomic():
                return DocumentNumber.objects.create(org_id=org.pk, year=year, seq=last + 1, report=report)
        except IntegrityError:
            continue
    raise ValidationError(_("No document number could be taken; try again."))


def document_symbol(org: Org, kind: str = "BC") -> str:
    """ "BC-LHH": a document's kind (a report "BC", a decision "QĐ") and the unit's abbreviation (ND 30/2020)."""
    return doc.symbol(kind, getattr(org, "abbreviation", "") or "")


def document_issue(document: IssuedDocument, *, org: Org, issued_on: dt.date, kind: str) -> None:
    """Number `document` (a kind other than a report's: "BC", "QĐ") from `org`'s register for the year of
    `issued_on`, the one its reports take theirs from, and date it; the caller, which checked it may, saves it with
    its event."""
    number = document_number_take(org=org, year=issued_on.year)
    document.number = number
    document.number_line = doc.number_line(number.seq, document_symbol(org, kind))
    document.issued_on = issued_on


@transaction.atomic
def report_issue(
    *,
    actor: Any,
    report: Report,
    issued_on: dt.date,
    signer: Person | None = None,
    signer_name: str | None = None,
    authority: str | None = None,
    signer_title: str | None = None,
    formats: tuple[str, ...] = ("docx", "xlsx", "pdf"),
) -> Report:
    """Issue an approved report on `issued_on`: in the administrative style it takes the next number of its unit's
    register for that year ("Số: 05/BC-LHH"); the signer defaults to the unit's chair that day. Its files (Word,
    the Excel annex, PDF where LibreOffice is installed) are written in the background once this commits
    (`rendering_write`), with their SHA-256. An older issued version is superseded."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    if ReportStatus.ISSUED not in REPORT_TRANSITIONS[report.status]:
        return _move(report, ReportStatus.ISSUED, actor=actor, kind=ReportEventKind.ISSUE)  # raises
    if report.next_versions.exists():
        raise ValidationError(_("A newer version of this report exists; issue that one."))
    if issued_on < report.as_of:
        raise ValidationError(_("A report is issued no earlier than its cut-off date."))
    report.issued_on = issued_on
    if report.style == ReportStyle.ADMINISTRATIVE:
        report.number = _take_number(report, issued_on.year)
        report.symbol = report.symbol or document_symbol(report.org)
    if signer is None and not (signer_name or report.signer_name or report.signer_id):
        signer = governance.holder(report.org, Position.CHAIR, on=issued_on)
    if signer is not None:
        report.signer = signer
        report.signer_name = signer.full_name
    if signer_name is not None:
        report.signer_name = signer_name.strip()
    if authority is not None:
        report.authority = authority.strip()
    if signer_title is not None:
        report.signer_title = signer_title.strip()
    report.full_clean()
    report.save()
    _move(
        report,
        ReportStatus.ISSUED,
        actor=actor,
        kind=ReportEventKind.ISSUE,
        data={"issued_on": issued_on, "number": report.number_line, "signer": report.signer_name},
    )
    if report.previous_id is not None:
        older = _locked(Report(pk=report.previous_id))
        if older.status == ReportStatus.ISSUED:
            _move(older, ReportStatus.SUPERSEDED, actor=actor, kind=ReportEventKind.SUPERSEDE, data={"by": report})
    rendering_request(actor=actor, report=report, purpose="issue", formats=formats)
    return report


def _copy_report(report: Report, *, actor: Any) -> Report:
    fields = {
        field.name: getattr(report, field.name)
        for field in Report._meta.concrete_fields
        if field.name
        not in {
            "id",
            "created_at",
            "updated_at",
            "status",
            "version",
            "previous",
            "issued_on",
            "number",
            "approved_meeting",
            "approved_at",
            "frozen_at",
            "docx",
            "xlsx",
            "pdf",
            "files_sha256",
            "signed_scan",
            "drift",
            "drift_checked_at",
        }
    }
    copy = Report.objects.create(**fields, version=report.version + 1, previous=report, status=ReportStatus.DRAFT)
    mapping: dict[int, ReportSection] = {}
    for section in report.sections.order_by("order"):
        new = ReportSection.objects.create(
            report=copy,
            parent=mapping.get(section.parent_id) if section.parent_id else None,
            order=section.order,
            key=section.key,
            level=section.level,
            title=section.title,
            included=section.included,
            guidance=section.guidance,
        )
        mapping[section.pk] = new
        Block.objects.bulk_create(
            Block(section=new, order=block.order, kind=block.kind, content=block.content, author=block.author)
            for block in section.blocks.order_by("order")
        )
    FigureValue.objects.bulk_create(
        FigureValue(
            report=copy,
            key=row.key,
            params=row.params,
            params_hash=row.params_hash,
            scope=row.scope,
            start=row.start,
            end=row.end,
            as_of=row.as_of,
            source=row.source,
            override=row.override,
            override_reason=row.override_reason,
            override_by=row.override_by,
            estimate=row.estimate,
        )
        for row in report.figures.filter(override__isnull=False)
    )
    return copy


@transaction.atomic
def report_new_version(*, actor: Any, report: Report) -> Report:
    """A new draft version of an approved or issued report: its head, sections, blocks and overrides copied, its
    figures live again; the old version is kept as it is (an issued one is superseded when the new one is
    issued)."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    if report.status not in (ReportStatus.APPROVED, ReportStatus.ISSUED):
        raise ValidationError(_("Only an approved or issued report gets a new version; edit this one."))
    if report.next_versions.exists():
        raise ValidationError(_("This report already has a newer version."))
    copy = _copy_report(report, actor=actor)
    ReportEvent.record_of(
        report,
        actor=actor,
        kind=ReportEventKind.NEW_VERSION,
        data={"status": [report.status, ReportStatus.DRAFT], "version": copy},
    )
    ReportEvent.record_of(
        copy, actor=actor, kind=ReportEventKind.CREATE, data={"previous": report, "version": copy.version}
    )
    return copy


@transaction.atomic
def report_withdraw(*, actor: Any, report: Report, reason: str) -> Report:
    """Withdraw an issued report (everything kept; its number is never given again)."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the report is withdrawn."))
    return _move(report, ReportStatus.WITHDRAWN, actor=actor, kind=ReportEventKind.WITHDRAW, data={"reason": reason})


@transaction.atomic
def report_supersede(*, actor: Any, report: Report, reason: str = "") -> Report:
    """Mark an issued report superseded (by a later document, or by its new version when that one is issued)."""
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    return _move(
        report, ReportStatus.SUPERSEDED, actor=actor, kind=ReportEventKind.SUPERSEDE, data={"reason": reason.strip()}
    )


def signed_scan_upload(*, actor: Any, report: Report, upload: File) -> Report:
    """The signed and sealed paper of an issued report, as a scan (PDF or photo), checked and stored like every
    upload before the transaction opens, and removed if it is refused (`core.services.uploads_stored`)."""
    with core_services.uploads_stored([upload], folder=f"{REPORTS_DIR}/scans") as (kept,):
        return _signed_scan_store(actor=actor, report=report, checked=kept.checked, stored=kept.stored_name)


@transaction.atomic
def _signed_scan_store(*, actor: Any, report: Report, checked: files.Checked, stored: str) -> Report:
    report = _locked(report)
    require_report(actor, report, ReportAccess.EDIT)
    if report.status != ReportStatus.ISSUED:
        raise ValidationError(_("A signed scan belongs to an issued report."))
    old = report.signed_scan
    report.signed_scan = stored
    report.files_sha256 = {**report.files_sha256, "scan": hashlib.sha256(checked.content).hexdigest()}
    report.save(update_fields=["signed_scan", "files_sha256", "updated_at"])
    if old:
        transaction.on_commit(lambda: files.remove(old))
    ReportEvent.record_of(report, actor=actor, kind=ReportEventKind.SCAN, data={"name": checked.name})
    return report


# --- Files --------------------------------------------------------------------------------------

REPORTS_DIR = "reports"
RENDERING_KEEP = dt.timedelta(days=1)
FORMATS = ("docx", "xlsx", "pdf")


def render(document: Document, fmt: str) -> bytes:
    """One file of a report from its document (`reporting.output`, owner rdoc): the one place issue, the
    background task and `manage.py report_render` write files through."""
    output = _output()
    if fmt == "docx":
        return output.render_docx(document)
    if fmt == "xlsx":
        return output.render_annex(document)
    if fmt == "pdf":
        if not output.pdf_available():
            raise ValidationError(_("PDF needs LibreOffice, which is not installed here; print the Word file to PDF."))
        return output.render_pdf(output.render_docx(document))
    raise ValidationError(_("Unknown file format: %(fmt)s.") % {"fmt": fmt})


def _output() -> Any:
    """The writers' package (branch rdoc), read at call time so that this module stands without it."""
    return importlib.import_module("lienhiep.reporting.output")


def file_name(document: Document, fmt: str) -> str:
    return str(_output().file_name(document, fmt))


def pdf_available() -> bool:
    try:
        return bool(_output().pdf_available())
    except (ImportError, AttributeError):
        return False


@transaction.atomic
def rendering_request(
    *, actor: Any, report: Report, purpose: str = "preview", formats: tuple[str, ...] = ("docx", "xlsx")
) -> Rendering:
    """Queue the writing of the report's files (a task, enqueued once this commits; the page polls its progress).
    PDF is left out where LibreOffice is not installed."""
    require_report(actor, report, ReportAccess.VIEW)
    if purpose not in ("issue", "preview"):
        raise ValidationError(_("Unknown purpose of a rendering."))
    wanted = [fmt for fmt in FORMATS if fmt in formats and (fmt != "pdf" or pdf_available())]
    if not wanted:
        raise ValidationError(_("Choose at least one file to write."))
    renderings_purge()
    rendering = Rendering(
        report=report,
        actor=actor,
        purpose=purpose,
        formats=wanted,
        language=translation.get_language() or "vi",
        steps=len(wanted) + 1,
    )
    batches.start(rendering, _queue(purpose))
    return rendering


def _queue(purpose: str) -> batches.Queue:
    """How a rendering's task is queued for one attempt (`core.batches.start`, once the move commits)."""
    from lienhiep.reporting import tasks

    task = tasks.approval_run if purpose == "approve" else tasks.rendering_write
    return lambda pk, attempt: task.enqueue(pk, attempt)


def _rendering_take(rendering_id: int, attempt: int | None, *related: str) -> Rendering | None:
    """The rendering a task was queued for, moved to "writing", if the work is still its to do (`core.batches.claim`:
    queued, for this attempt); the move made only if no one queued it again meanwhile."""
    rendering: Rendering | None = batches.claim(Rendering, rendering_id, RenderStatus.QUEUED, attempt, *related)
    if rendering is None:
        return None
    now = timezone.now()
    taken = Rendering.objects.filter(pk=rendering.pk, status=RenderStatus.QUEUED, attempt=rendering.attempt).update(
        status=RenderStatus.WRITING, done_steps=0, heartbeat_at=now, updated_at=now
    )
    if not taken:
        return None
    rendering.status, rendering.done_steps, rendering.heartbeat_at = RenderStatus.WRITING, 0, now
    return rendering


def _rendering_move(rendering: Rendering, status: str, **fields: Any) -> None:
    refusal = _("A rendering that is “%(before)s” cannot become “%(after)s”.")
    step(rendering, status, RENDER_TRANSITIONS, RenderStatus, refusal, code="render_transition", **fields)
    rendering.save()


# What a user needs to run again, or give up, a rendering whose worker stopped: an approval, the right to approve;
# an issue's files, the right to edit; a preview, to be the one who asked.
STALLED_NEED = {"approve": ReportAccess.APPROVE, "issue": ReportAccess.EDIT, "preview": ReportAccess.VIEW}


def rendering_may_restart(user: Any, rendering: Rendering) -> bool:
    """Whether `user` may run again (or give up) the rendering once its worker stopped."""
    from lienhiep.reporting.permissions import can_report

    if rendering.purpose == "preview" and rendering.actor_id != getattr(user, "pk", None):
        return False
    return can_report(user, rendering.report, STALLED_NEED[rendering.purpose])


def _stalled_rendering(actor: Any, rendering: Rendering) -> tuple[Rendering, Report, dict[str, Any]]:
    """The rendering, locked, if the actor may act on it and its worker stopped (`core.batches.stopped`); its
    report, locked; the event's data (the heartbeat last seen, the attempt given up)."""
    if not rendering_may_restart(actor, rendering):
        raise PermissionDenied
    rendering = batches.stopped(rendering, running=_("This work is still running; its page shows how far."))
    report = _locked(rendering.report)
    beat = rendering.heartbeat_at or rendering.updated_at
    data = {"work": rendering.purpose, "attempt": rendering.attempt, "heartbeat": beat.isoformat()}
    _rendering_move(rendering, RenderStatus.STOPPED)
    return rendering, report, data


@transaction.atomic
def rendering_retry(*, actor: Any, rendering: Rendering) -> Rendering:
    """Run again an approval, or the writing of a report's files, whose worker stopped (its heartbeat went stale):
    a new attempt queued, and an event. Nothing of the stopped attempt was kept: an approval stores its figures in
    one transaction at its end, and files are kept only once all are written."""
    rendering, report, data = _stalled_rendering(actor, rendering)
    if rendering.purpose == "approve" and report.status != ReportStatus.APPROVING:
        raise ValidationError(_("The report is no longer being approved."))
    _rendering_move(rendering, RenderStatus.QUEUED, message="")
    batches.start(rendering, _queue(rendering.purpose))
    kind = ReportEventKind.APPROVE_RETRY if rendering.purpose == "approve" else ReportEventKind.RENDER_RETRY
    ReportEvent.record_of(report, actor=actor, kind=kind, data=data)
    return rendering


@transaction.atomic
def rendering_cancel(*, actor: Any, rendering: Rendering) -> Rendering:
    """Give up an approval, or the writing of a preview's files, whose worker stopped: an approval's report goes back
    to review (as if it had failed; approved again from there), with an event. An issued report's files are not
    given up: they are run again."""
    if rendering.purpose == "issue":
        raise ValidationError(_("An issued report keeps its files: run the writing again."))
    rendering, report, data = _stalled_rendering(actor, rendering)
    _rendering_move(rendering, RenderStatus.CANCELLED)
    if rendering.purpose == "approve" and report.status == ReportStatus.APPROVING:
        report.approved_meeting = None
        report.save(update_fields=["approved_meeting", "updated_at"])
        _move(report, ReportStatus.REVIEW, actor=actor, kind=ReportEventKind.APPROVE_CANCEL, data=data)
    else:
        kind = ReportEventKind.APPROVE_CANCEL if rendering.purpose == "approve" else ReportEventKind.RENDER_CANCEL
        ReportEvent.record_of(report, actor=actor, kind=kind, data=data)
    return rendering


def rendering_write(*, rendering_id: int, attempt: int | None = None) -> Rendering:
    """The task's work: build the document (its figures live or frozen), write each file under a generated name,
    count each step (committed, so the polling page sees it move); for an issue, the files and their SHA-256 go
    on the report."""
    from lienhiep.reporting.selectors import document as build_document

    rendering = _rendering_take(rendering_id, attempt, "report__org", "actor")
    if rendering is None:
        return Rendering.objects.get(pk=rendering_id)  # queued twice, for an earlier attempt, or already handled
    attempt = rendering.attempt
    written: dict[str, str] = {}
    try:
        with translation.override(rendering.language), batches.beating(Rendering, rendering.pk):
            # The annex lists every list whole (the Word file prints their first rows of the same document).
            document = build_document(rendering.report, user=rendering.actor, whole_lists="xlsx" in rendering.formats)
            batches.progress(Rendering, rendering.pk, 1)
            sha256: dict[str, str] = {}
            names: dict[str, str] = {}
            for number, fmt in enumerate(rendering.formats, start=2):
                content = render(document, fmt)
                stored = files.generated_name(f"{REPORTS_DIR}/{rendering.report.org_id}", f".{fmt}")
                files.write(stored, content)
                written[fmt] = stored
                sha256[fmt] = hashlib.sha256(content).hexdigest()
                names[fmt] = file_name(document, fmt)
                batches.progress(Rendering, rendering.pk, number)
    except Exception as error:  # noqa: BLE001 - any failure is reported on the rendering, never lost
        for stored in written.values():
            files.remove(stored)
        with translation.override(rendering.language):
            said = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            message = _("The files could not be written: %(error)s") % {"error": said}
        with transaction.atomic():
            mine = batches.still_mine(rendering, attempt, {RenderStatus.WRITING})
            if mine is not None:
                _rendering_move(mine, RenderStatus.FAILED, message=message)
        return mine or Rendering.objects.get(pk=rendering.pk)
    with transaction.atomic():
        mine = batches.still_mine(rendering, attempt, {RenderStatus.WRITING})
        if mine is None:  # given up or run again while this worker was taken for stopped: its files are not kept
            for stored in written.values():
                files.remove(stored)
            return Rendering.objects.get(pk=rendering.pk)
        _rendering_move(mine, RenderStatus.DONE, files=written, sha256=sha256, names=names, done_steps=mine.steps)
        if rendering.purpose == "issue":
            report = _locked(rendering.report)
            for fmt in FORMATS:
                if fmt in written:
                    setattr(report, fmt, written[fmt])
            report.files_sha256 = {**report.files_sha256, **sha256}
            report.save(update_fields=[*FORMATS, "files_sha256", "updated_at"])
            ReportEvent.record_of(
                report, actor=rendering.actor, kind=ReportEventKind.RENDER, data={"files": names, "sha256": sha256}
            )
    return mine


def renderings_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the previews written more than RENDERING_KEEP ago, and their files (an issue's files stay)."""
    old = Rendering.objects.filter(purpose="preview", created_at__lt=(now or timezone.now()) - RENDERING_KEEP)
    stored = [name for files_of in old.values_list("files", flat=True) for name in (files_of or {}).values()]
    count, _by_model = old.delete()
    for name in stored:
        files.remove(name)
    return count


# --- Drift ---------------------------------------------------------------------------------------


def drift_check(*, reports: Any = None) -> int:
    """The nightly check (`tasks.drift_check`): for every approved or issued report, which figures changed since
    approval (`selectors.drift`), stored on the report for its banner. Returns how many reports have drifted."""
    from lienhiep.reporting.selectors import drift

    drifted = 0
    rows = (
        reports
        if reports is not None
        else Report.objects.filter(status__in=[ReportStatus.APPROVED, ReportStatus.ISSUED])
    )
    for report in rows.select_related("org"):
        with org_figures.live():
            changes = drift(report)
        Report.objects.filter(pk=report.pk).update(drift=_jsonable(changes), drift_checked_at=_now())
        drifted += bool(changes)
    return drifted


def _now() -> dt.datetime:
    return timezone.now()


def _jsonable(value: Any) -> Any:
    return jsonable(value)


def person_erased(subject: Subject) -> Erased:
    """A member's erasure (through `ReportingConfig.person_erasure`, decision 0018): a report they were to sign and
    that is not issued (a draft, in review, approved) loses its signer, link and name as typed, and takes the
    unit's chair when issued (`report_issue`); an issued report (superseded and withdrawn ones were issued) is a
    document of record and keeps its signer as printed. A report without a linked signer is theirs by its name
    as typed."""
    return signer_erased(
        Report,
        subject,
        about=Q(signer_id=subject.person_id) | Q(signer__isnull=True, signer_name__in=subject.values),
        issued=Q(issued_on__isnull=False)
        | Q(status__in=[ReportStatus.ISSUED, ReportStatus.SUPERSEDED, ReportStatus.WITHDRAWN]),
        emptied={"signer": None, "signer_name": ""},
        shown="signer_name",
    )
