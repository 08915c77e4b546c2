"""Who may open each dossier page (tests/test_access.py): alice (officer of Hà Tĩnh) may all; lan (leader) reads;
dan (Bắc Ninh) gets 404."""

import datetime as dt

from lienhiep.core.access_cases import EDIT, MANAGE, Case, created_on, form_on, pk_of, posted_on
from lienhiep.reviews.tests.draft_access_cases import CASES as DRAFT_CASES

D = dt.date


def _dossier(world):
    from lienhiep.reviews.tests.factories import dossier

    return dossier(world.root, world.hong_linh)


def _cost(world):
    from lienhiep.reviews.tests.factories import cost

    return cost(world.root, _dossier(world))


def _accepted(world):
    from lienhiep.reviews import services

    dossier = _dossier(world)
    services.dossier_move(actor=world.root, dossier=dossier, to="checking", on=D(2026, 3, 3))
    services.dossier_move(
        actor=world.root,
        dossier=dossier,
        to="accepted",
        on=D(2026, 3, 4),
        reply_number="1/LHH",
        reply_date=D(2026, 3, 4),
    )
    return dossier


def _expert(world, name="Nguyễn Thị Hoa"):
    from lienhiep.experts import services

    return services.expert_create(actor=world.root, org=world.ha_tinh, full_name=name, workplace="Trường Đại học")


def _assignment(world):
    from lienhiep.reviews import services

    return services.dossier_assign_expert(actor=world.root, dossier=_accepted(world), expert=_expert(world))


def _ering(world):
    """An assignment of erin (the expert persona: no role) to a dossier of Hồng Lĩnh: her account is granted it."""
    from lienhiep.experts.models import Expert
    from lienhiep.reviews import services

    expert = _expert(world, "Erin Trần")
    Expert.objects.filter(pk=expert.pk).update(user=world.erin)
    expert.refresh_from_db()
    return services.dossier_assign_expert(actor=world.root, dossier=_accepted(world), expert=expert)


def _expert_added(world, client):
    from lienhiep.reviews.models import DossierExpert

    return DossierExpert.objects.filter(expert__full_name="Trần Văn Bình").exists()


def _expert_removed(world, client):
    from lienhiep.reviews.models import DossierExpert

    return DossierExpert.objects.filter(removed_on__isnull=False).exists()


def _end_changed(world, client):
    from lienhiep.reviews.models import DossierExpert

    return DossierExpert.objects.filter(ends_on=dt.date(2099, 12, 31)).exists()


def _declared(world, client):
    from lienhiep.reviews.models import DossierExpert

    return DossierExpert.objects.filter(declaration="Không có quan hệ").exists()


def _registered(world, client):
    from lienhiep.reviews.models import Dossier

    return Dossier.objects.filter(org=world.hong_linh, title="Kế hoạch phát triển nông nghiệp").exists()


def _corrected(world, client):
    from lienhiep.reviews.models import Dossier

    return Dossier.objects.filter(request_number="216/UBND").exists()


def _moved(world, client):
    from lienhiep.reviews.models import Dossier

    return Dossier.objects.filter(status="checking").exists()


def _cost_added(world, client):
    from lienhiep.reviews.models import CostLine

    return CostLine.objects.filter(item="workshop").exists()


def _paid(world, client):
    from lienhiep.reviews.models import CostLine

    return CostLine.objects.filter(spending__isnull=False).exists()


def _profile(world, client):
    from lienhiep.reviews.models import RegulationProfile

    return RegulationProfile.objects.filter(org=world.ha_tinh).exists()


def _plan(world, client):
    from lienhiep.reviews.models import ReviewPlan

    return ReviewPlan.objects.filter(org=world.hong_linh, topics=2).exists()


DOSSIER_FORM = {
    "kind": "consult", "origin": "requested", "title": "Kế hoạch phát triển nông nghiệp",
    "requester_type": "peoples_committee", "requester_name": "UBND thị xã Hồng Lĩnh", "subject_type": "plan",
    "received_on": "02/03/2026",
}  # fmt: skip

CASES = {
    "reviews:list": Case(scoped=False),
    "reviews:export": Case(scoped=False),
    "reviews:new": created_on(
        "hong_linh",
        EDIT,
        DOSSIER_FORM,
        changed=_registered,
    ),
    "reviews:profile": created_on(
        "ha_tinh",
        MANAGE,
        {"scope": "provincial", "days_received": "3"},
        changed=_profile,
    ),
    "reviews:plan": created_on(
        "hong_linh",
        EDIT,
        {"year": "2026", "topics": "2"},
        changed=_plan,
    ),
    "reviews:detail": Case(kwargs=pk_of(_dossier), expert=lambda world: {"pk": _ering(world).dossier_id}),
    "reviews:edit": form_on(
        pk_of(_dossier),
        EDIT,
        data=lambda world: {**DOSSIER_FORM, "title": "Đề án", "request_number": "216/UBND"},
        changed=_corrected,
    ),
    "reviews:move": posted_on(
        pk_of(_dossier),
        EDIT,
        data=lambda world: {"to": "checking", "checking-to": "checking", "checking-on": "03/03/2026"},
        changed=_moved,
    ),
    "reviews:cost_add": posted_on(
        pk_of(_dossier), EDIT, data=lambda world: {"item": "workshop", "planned": "3000000"}, changed=_cost_added
    ),
    "reviews:cost_pay": posted_on(
        pk_of(_cost), EDIT, data=lambda world: {"paid": "5000000", "paid_on": "20/03/2026"}, changed=_paid
    ),
    "reviews:expert_add": posted_on(
        pk_of(_accepted),
        EDIT,
        data=lambda world: {"expert": _expert(world, "Trần Văn Bình").pk, "declared_link": "none"},
        changed=_expert_added,
    ),
    "reviews:expert_remove": posted_on(
        pk_of(_assignment), EDIT, data=lambda world: {"reason": "Bận công tác"}, changed=_expert_removed
    ),
    "reviews:expert_end": posted_on(
        pk_of(_assignment), EDIT, data=lambda world: {"ends": "31/12/2099"}, changed=_end_changed
    ),
    "reviews:declare": form_on(
        pk_of(_assignment),
        EDIT,
        expert=pk_of(_ering),
        data=lambda world: {"declared_link": "none", "declaration": "Không có quan hệ"},
        changed=_declared,
    ),
    # Drafts, comments and the opinion (draft15).
    **DRAFT_CASES,
}
