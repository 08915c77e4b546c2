"""Writes of campaigns and submissions: one service per move of `CAMPAIGN_TRANSITIONS` and
`SUBMISSION_TRANSITIONS`, each checking who may make it and writing its event row."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.activities import selectors as activity_selectors
from lienhiep.campaigns import rollup, schema, selectors
from lienhiep.campaigns.models import (
    CAMPAIGN_TRANSITIONS,
    CHILD_LEAD_DAYS,
    FILLABLE,
    SUBMISSION_TRANSITIONS,
    Attachment,
    Campaign,
    CampaignEvent,
    CampaignEventKind,
    CampaignKind,
    CampaignStatus,
    Extension,
    Submission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionStatus,
    default_reminders,
    slot,
)
from lienhiep.campaigns.permissions import CampaignAccess, SubmissionAccess, require_campaign, require_submission
from lienhiep.core import services as core_services
from lienhiep.core.events import jsonable
from lienhiep.core.text import nfc
from lienhiep.core.transitions import step
from lienhiep.orgs.models import Org
from lienhiep.orgs.permissions import Access, require_can
from lienhiep.reporting import registry

REASON_LENGTH = 255


def _campaign_event(campaign: Campaign, actor: Any, kind: str, **data: Any) -> None:
    CampaignEvent.record_of(campaign, actor=actor, kind=kind, data=data)


def _submission_event(submission: Submission, actor: Any, kind: str, **data: Any) -> None:
    SubmissionEvent.record_of(submission, actor=actor, kind=kind, data=data)


def _move_campaign(campaign: Campaign, to: str) -> str:
    refusal = _("A campaign that is “%(before)s” cannot become “%(after)s”.")
    return step(campaign, to, CAMPAIGN_TRANSITIONS, CampaignStatus, refusal)


def _move(submission: Submission, to: str, **fields: Any) -> str:
    refusal = _("A submission that is “%(before)s” cannot become “%(after)s”.")
    return step(submission, to, SUBMISSION_TRANSITIONS, SubmissionStatus, refusal, **fields)


def _moved(actor: Any, submission: Submission, to: str, kind: str, fields: dict[str, Any], **data: Any) -> Submission:
    """A reviewer's step on a submission (checked by the caller): moved to `to` with what the step records (`fields`),
    saved, and its event row `kind` with the status before and `data`."""
    before = _move(submission, to, **fields)
    submission.save(update_fields=["status", *fields, "updated_at"])
    _submission_event(submission, actor, kind, before=before, **data)
    return submission


# --- Campaigns --------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    org: Org,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date,
    deadline: dt.datetime,
    form: dict[str, Any],
    kinds: list[str] | None = None,
    request_number: str = "",
    request_date: dt.date | None = None,
    instructions: str = "",
    estimates_allowed: bool = False,
    reminders: dict[str, Any] | None = None,
    parent: Campaign | None = None,
) -> Campaign:
    """A campaign of `org` (a draft: nothing is asked of anyone until `campaign_open`). Its scope is the units
    directly under `org` of `kinds` (by default those that report to a union of its kind) as the tree stands on
    `as_of`."""
    require_can(actor, org, Access.MANAGE)
    if kind not in CampaignKind.values:
        raise ValidationError(_("Choose the kind of campaign."))
    if period_start > period_end:
        raise ValidationError(_("The period ends before it begins."))
    if as_of < period_start:
        raise ValidationError(_("The cut-off date comes before the period begins."))
    org.check_exists_on(as_of)
    kinds = list(kinds or selectors.DEFAULT_SCOPE.get(org.kind, []))
    whole_years = registry.Period(period_start, period_end, as_of).counts_by_year()
    campaign = Campaign(
        org=org,
        kind=kind,
        title=nfc(title).strip(),
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        deadline=deadline,
        form=schema.clean_form(form, whole_years=whole_years),
        scope={"kinds": kinds, "depth": 1},
        request_number=nfc(request_number).strip(),
        request_date=request_date,
        instructions=nfc(instructions).strip(),
        estimates_allowed=estimates_allowed,
        reminders=reminders or default_reminders(),
        parent=parent,
        created_by=actor,
    )
    CampaignEvent.save_and_record(
        campaign,
        actor=actor,
        kind=CampaignEventKind.CREATE,
        data={
            "title": campaign.title,
            "period": [period_start, period_end],
            "as_of": as_of,
            "deadline": deadline,
            "scope": campaign.scope,
            "parent": parent.pk if parent else None,
        },
    )
    return campaign


@transaction.atomic
def campaign_open(*, actor: Any, campaign: Campaign) -> Campaign:
    """Send the campaign: one submission for each unit in its scope as the tree stood on the cut-off date, each
    pre-filled from the unit's records — at once for up to CAMPAIGN_PREFILL_INLINE units, else by a background task
    queued on commit (`campaign_prefill`), whose progress the board shows; a submission not yet pre-filled cannot be
    changed or sent."""
    from lienhiep.campaigns import tasks

    require_campaign(actor, campaign, CampaignAccess.MANAGE)
    before = _move_campaign(campaign, CampaignStatus.OPEN)
    campaign.save(update_fields=["status", "updated_at"])
    spells = selectors.scope_spells(campaign.org, on=campaign.as_of, kinds=campaign.scope.get("kinds", []))
    if not spells:
        raise ValidationError(_("No unit stood under this union on the cut-off date."), code="empty_scope")
    submissions = Submission.objects.bulk_create(
        [Submission(campaign=campaign, org=spell.org, due=campaign.deadline) for spell in spells]
    )
    _campaign_event(campaign, actor, CampaignEventKind.OPEN, before=before, units=len(submissions))
    if len(submissions) <= settings.CAMPAIGN_PREFILL_INLINE:
        _prefill_many(campaign, submissions, actor)
    else:
        actor_id = getattr(actor, "pk", None)
        transaction.on_commit(lambda: tasks.campaign_prefill.enqueue(campaign.pk, actor_id))
    return campaign


@transaction.atomic
def campaign_open_new(*, actor: Any, **values: Any) -> Campaign:
    """A new campaign, created (`campaign_create`, with `values`) and opened (`campaign_open`) in one transaction:
    if it cannot be opened (no unit stood under the union on the cut-off date), no draft is left behind, nothing
    was asked of anyone, and the refusal is the opening's."""
    campaign = campaign_create(actor=actor, **values)
    return campaign_open(actor=actor, campaign=campaign)


@transaction.atomic
def campaign_prefill_queue(*, actor: Any, campaign: Campaign) -> Campaign:
    """Queue the background pre-fill again, for the submissions it has not filled (its worker was stopped): the
    board offers it once the pre-fill has shown no progress for IMPORT_STALE_AFTER seconds."""
    from lienhiep.campaigns import tasks

    require_campaign(actor, campaign, CampaignAccess.MANAGE)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is not open."), code="not_open")
    if not campaign.submissions.filter(prefilled_at__isnull=True).exists():
        raise ValidationError(_("Every submission is pre-filled already."), code="prefilled")
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: tasks.campaign_prefill.enqueue(campaign.pk, actor_id))
    return campaign


# Submissions written (and their progress committed) together by the background pre-fill.
PREFILL_CHUNK = 50


def campaign_prefill(*, campaign_id: int, actor_id: int | None) -> int:
    """The background task's work (`campaign_open`): count every figure of the form over all the campaign's units
    not yet pre-filled, one grouped read per figure (`registry.compute_each`), then write them PREFILL_CHUNK at a
    time, each chunk committed so that the board's progress bar moves. Run twice, it fills only what is left.
    Returns how many it filled."""
    from django.contrib.auth import get_user_model

    campaign = Campaign.objects.select_related("org").get(pk=campaign_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    waiting = list(campaign.submissions.filter(prefilled_at__isnull=True).select_related("org").order_by("id"))
    if campaign.status != CampaignStatus.OPEN or not waiting:
        return 0
    computed = selectors.computed_figures_each(campaign, [submission.org for submission in waiting])
    for first in range(0, len(waiting), PREFILL_CHUNK):
        with transaction.atomic():
            _prefill_many(campaign, waiting[first : first + PREFILL_CHUNK], actor, computed=computed)
    return len(waiting)


def _campaign_move(actor: Any, campaign: Campaign, to: str, kind: str, **data: Any) -> Campaign:
    require_campaign(actor, campaign, CampaignAccess.MANAGE)
    before = _move_campaign(campaign, to)
    campaign.save(update_fields=["status", "updated_at"])
    _campaign_event(campaign, actor, kind, before=before, after=to, **data)
    return campaign


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign) -> Campaign:
    """No more submissions: what came in can still be reviewed."""
    return _campaign_move(actor, campaign, CampaignStatus.CLOSED, CampaignEventKind.CLOSE)


@transaction.atomic
def campaign_reopen(*, actor: Any, campaign: Campaign) -> Campaign:
    return _campaign_move(actor, campaign, CampaignStatus.OPEN, CampaignEventKind.REOPEN)


@transaction.atomic
def campaign_cancel(*, actor: Any, campaign: Campaign, reason: str) -> Campaign:
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError(_("Say why."))
    return _campaign_move(actor, campaign, CampaignStatus.CANCELLED, CampaignEventKind.CANCEL, reason=reason)


@transaction.atomic
def campaign_lock(*, actor: Any, campaign: Campaign) -> Campaign:
    """Lock a closed campaign: every accepted submission is locked with it, and nothing can change afterwards."""
    _campaign_move(actor, campaign, CampaignStatus.LOCKED, CampaignEventKind.LOCK)
    for submission in campaign.submissions.filter(status=SubmissionStatus.ACCEPTED).select_related("org"):
        _move(submission, SubmissionStatus.LOCKED)
        submission.save(update_fields=["status", "updated_at"])
        _submission_event(submission, actor, SubmissionEventKind.LOCK, before=SubmissionStatus.ACCEPTED)
    return campaign


@transaction.atomic
def campaign_open_child(
    *, actor: Any, submission: Submission, lead_days: int = CHILD_LEAD_DAYS, title: str = ""
) -> Campaign:
    """A union in a campaign's scope asks its own units for the same form, its deadline `lead_days` earlier than
    its own (REPORTING.md §5.6, 2: the cascade)."""
    parent = submission.campaign
    if submission.org.kind not in selectors.UNION_KINDS:
        raise ValidationError(_("Only a union opens a campaign for its own units."), code="not_union")
    if parent.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is not open."), code="not_open")
    if Campaign.objects.filter(parent=parent, org=submission.org).exclude(status=CampaignStatus.CANCELLED).exists():
        raise ValidationError(_("This union has already opened its campaign."), code="child_exists")
    if lead_days < 0:
        raise ValidationError(_("The lead time cannot be negative."))
    child = campaign_create(
        actor=actor,
        org=submission.org,
        kind=parent.kind,
        title=nfc(title).strip() or parent.title,
        period_start=parent.period_start,
        period_end=parent.period_end,
        as_of=parent.as_of,
        deadline=submission.due - dt.timedelta(days=lead_days),
        form=parent.form,
        instructions=parent.instructions,
        estimates_allowed=parent.estimates_allowed,
        reminders=parent.reminders,
        parent=parent,
    )
    campaign_open(actor=actor, campaign=child)
    _submission_event(submission, actor, SubmissionEventKind.CHILD, campaign=child.pk, deadline=child.deadline)
    return child


# --- Submissions ------------------------------------------------------------------------------------------


def computed_figures(submission: Submission) -> dict[str, Any]:
    """{slot: the value the unit's records give} for the campaign's figures, over the unit's subtree; None for a
    figure that cannot be counted for it."""
    return selectors.computed_figures_each(submission.campaign, [submission.org])[submission.org_id]


def _prefilled(submission: Submission, computed: dict[str, Any]) -> None:
    """The submission's figures with the records' values (a value typed with a reason stays as typed)."""
    figures = {}
    for name, value in computed.items():
        entry = dict(submission.figures.get(name) or {})
        typed = entry.get("reason") or (entry.get("value") not in (None, entry.get("computed")))
        entry["computed"] = value
        if not typed:
            entry["value"] = value
        entry.setdefault("reason", "")
        entry.setdefault("estimate", False)
        figures[name] = entry
    submission.figures = figures
    submission.prefilled_at = timezone.now()


def _prefill(submission: Submission, actor: Any) -> None:
    computed = computed_figures(submission)
    _prefilled(submission, computed)
    submission.save(update_fields=["figures", "prefilled_at", "updated_at"])
    _submission_event(submission, actor, SubmissionEventKind.PREFILL, computed=computed)


def _prefill_many(
    campaign: Campaign,
    submissions: list[Submission],
    actor: Any,
    *,
    computed: dict[int, dict[str, Any]] | None = None,
) -> None:
    """Pre-fill `submissions` of `campaign` (counted together unless `computed` is given): one UPDATE for each set of
    figures they share, one INSERT of their events for them all."""
    computed = computed or selectors.computed_figures_each(campaign, [submission.org for submission in submissions])
    now = timezone.now()
    # One UPDATE for each set of figures the units share (a bulk_update of 300 rows, a CASE of 300 JSON values,
    # took 2.7 s on PostgreSQL); at most one a unit.
    alike: dict[str, tuple[dict[str, Any], list[int]]] = {}
    for submission in submissions:
        _prefilled(submission, computed[submission.org_id])
        submission.prefilled_at = submission.updated_at = now
        key = json.dumps(submission.figures, sort_keys=True)
        alike.setdefault(key, (submission.figures, []))[1].append(submission.pk)
    for figures, ids in alike.values():
        Submission.objects.filter(pk__in=ids).update(figures=figures, prefilled_at=now, updated_at=now)
    SubmissionEvent.record_many_of(
        ((submission, {"computed": computed[submission.org_id]}) for submission in submissions),
        actor=actor,
        kind=SubmissionEventKind.PREFILL,
    )


@transaction.atomic
def submission_prefill(*, actor: Any, submission: Submission) -> Submission:
    """Count the figures from the unit's records again (what was recorded since): values the unit typed with a
    reason stay as typed."""
    require_submission(actor, submission, SubmissionAccess.FILL)
    _check_fillable(submission, counted=False)
    _prefill(submission, actor)
    return submission


def _check_fillable(submission: Submission, *, counted: bool = True) -> None:
    """Refuse a change unless the campaign is open and the submission fillable and (`counted`) pre-filled."""
    if submission.campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is not open."), code="not_open")
    if counted and submission.prefilled_at is None:
        raise ValidationError(
            _("The figures are still being counted from the records; try again in a moment."), code="not_prefilled"
        )
    if submission.status not in FILLABLE:
        raise ValidationError(
            _("A submission that is “%(status)s” cannot be changed.")
            % {"status": SubmissionStatus(submission.status).label},
            code="not_fillable",
        )


def _number(value: Any) -> int | str | None:
    """A typed figure as plain JSON (a whole number, or exact text of a decimal); None when left empty."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValidationError(_("%(value)s is not a number.") % {"value": value}, code="not_number") from None
    if not number.is_finite() or number < 0:
        raise ValidationError(_("A figure is a number not below zero."), code="negative")
    result: int | str = jsonable(number)
    return result


def estimates_open(campaign: Campaign, *, on: dt.date | None = None) -> bool:
    """Whether a figure may be marked "ước" (an estimate to the period's end): the campaign allows it and the
    period has not ended."""
    return campaign.estimates_allowed and (on or timezone.localdate()) <= campaign.period_end


@transaction.atomic
def submission_save(
    *,
    actor: Any,
    submission: Submission,
    figures: dict[str, dict[str, Any]],
    narratives: dict[str, str],
) -> Submission:
    """Save what the unit typed: `figures` {slot: {"value", "reason", "estimate"}}, `narratives` {section: text}. A
    value that differs from a counted one (not zero) needs a reason; where the records count nothing the typed value
    stands as given. A returned submission goes back to being filled."""
    require_submission(actor, submission, SubmissionAccess.FILL)
    _check_fillable(submission)
    campaign = submission.campaign
    estimates = estimates_open(campaign)
    stored = {name: dict(entry) for name, entry in submission.figures.items()}
    errors: dict[str, list[str]] = {}
    changed: dict[str, Any] = {}
    for name, typed in figures.items():
        if name not in stored:
            continue
        entry = stored[name]
        try:
            value = _number(typed.get("value"))
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
            continue
        reason = nfc(str(typed.get("reason") or "")).strip()[:REASON_LENGTH]
        computed = entry.get("computed")
        if computed not in (None, 0) and value != computed and not reason:
            errors.setdefault(name, []).append(_("Say why this figure differs from the records."))
            continue
        estimate = bool(typed.get("estimate"))
        if estimate and not estimates:
            errors.setdefault(name, []).append(_("This campaign takes no estimates now."))
            continue
        new = {**entry, "value": value, "reason": reason if value != computed else "", "estimate": estimate}
        if new != entry:
            changed[name] = {"before": entry.get("value"), "after": value, "reason": new["reason"]}
        stored[name] = new
    if errors:
        raise ValidationError(errors)
    sections = {section["key"] for section in campaign.form.get("sections", [])}
    texts = {**submission.narratives}
    for key, text in narratives.items():
        if key in sections:
            texts[key] = nfc(text or "").strip()
    written = sorted(key for key in texts if texts[key] != submission.narratives.get(key))
    if submission.status != SubmissionStatus.DRAFT:
        _move(submission, SubmissionStatus.DRAFT)
    submission.figures, submission.narratives = stored, texts
    submission.save(update_fields=["figures", "narratives", "status", "updated_at"])
    _submission_event(submission, actor, SubmissionEventKind.SAVE, figures=changed, narratives=written)
    return submission


def child_campaign(submission: Submission) -> Campaign | None:
    """The campaign the submission's union opened for its own units in answer to this one, if any."""
    return (
        Campaign.objects.filter(parent=submission.campaign, org=submission.org)
        .exclude(status=CampaignStatus.CANCELLED)
        .first()
    )


@transaction.atomic
def submission_roll_up(*, actor: Any, submission: Submission) -> Submission:
    """A union that asked its own units (`campaign_open_child`) fills its figures with what they gave: each number
    the sum of the child campaign's accepted submissions, and, where that differs from its records, the reason
    written for it ("Tổng hợp từ 3/4 báo cáo…"); saved as the unit would save it (`submission_save`), its narratives
    untouched."""
    child = child_campaign(submission)
    if child is None:
        raise ValidationError(_("This union has not asked its own units in this campaign."), code="no_child")
    sums = rollup.child_sums(child)
    if not any(total.given for total in sums.values()):
        raise ValidationError(_("No submission of your units has been accepted yet."), code="nothing_taken")
    figures = {}
    for name, total in sums.items():
        entry = submission.figures.get(name)
        if entry is None or not total.given:
            continue
        reason = _("Sum of %(given)s of the %(asked)s reports accepted in “%(title)s”") % {
            "given": total.given,
            "asked": total.asked,
            "title": child.title,
        }
        figures[name] = {"value": total.value, "reason": reason, "estimate": entry.get("estimate", False)}
    return submission_save(actor=actor, submission=submission, figures=figures, narratives={})


def plausibility_warnings(submission: Submission) -> list[str]:
    """The plausibility rules' warnings on the submission's figures (REPORTING.md §5.6, 5: warn-only, with the
    ceilings of the unit's union): the activities' rules (`activities.selectors.plausibility_warnings`) read the
    sums of one kind of activity the form asks for — gifts and their value, participants and the count of that
    kind as its classes, money and recipients — as an activity's own figures."""
    by_kind: dict[str, dict[str, Any]] = {}
    for item in submission.campaign.form.get("figures", []):
        params = item.get("params") or {}
        value = (submission.figures.get(slot(item["key"], params)) or {}).get("value")
        kind = str(params.get("kind", ""))
        if value is None or not kind:
            continue
        if item["key"] == "activities.sum" and params.get("figure"):
            by_kind.setdefault(kind, {"kind": kind})[str(params["figure"])] = value
        elif item["key"] == "activities.count":
            by_kind.setdefault(kind, {"kind": kind})["classes"] = value
    if not by_kind:
        return []
    limits = activity_selectors.plausibility_limits(submission.org)  # read once, for every kind
    return [
        warning
        for values in by_kind.values()
        for warning in activity_selectors.plausibility_warnings(values, limits=limits)
    ]


@transaction.atomic
def submission_submit(*, actor: Any, submission: Submission, at: dt.datetime | None = None) -> list[str]:
    """Send the submission to the requester (again, after a return: the next version). Every figure needs a value;
    the plausibility rules warn and never refuse. Returns their warnings. `at`: when it came in, for a report
    received on paper and typed in afterwards (never after now); now by default."""
    require_submission(actor, submission, SubmissionAccess.FILL)
    _check_fillable(submission)
    missing = [name for name, entry in submission.figures.items() if entry.get("value") is None]
    if missing:
        labels = [str(registry.spec(name.split("|")[0]).label) for name in missing]
        raise ValidationError(
            _("Give every figure a value (0 if there is none): %(names)s.") % {"names": ", ".join(labels)},
            code="missing",
        )
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError(_("A report cannot come in after now."), code="ahead")
    now = at or now
    before = _move(submission, SubmissionStatus.SUBMITTED)
    submission.submitted_at, submission.submitted_by = now, actor
    submission.first_submitted_at = submission.first_submitted_at or now
    submission.version += 1
    submission.returned_comment = ""
    # Named fields only: the reminders' count moves beside this in memory (`reminders.sent`).
    submission.save(
        update_fields=[
            "status", "submitted_at", "submitted_by", "first_submitted_at", "version", "returned_comment", "updated_at",
        ]
    )  # fmt: skip
    warnings = plausibility_warnings(submission)
    _submission_event(
        submission,
        actor,
        SubmissionEventKind.SUBMIT,
        before=before,
        version=submission.version,
        late_days=submission.days_late(now=now),
        warnings=warnings,
    )
    return warnings


def _review(submission: Submission, actor: Any) -> None:
    require_submission(actor, submission, SubmissionAccess.REVIEW)
    if submission.campaign.status not in (CampaignStatus.OPEN, CampaignStatus.CLOSED):
        raise ValidationError(_("The campaign is not open."), code="not_open")


@transaction.atomic
def submission_return(*, actor: Any, submission: Submission, comment: str) -> Submission:
    """Send the submission back to the unit for correction, with what to correct."""
    _review(submission, actor)
    comment = nfc(comment).strip()
    if not comment:
        raise ValidationError(_("Say what to correct."), code="no_comment")
    fields = {"returned_comment": comment, "accepted_at": None}
    return _moved(actor, submission, SubmissionStatus.RETURNED, SubmissionEventKind.RETURN, fields, comment=comment)


@transaction.atomic
def submission_accept(*, actor: Any, submission: Submission) -> Submission:
    """Accept the submission: its values are the unit's answer (the roll-up reads accepted ones)."""
    _review(submission, actor)
    fields = {"accepted_at": timezone.now()}
    kind, version = SubmissionEventKind.ACCEPT, submission.version
    return _moved(actor, submission, SubmissionStatus.ACCEPTED, kind, fields, version=version)


@transaction.atomic
def submission_lock(*, actor: Any, submission: Submission) -> Submission:
    _review(submission, actor)
    return _moved(actor, submission, SubmissionStatus.LOCKED, SubmissionEventKind.LOCK, {})


@transaction.atomic
def submission_exempt(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """Excuse the unit from this campaign (it is then neither late nor reminded), saying why."""
    _review(submission, actor)
    reason = nfc(reason).strip()[:REASON_LENGTH]
    if not reason:
        raise ValidationError(_("Say why."), code="no_reason")
    fields = {"exempt_reason": reason}
    return _moved(actor, submission, SubmissionStatus.EXEMPT, SubmissionEventKind.EXEMPT, fields, reason=reason)


@transaction.atomic
def submission_unexempt(*, actor: Any, submission: Submission) -> Submission:
    _review(submission, actor)
    return _moved(actor, submission, SubmissionStatus.PENDING, SubmissionEventKind.UNEXEMPT, {"exempt_reason": ""})


@transaction.atomic
def submission_extend(*, actor: Any, submission: Submission, due: dt.datetime, reason: str) -> Extension:
    """Give one unit a later deadline, saying why (an `Extension` row and an event)."""
    _review(submission, actor)
    reason = nfc(reason).strip()[:REASON_LENGTH]
    if not reason:
        raise ValidationError(_("Say why."), code="no_reason")
    if submission.status not in FILLABLE:
        raise ValidationError(_("Only a unit that still owes its submission gets more time."), code="not_owed")
    if due <= submission.due:
        raise ValidationError(_("The new deadline must come after the present one."), code="not_later")
    extension = Extension(submission=submission, due_before=submission.due, due=due, reason=reason, granted_by=actor)
    extension.full_clean()
    extension.save()
    before = submission.due
    submission.due = due
    submission.save(update_fields=["due", "updated_at"])
    _submission_event(submission, actor, SubmissionEventKind.EXTEND, before=before, after=due, reason=reason)
    return extension


# --- Attachments ------------------------------------------------------------------------------------------

ATTACHMENT_DIR = "campaigns"
MAX_ATTACHMENT_BYTES = 20 * 2**20


def submission_attach(*, actor: Any, submission: Submission, item: str, upload: File) -> Attachment:
    """Keep a file the campaign asks for (`item`, one of its form's attachments): checked by its content and
    screened, and stored before the transaction opens (`core.services.uploads_stored`)."""
    require_submission(actor, submission, SubmissionAccess.FILL)
    _check_fillable(submission)
    asked = {entry["key"]: entry["title"] for entry in submission.campaign.form.get("attachments", [])}
    if item not in asked:
        raise ValidationError(_("Choose what the file is."), code="unknown_item")
    folder = f"{ATTACHMENT_DIR}/{submission.campaign_id}"
    with (
        core_services.uploads_stored([upload], folder=folder, max_bytes=MAX_ATTACHMENT_BYTES) as (stored,),
        transaction.atomic(),
    ):
        checked = stored.checked
        attachment = Attachment.objects.create(
            submission=submission,
            item=item,
            name=checked.name,
            stored=stored.stored_name,
            content_type=checked.content_type,
            size=len(checked.content),
            uploaded_by=actor,
        )
        _submission_event(submission, actor, SubmissionEventKind.ATTACH, item=item, file=checked.name)
    return attachment
