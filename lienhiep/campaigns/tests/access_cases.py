"""Who may open each campaign page (tests/test_access.py): alice (officer of Hà Tĩnh) may all; lan (leader) reads;
dan (Bắc Ninh) gets 404."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from lienhiep.core.access_cases import EDIT, MANAGE, VIEW, Case, created_on, form_on, pk_of, posted_on

D = dt.date


def _campaign(world):
    from lienhiep.campaigns.tests.factories import half_year

    return half_year(world.root, world.ha_tinh)


def _submission(world, unit="lawyers_ht"):
    return _campaign(world).submissions.get(org=getattr(world, unit))


def _attached(world):
    from lienhiep.campaigns import services

    submission = _submission(world)
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao\n%%EOF\n", content_type="application/pdf")
    return {"pk": services.submission_attach(actor=world.root, submission=submission, item="report", upload=pdf).pk}


def _campaign_status(value):
    def changed(world, client):
        from lienhiep.campaigns.models import Campaign

        return Campaign.objects.filter(org=world.ha_tinh, status=value).exists()

    return changed


def _submission_status(value):
    def changed(world, client):
        from lienhiep.campaigns.models import Submission

        return Submission.objects.filter(org=world.lawyers_ht, status=value).exists()

    return changed


def _opened(world, client):
    from lienhiep.campaigns.models import Campaign

    return Campaign.objects.filter(org=world.ha_tinh, title="Báo cáo quý").exists()


def _child(world, client):
    from lienhiep.campaigns.models import Campaign

    return Campaign.objects.filter(org=world.hong_linh, parent__isnull=False).exists()


def _asked_own_units(world):
    """Hồng Lĩnh's submission, its union having asked its own units and accepted one of their reports."""
    from lienhiep.campaigns import services

    submission = _submission(world, "hong_linh")
    child = services.campaign_open_child(actor=world.root, submission=submission)
    given = child.submissions.order_by("id").first()
    services.submission_submit(actor=world.root, submission=given)
    services.submission_accept(actor=world.root, submission=given)
    return {"pk": submission.pk}


def _rolled_up(world, client):
    from lienhiep.campaigns.models import SubmissionEvent

    return SubmissionEvent.objects.filter(
        submission__org=world.hong_linh, submission__campaign__parent__isnull=True, kind="save"
    ).exists()


def _attachment(world, client):
    from lienhiep.campaigns.models import Attachment

    return Attachment.objects.filter(name="bao-cao.pdf").exists()


def _sourced_block(world):
    """A text block of the town's 2023 report (reporting's access cases), and the town's H1 2023 campaign it may take
    its figures from. Here, not in reporting's cases: reporting never imports campaigns."""
    from lienhiep.campaigns.tests.factories import half_year
    from lienhiep.reporting.tests.access_cases import _block

    half_year(world.alice, world.hong_linh, year=2023)
    return _block(world)


def _source_data(world):
    from lienhiep.campaigns.models import Campaign

    return {"campaign": str(Campaign.objects.filter(org=world.hong_linh).order_by("-pk")[0].pk), "section": ""}


def _block_sourced(world, client):
    from lienhiep.reporting.models import Block

    return Block.objects.filter(content__campaign__isnull=False).exists()


CASES = {
    "campaigns:list": Case(scoped=False),
    "campaigns:new": created_on(
        "ha_tinh",
        MANAGE,
        {
            "kind": "custom",
            "title": "Báo cáo quý",
            "period_start": "01/01/2026",
            "period_end": "31/03/2026",
            "as_of": "31/03/2026",
            "deadline": "10/04/2026",
            "deadline_time": "17:00",
            "kinds": ["association", "district"],
            "figures": ["members.count"],
            "sections": "Hoạt động\n- Kết quả?",
            "attachments": "Báo cáo có dấu",
        },  # fmt: skip
        changed=_opened,
    ),
    "campaigns:detail": Case(kwargs=pk_of(_campaign)),
    "campaigns:export": Case(kwargs=pk_of(_campaign)),
    "campaigns:move": posted_on(
        pk_of(_campaign), MANAGE, data=lambda world: {"action": "close"}, changed=_campaign_status("closed")
    ),
    "campaigns:submission": Case(
        kwargs=pk_of(_submission),
        methods={"GET": VIEW, "POST": EDIT},
        data=lambda world: {"v0": "0", "v1": "0", "n_training": "Tổ chức 2 lớp tập huấn.", "save": "1"},
        changed=_submission_status("draft"),
    ),
    "campaigns:review": posted_on(
        pk_of(_submission),
        MANAGE,
        data=lambda world: {"action": "exempt", "comment": "Hội tạm ngừng hoạt động"},
        changed=_submission_status("exempt"),
    ),
    "campaigns:child": posted_on(
        lambda world: {"pk": _submission(world, "hong_linh").pk},
        MANAGE,
        data=lambda world: {"lead_days": "5"},
        changed=_child,
    ),
    "campaigns:roll_up": posted_on(_asked_own_units, EDIT, changed=_rolled_up),
    "campaigns:attach": posted_on(
        pk_of(_submission),
        EDIT,
        data=lambda world: {
            "item": "report",
            "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao\n%%EOF\n", content_type="application/pdf"),
        },
        changed=_attachment,
    ),
    "campaigns:file": Case(kwargs=_attached),
    # The pre-fill's progress bar: read like the board.
    "campaigns:prefill": Case(kwargs=pk_of(_campaign)),
    # Read like the campaign's board: whoever sees the requester; a unit in scope 403, anyone else 404.
    "campaigns:reconciliation": Case(kwargs=pk_of(_campaign)),
    "campaigns:reconciliation_export": Case(kwargs=pk_of(_campaign)),
    # The source of a report block's figures: the records, or one of the unit's campaigns over the report's period.
    "reporting:block_source": form_on(_sourced_block, EDIT, data=_source_data, changed=_block_sourced),
}
