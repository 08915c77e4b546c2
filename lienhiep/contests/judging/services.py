"""The judging of an edition (issue 16), one service per write: jurors from the expert registry on a round with their
grant (`orgs.grants`, kind JUROR) and their conflicts, the scores of a juror's sheet, the round closed (the grants
revoked, the ranking shown), prizes proposed down the ranking within the quota and set by hand, the board's
approval against the round's threshold, the results decision numbered from the unit's register, and the winners
forwarded to the next level's edition.

Who may: the organiser's roles (EDIT to assign jurors and propose, MANAGE to keep a juror on despite a conflict, close
a round, record the board's approval, issue the decision and forward); a juror scores only the entries of her own
seat, while the round is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.contests import history, ranking
from lienhiep.contests import services as entry_services
from lienhiep.contests.judging import selectors
from lienhiep.contests.models import (
    BoardApproval,
    Edition,
    EditionEventKind,
    EditionStatus,
    Entry,
    EntryAuthor,
    EntryEventKind,
    EntryPrize,
    EntryStatus,
    JurorAssignment,
    JurorEntry,
    JuryEvent,
    JuryEventKind,
    PrizeRow,
    PrizeStatus,
    PublicVote,
    ResultsDecision,
    Round,
    RoundStatus,
    Score,
)
from lienhiep.core.redaction import Erased, Subject, signer_erased
from lienhiep.core.text import nfc
from lienhiep.experts import conflicts
from lienhiep.experts.models import Expert
from lienhiep.orgs import grants
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.permissions import Access, require_can


def points_text(value: Decimal) -> str:
    """Points as a reader writes them: "60", "12,5"."""
    return format(value.normalize(), "f").replace(".", ",")


def _clean(text: str) -> str:
    return " ".join(nfc(text or "").split())


def _org(round_: Round) -> Any:
    return round_.edition.contest.org


def _fresh(round_: Round) -> Round:
    """The round as stored now (a caller's copy may predate its close)."""
    return Round.objects.select_related("edition__contest__org").get(pk=round_.pk)


def _jury_event(round_: Round, actor: Any, kind: str, *, target: str, target_id: int, **data: Any) -> None:
    JuryEvent.record(
        actor=actor, kind=kind, org=_org(round_), round=round_, target=target, target_id=target_id, data=data
    )


def _edition_event(edition: Edition, actor: Any, kind: str, *, target: str, target_id: int, **data: Any) -> None:
    entry_services._edition_event(edition, actor, kind, target=target, target_id=target_id, **data)  # noqa: SLF001 - the app's one writer of edition events


def _entry_event(entry: Entry, actor: Any, kind: str, **data: Any) -> None:
    entry_services._entry_event(entry, actor, kind, **data)  # noqa: SLF001 - the app's one writer of entry events


# --- Jurors ---------------------------------------------------------------------------------------------------------


def conflicts_of(expert: Expert, entry: Entry, authors: Iterable[EntryAuthor] | None = None) -> list[str]:
    """What the registry sees between `expert` and `entry`: an author's colleague (the same workplace, the entry's
    or an author's), the expert among its authors, or bearing an author's name (`experts.conflicts.detect`). A
    relative is the expert's to declare."""
    authors = list(authors if authors is not None else entry.authors.all())
    places = [entry.author_unit, *(a.workplace for a in authors)]
    return conflicts.detect(
        expert,
        workplaces=[p for p in places if p],
        person_ids=[a.person_id for a in authors if a.person_id],
        names=[a.full_name for a in authors],
    )


@transaction.atomic
def juror_assign(
    *,
    actor: Any,
    round_: Round,
    expert: Expert,
    entries: Iterable[Entry],
    declared: Mapping[int, str] | None = None,
    overrides: Mapping[int, str] | None = None,
    on: dt.date | None = None,
) -> tuple[JurorAssignment, dict[int, list[str]]]:
    """Put `expert` on the jury of `round_` for `entries`, with the links they declared on some of them
    (`declared`: entry id -> ConflictDeclarationBase.Link). An entry with a declared or detected conflict is kept off
    their sheet (a row that says why, never scored) unless an officer (MANAGE) records why they stay (`overrides`:
    entry id -> reason). Their account is granted the seat (`orgs.grants`, kind JUROR) until removed or the round
    closes. Returns the seat and the entries kept off with their reasons."""
    edition = round_.edition
    org = _org(round_)
    require_can(actor, org, Access.EDIT)
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("The round is closed: its jury no longer changes."))
    if not selectors.pickable_experts(round_).filter(pk=expert.pk).exists():
        raise ValidationError({"expert": _("Choose an available expert with an account from your union's list.")})
    declared, overrides = declared or {}, {k: _clean(v) for k, v in (overrides or {}).items() if _clean(v)}
    if overrides:
        require_can(actor, org, Access.MANAGE)
    entries = list(entries)
    if not entries:
        raise ValidationError({"entries": _("Choose the entries the juror scores.")})
    if any(e.edition_id != edition.pk or e.status not in selectors.JUDGED for e in entries):
        raise ValidationError({"entries": _("A juror scores entries of this edition accepted at screening.")})
    on = on or org_selectors.today()
    seat = JurorAssignment.objects.filter(round=round_, expert=expert, removed_on__isnull=True).first()
    if seat is None:
        seat = JurorAssignment(round=round_, expert=expert, assigned_on=on, assigned_by=actor)
        seat.full_clean()
        seat.save()
        seat.grant = grants.give(
            seat, expert.user, kind=grants.JUROR, by=actor, org=org, starts=on, reason=_("Juror of the round")
        )
        seat.save(update_fields=["grant", "updated_at"])
        _jury_event(round_, actor, JuryEventKind.JUROR_ADD, target="juror", target_id=seat.pk,
                    expert=expert.full_name, expert_id=expert.pk)  # fmt: skip
    already = set(JurorEntry.objects.filter(assignment=seat).values_list("entry_id", flat=True))
    authors: dict[int, list[EntryAuthor]] = {}
    for author in EntryAuthor.objects.filter(entry__in=entries):
        authors.setdefault(author.entry_id, []).append(author)
    kept_off: dict[int, list[str]] = {}
    now = timezone.now()
    for entry in entries:
        if entry.pk in already:
            continue
        row = JurorEntry(
            assignment=seat, entry=entry, declared_link=declared.get(entry.pk) or "none", declared_at=now,
            detected=conflicts_of(expert, entry, authors.get(entry.pk, [])),
            override_reason=overrides.get(entry.pk, ""),
        )  # fmt: skip
        conflicted = row.declares_conflict or bool(row.detected)
        if not conflicted:
            row.override_reason = ""
        elif not row.override_reason:
            reasons = [*row.detected]
            if row.declares_conflict:
                reasons.insert(0, _("Declares a link: %(link)s.") % {"link": row.get_declared_link_display()})
            kept_off[entry.pk] = reasons
            row.kept_off = True
        row.full_clean()
        row.save()
        kind = (
            JuryEventKind.KEPT_OFF if row.kept_off else JuryEventKind.OVERRIDE if row.override_reason
            else JuryEventKind.ENTRY_ADD
        )  # fmt: skip
        _jury_event(round_, actor, kind, target="juror_entry", target_id=row.pk, expert=expert.full_name,
                    entry=entry.number, link=row.declared_link, detected=row.detected,
                    reason=row.override_reason)  # fmt: skip
    return seat, kept_off


@transaction.atomic
def juror_declare(
    *, actor: Any, seat: JurorAssignment, entry: Entry, declared_link: str, declaration: str = ""
) -> bool:
    """The juror's own declaration on an entry of her sheet (or the office's, from her paper). A link declared now
    keeps her off that entry at once — her scores on it no longer count — unless an officer had recorded why she
    stays. Returns whether she is kept off."""
    own = actor is not None and seat.expert.user_id == actor.pk
    if not own:
        require_can(actor, _org(seat.round), Access.EDIT)
    row = JurorEntry.objects.select_for_update().filter(assignment=seat, entry=entry).first()
    if row is None or seat.removed_on is not None:
        raise ValidationError(_("This entry is not on the juror's sheet."))
    row.declared_link = declared_link or "none"
    row.declaration = _clean(declaration)
    row.declared_at = timezone.now()
    row.kept_off = row.declares_conflict and not row.override_reason
    JuryEvent.save_and_record(
        row, actor=actor, kind=JuryEventKind.CONFLICT, org=_org(seat.round), round=seat.round, target="juror_entry",
        data={"expert": seat.expert.full_name, "entry": entry.number, "link": row.declared_link,
              "text": row.declaration, "kept_off": row.kept_off},
    )  # fmt: skip
    return row.kept_off


def _end_seat(seat: JurorAssignment, actor: Any, on: dt.date, reason: str) -> None:
    seat.removed_on = on
    seat.save(update_fields=["removed_on", "updated_at"])
    if seat.grant is not None and seat.grant.revoked_at is None:
        grants.revoke(seat.grant, by=actor, reason=reason)


@transaction.atomic
def juror_remove(*, actor: Any, seat: JurorAssignment, reason: str = "") -> None:
    """Take a juror off the round: her access ends at once, her scores no longer count, the seat stays in history."""
    require_can(actor, _org(seat.round), Access.EDIT)
    if seat.removed_on is not None:
        raise ValidationError(_("This juror was already taken off the round."))
    reason = _clean(reason)
    _end_seat(seat, actor, org_selectors.today(), reason or _("Taken off the jury"))
    _jury_event(seat.round, actor, JuryEventKind.JUROR_REMOVE, target="juror", target_id=seat.pk,
                expert=seat.expert.full_name, reason=reason)  # fmt: skip


# --- Scores -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def sheet_save(*, actor: Any, seat: JurorAssignment, entry: Entry, points: Mapping[int, Any]) -> int:
    """The juror's points on `entry`, criterion by criterion (`points`: criterion id -> points; a blank leaves the
    criterion unscored), each within 0 and its maximum, while the round is open. Only she may: her seat, her
    account. Returns how many criteria she has scored on it."""
    if actor is None or seat.expert.user_id != actor.pk or seat.removed_on is not None:
        raise PermissionDenied
    round_ = seat.round
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Scores are given while the round is open."))
    row = JurorEntry.objects.filter(assignment=seat, entry=entry, kept_off=False).first()
    if row is None:
        raise PermissionDenied
    criteria = {c.pk: c for c in round_.criteria.all()}
    errors: dict[str, str] = {}
    values: dict[int, Decimal | None] = {}
    for pk, criterion in criteria.items():
        raw = points.get(pk)
        if raw is None or str(raw).strip() == "":
            values[pk] = None
            continue
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            errors[f"c{pk}"] = _("Enter a number.")
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_points:
            errors[f"c{pk}"] = _("Between 0 and %(max)s.") % {"max": points_text(criterion.max_points)}
        elif value != value.quantize(Decimal("0.01")):
            errors[f"c{pk}"] = _("At most two decimals.")
        else:
            values[pk] = value
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in Score.objects.filter(assignment=seat, entry=entry)}
    for pk, given in values.items():
        if given is None:
            if pk in existing:
                existing[pk].delete()
            continue
        score = existing.get(pk) or Score(assignment=seat, entry=entry, criterion_id=pk)
        score.points = given
        score.save()
    scored = sum(1 for v in values.values() if v is not None)
    # The event says the sheet moved, not its points: the unit's audit trail is read by officers before the close.
    _jury_event(round_, actor, JuryEventKind.SHEET, target="juror_entry", target_id=row.pk,
                expert=seat.expert.full_name, entry=entry.number, scored=scored, criteria=len(criteria))  # fmt: skip
    return scored


# --- The round --------------------------------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, actor: Any, round_: Round) -> Round:
    """Open a planned round for scoring (MANAGE on the organiser), once its rubric has criteria."""
    require_can(actor, _org(round_), Access.MANAGE)
    given, round_ = round_, Round.objects.select_for_update().select_related("edition__contest__org").get(pk=round_.pk)
    if round_.status != RoundStatus.PLANNED:
        raise ValidationError(_("Only a planned round opens."))
    if not round_.criteria.exists():
        raise ValidationError(_("Give the round its criteria before opening it."))
    round_.status = given.status = RoundStatus.OPEN
    round_.save(update_fields=["status"])
    _edition_event(round_.edition, actor, EditionEventKind.ROUND, target="round", target_id=round_.pk,
                   before=RoundStatus.PLANNED, after=RoundStatus.OPEN)  # fmt: skip
    return round_


@transaction.atomic
def round_close(*, actor: Any, round_: Round) -> Round:
    """Close an open round (MANAGE): no score changes after, the jurors' grants are revoked (their seats stay), and
    the scores and the ranking become visible to the organiser and to each juror's colleagues."""
    require_can(actor, _org(round_), Access.MANAGE)
    given, round_ = round_, Round.objects.select_for_update().select_related("edition__contest__org").get(pk=round_.pk)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round closes."))
    round_.status = given.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    for seat in JurorAssignment.objects.filter(round=round_, grant__revoked_at__isnull=True).select_related("grant"):
        if seat.grant is not None:
            grants.revoke(seat.grant, by=actor, reason=_("The round is closed"))
    _edition_event(round_.edition, actor, EditionEventKind.ROUND, target="round", target_id=round_.pk,
                   before=RoundStatus.OPEN, after=RoundStatus.CLOSED)  # fmt: skip
    return round_


# --- Prizes ---------------------------------------------------------------------------------------------------------


def _prize_event(entry: Entry, actor: Any, prize: EntryPrize | None, before: str) -> None:
    _entry_event(entry, actor, EntryEventKind.PRIZE, before=before, after=prize.rank if prize else "",
                 status=prize.status if prize else "")  # fmt: skip


def _editable_prizes(edition: Edition) -> None:
    if edition.status != EditionStatus.JUDGING:
        raise ValidationError(_("Prizes are proposed while the edition is being judged, before the board approves."))


@transaction.atomic
def prizes_propose(*, actor: Any, round_: Round) -> dict[Any, ranking.Proposal]:
    """Propose prizes down the ranking of a closed round, group by group within each group's prize table: the
    proposals made before are replaced. Ties at a quota's boundary are left for the officer (and the board) to
    decide; they are returned with the proposal of each group."""
    round_ = _fresh(round_)
    edition = round_.edition
    require_can(actor, _org(round_), Access.EDIT)
    _editable_prizes(edition)
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("Prizes are proposed once the round is closed."))
    board = selectors.ranking_of(round_)
    rows = {row.pk: row for row in PrizeRow.objects.filter(edition=edition)}
    old = {p.entry_id: p for p in EntryPrize.objects.filter(entry__edition=edition, status=PrizeStatus.PROPOSED)}
    proposals: dict[Any, ranking.Proposal] = {}
    new: dict[int, EntryPrize] = {}
    for group in board.groups:
        proposal = ranking.propose(group.ranked, group.prizes, floor=None)
        proposals[group.key] = proposal
        for result in group.ranked:
            prize_id = proposal.awarded.get(result.entry_id)
            if prize_id is None:
                continue
            new[result.entry_id] = EntryPrize(
                entry_id=result.entry_id, prize_row=rows[prize_id], rank=rows[prize_id].rank,
                score=ranking.shown(result.total), position=result.rank, proposed_by=actor,
            )  # fmt: skip
    approved = set(EntryPrize.objects.filter(entry__edition=edition, status=PrizeStatus.APPROVED).values_list(
        "entry_id", flat=True))  # fmt: skip
    if approved:
        raise ValidationError(_("The results are approved already."))
    EntryPrize.objects.filter(pk__in=[p.pk for p in old.values()]).delete()
    EntryPrize.objects.bulk_create(new.values())
    entries = {e.pk: e for e in Entry.objects.filter(pk__in={*old, *new}).select_related("sending_unit")}
    for entry_id in sorted({*old, *new}):
        before = old[entry_id].rank if entry_id in old else ""
        after = new.get(entry_id)
        if after is None or before != after.rank:
            _prize_event(entries[entry_id], actor, after, before)
    return proposals


@transaction.atomic
def prize_set(*, actor: Any, entry: Entry, prize_row: PrizeRow | None, round_: Round) -> EntryPrize | None:
    """The officer's choice for one entry (a tie at a boundary decided, a prize taken back): a row of the entry's
    group's table within its quota, or none."""
    round_ = _fresh(round_)
    edition = entry.edition
    require_can(actor, edition.contest.org, Access.EDIT)
    _editable_prizes(edition)
    if round_.edition_id != edition.pk or round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("Prizes are proposed once the round is closed."))
    current = EntryPrize.objects.filter(entry=entry).first()
    before = current.rank if current else ""
    if prize_row is None:
        if current is not None:
            current.delete()
            _prize_event(entry, actor, None, before)
        return None
    if prize_row.pk not in selectors.prize_rows_for(entry):
        raise ValidationError({"prize_row": _("This prize is not in the table of the entry's field or category.")})
    taken = EntryPrize.objects.filter(prize_row=prize_row).exclude(entry=entry).count()
    if taken >= prize_row.count:
        raise ValidationError(
            {"prize_row": _("All %(count)s places of this prize are taken.") % {"count": prize_row.count}}
        )
    result = selectors.entry_result(round_, entry)
    prize = current or EntryPrize(entry=entry)
    prize.prize_row, prize.rank, prize.status, prize.proposed_by = (
        prize_row,
        prize_row.rank,
        PrizeStatus.PROPOSED,
        actor,
    )
    if result is not None:
        prize.score, prize.position = ranking.shown(result.total), result.rank
    prize.full_clean()
    prize.save()
    _prize_event(entry, actor, prize, before)
    return prize


@transaction.atomic
def votes_record(*, actor: Any, round_: Round, votes: Mapping[int, int]) -> int:
    """The public's votes per entry (entry id -> count, as the organiser tallied them) in a closed round whose rules
    give them a share, before the board approves; they enter the ranking (`ranking.rank`). Returns how many
    entries' counts were written."""
    round_ = _fresh(round_)
    require_can(actor, _org(round_), Access.EDIT)
    _editable_prizes(round_.edition)
    if not round_.public_vote_share:
        raise ValidationError(_("This round gives the public vote no share."))
    judged = set(selectors.round_entries(round_).filter(pk__in=list(votes)).values_list("pk", flat=True))
    if set(votes) - judged or any(int(n) < 0 for n in votes.values()):
        raise ValidationError(_("Give a count of votes, 0 or more, for entries of this round."))
    for entry_id, count in votes.items():
        PublicVote.objects.update_or_create(round=round_, entry_id=entry_id, defaults={"votes": int(count)})
    _jury_event(round_, actor, JuryEventKind.VOTES, target="round", target_id=round_.pk, entry=len(votes),
                votes=sum(int(n) for n in votes.values()))  # fmt: skip
    return len(votes)


# --- The board's approval ---------------------------------------------------------------------------------------------


@transaction.atomic
def approval_record(
    *, actor: Any, round_: Round, held_on: dt.date, members_total: int, members_for: int, minutes_number: str = "",
    note: str = "",
) -> BoardApproval:  # fmt: skip
    """Record the organising board's vote on the proposed prizes (MANAGE). When the members for reach the round's
    threshold (`ranking.board_approves`; none set: more than half), the prizes are approved, the entries judged
    move to "prize awarded" or "no prize", and the edition to "results approved" (its results turn public).
    Otherwise the vote is recorded and nothing else changes."""
    round_ = _fresh(round_)
    edition = Edition.objects.select_for_update().select_related("contest__org").get(pk=round_.edition_id)
    require_can(actor, edition.contest.org, Access.MANAGE)
    _editable_prizes(edition)
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("The board approves the results once the round is closed."))
    if not 0 <= members_for <= members_total or members_total < 1:
        raise ValidationError({"members_for": _("The members approving are counted among the board's members.")})
    approval = BoardApproval(
        edition=edition, round=round_, held_on=held_on, members_total=members_total, members_for=members_for,
        minutes_number=_clean(minutes_number), note=(note or "").strip(), recorded_by=actor,
    )  # fmt: skip
    approval.full_clean()
    approval.save()
    threshold = round_.approval_threshold if round_.approval_threshold is not None else selectors.DEFAULT_THRESHOLD
    approved = ranking.board_approves(votes_for=members_for, members=members_total, threshold=threshold)
    _edition_event(edition, actor, EditionEventKind.APPROVAL, target="approval", target_id=approval.pk,
                   held_on=held_on, members_total=members_total, members_for=members_for,
                   threshold=str(threshold), approved=approved, minutes=approval.minutes_number)  # fmt: skip
    if not approved:
        return approval
    prizes = {p.entry_id: p for p in EntryPrize.objects.filter(entry__edition=edition)}
    for prize in prizes.values():
        prize.status, prize.approved_on = PrizeStatus.APPROVED, held_on
        prize.save(update_fields=["status", "approved_on", "updated_at"])
    judged = Entry.objects.filter(edition=edition, status=EntryStatus.ACCEPTED).select_related("sending_unit")
    for entry in judged:
        entry_services.entry_move(
            actor=actor,
            entry=entry,
            to=EntryStatus.PRIZED if entry.pk in prizes else EntryStatus.NOT_PRIZED,
            on=held_on,
        )
    before = edition.status
    edition.status, edition.status_since = EditionStatus.APPROVED, held_on
    edition.save(update_fields=["status", "status_since", "updated_at"])
    _edition_event(edition, actor, EditionEventKind.MOVE, target="edition", target_id=edition.pk, before=before,
                   after=edition.status)  # fmt: skip
    return approval


# --- The results decision ---------------------------------------------------------------------------------------------


@transaction.atomic
def decision_save(
    *, actor: Any, edition: Edition, signer_name: str, signer_title: str = "", authority: str = "",
    recipients: str = "",
) -> ResultsDecision:  # fmt: skip
    """Who signs the results decision and whom it goes to, before it is issued."""
    require_can(actor, edition.contest.org, Access.EDIT)
    decision = ResultsDecision.objects.filter(edition=edition).first() or ResultsDecision(edition=edition)
    if decision.issued:
        raise ValidationError(_("The results decision is issued already."))
    decision.signer_name, decision.signer_title = _clean(signer_name), _clean(signer_title)
    decision.authority, decision.recipients = _clean(authority), (recipients or "").strip()
    decision.full_clean()
    decision.save()
    # The signer under the key the issue's event names them by (an erasure's `texts`); the rest names no member.
    _edition_event(edition, actor, EditionEventKind.SIGNATURE, target="decision", target_id=decision.pk,
                   signer=decision.signer_name, title=decision.signer_title, authority=decision.authority,
                   recipients=decision.recipients)  # fmt: skip
    return decision


@transaction.atomic
def decision_issue(*, actor: Any, edition: Edition, issued_on: dt.date) -> ResultsDecision:
    """Issue the results decision of an approved edition on `issued_on` (MANAGE): the next number of the
    organiser's register for that year (the one its reports and opinions take theirs from), "Số: 03/QĐ-LHH"; the
    edition keeps its number and date."""
    from lienhiep.reporting import services as reporting_services

    edition = Edition.objects.select_for_update().select_related("contest__org").get(pk=edition.pk)
    org = edition.contest.org
    require_can(actor, org, Access.MANAGE)
    if edition.status not in (EditionStatus.APPROVED, EditionStatus.CLOSED):
        raise ValidationError(_("The results decision is issued once the board approved the results."))
    decision = ResultsDecision.objects.filter(edition=edition).first()
    if decision is None or not decision.signer_name:
        raise ValidationError(_("Name who signs the decision."))
    if decision.number_line:
        raise ValidationError(_("The results decision is issued already."))
    reporting_services.document_issue(decision, org=org, issued_on=issued_on, kind="QĐ")
    decision.save()
    edition.results_number, edition.results_date = decision.number_line.removeprefix("Số: "), issued_on
    edition.save(update_fields=["results_number", "results_date", "updated_at"])
    _edition_event(edition, actor, EditionEventKind.RESULTS, target="decision", target_id=decision.pk,
                   number=decision.number_line, issued_on=issued_on, signer=decision.signer_name)  # fmt: skip
    return decision


# --- Forwarding -------------------------------------------------------------------------------------------------------


@transaction.atomic
def entry_forward(*, actor: Any, entry: Entry, to_edition: Edition, field_id: int | None = None) -> Entry:
    """Send a prized entry to the next level's edition (MANAGE on the organiser that awarded it): a new entry of
    `to_edition` sent by that organiser, `forwarded_from` the entry (its history follows), with its authors and
    files; `origin_unit` stays the unit that first sent it, so the result up there comes back to its figures. Within
    the higher edition's quota of entries per sending unit; the lower entry becomes "forwarded"."""
    from lienhiep.contests.models import ContestField

    entry = (
        Entry.objects.select_for_update()
        .select_related("edition__contest__org", "field", "sending_unit")
        .get(pk=entry.pk)
    )
    sender = entry.edition.contest.org
    require_can(actor, sender, Access.MANAGE)
    if entry.status != EntryStatus.PRIZED:
        raise ValidationError(_("Only an entry that won a prize is forwarded."))
    if to_edition.pk not in {e.pk for e in selectors.forward_targets(entry.edition)}:
        raise ValidationError({"to_edition": _("Choose an open edition of the same contest type at a higher level.")})
    quota = to_edition.forward_quota
    sent = Entry.objects.filter(edition=to_edition, sending_unit=sender, forwarded_from__isnull=False).count()
    if quota is not None and sent >= quota:
        raise ValidationError(
            _("%(edition)s takes %(quota)s entries from each unit; %(sent)s are sent already.")
            % {"edition": to_edition, "quota": quota, "sent": sent}
        )
    fields = {f.pk: f for f in ContestField.objects.filter(edition=to_edition)}
    field = fields.get(field_id or 0) or next(
        (f for f in fields.values() if f.name.casefold() == entry.field.name.casefold()), None
    )
    if field is None:
        raise ValidationError({"field": _("Choose the field of the higher edition the entry goes into.")})
    on = org_selectors.today()
    up = history.copy_up(actor=actor, entry=entry, to=to_edition, field=field, on=on, from_paper=False, files=True)
    _entry_event(entry, actor, EntryEventKind.FORWARD, to_edition=to_edition.pk, to_entry=up.pk,
                 edition=str(to_edition))  # fmt: skip
    return up


def person_erased(subject: Subject) -> Erased:
    """A member's erasure (through `ContestsConfig.person_erasure`, decision 0018): a results decision not issued
    whose signer is typed as their name loses it (the officer types the signer again before issuing); an issued
    one is a document of record and keeps it."""
    return signer_erased(
        ResultsDecision,
        subject,
        about=Q(signer_name__in=subject.values),
        issued=Q(issued_on__isnull=False) | ~Q(number_line=""),
        emptied={"signer_name": ""},
        shown="signer_name",
    )
