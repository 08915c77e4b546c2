"""Who may open each dossier page (tests/test_access.py): alice (officer of Hà Tĩnh) may all; lan (leader) reads;
dan (Bắc Ninh) gets 404."""

import datetime as dt

from lienhiep.core.access_cases import EDIT, MANAGE, Case
from lienhiep.reviews.tests.draft_access_cases import CASES as DRAFT_CASES

D = dt.date


def _dossier(world):
    from lienhiep.reviews.tests.factories import dossier

    return dossier(world.root, world.hong_linh)


def _cost(world):
    from lienhiep.reviews.tests.factories import cost

    return cost(world.root, _dossier(world))


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
    "reviews:new": Case(
        methods={"GET": EDIT, "POST": EDIT},
        query=lambda world: {"org": world.hong_linh.pk},
        data=lambda world: {"org": world.hong_linh.pk, **DOSSIER_FORM},
        changed=_registered,
    ),
    "reviews:profile": Case(
        methods={"GET": MANAGE, "POST": MANAGE},
        query=lambda world: {"org": world.ha_tinh.pk},
        data=lambda world: {"org": world.ha_tinh.pk, "scope": "provincial", "days_received": "3"},
        changed=_profile,
    ),
    "reviews:plan": Case(
        methods={"GET": EDIT, "POST": EDIT},
        query=lambda world: {"org": world.hong_linh.pk},
        data=lambda world: {"org": world.hong_linh.pk, "year": "2026", "topics": "2"},
        changed=_plan,
    ),
    "reviews:detail": Case(kwargs=lambda world: {"pk": _dossier(world).pk}),
    "reviews:edit": Case(
        kwargs=lambda world: {"pk": _dossier(world).pk},
        methods={"GET": EDIT, "POST": EDIT},
        data=lambda world: {**DOSSIER_FORM, "title": "Đề án", "request_number": "216/UBND"},
        changed=_corrected,
    ),
    "reviews:move": Case(
        kwargs=lambda world: {"pk": _dossier(world).pk},
        methods={"POST": EDIT},
        data=lambda world: {"to": "checking", "checking-to": "checking", "checking-on": "03/03/2026"},
        changed=_moved,
    ),
    "reviews:cost_add": Case(
        kwargs=lambda world: {"pk": _dossier(world).pk},
        methods={"POST": EDIT},
        data=lambda world: {"item": "workshop", "planned": "3000000"},
        changed=_cost_added,
    ),
    "reviews:cost_pay": Case(
        kwargs=lambda world: {"pk": _cost(world).pk},
        methods={"POST": EDIT},
        data=lambda world: {"paid": "5000000", "paid_on": "20/03/2026"},
        changed=_paid,
    ),
    # Drafts, comments and the opinion (draft15).
    **DRAFT_CASES,
}
