"""The access functions of every app, called directly: for each of the personas, what it answers (the object, 403
or 404) and how many queries it takes to answer, exactly. The access matrix (test_access.py) holds the statuses
through the views; this holds the queries too, so that the shared mechanism the functions are written with
(`core.permissions`: `get_or_404`, `require`, `get_for_user`; `orgs.permissions.get_held_for_user`) costs what
the hand-written steps cost (measured on them before they were replaced, session 14), and a change to it that adds
a query per request fails here.

Each call starts from a user read afresh (the roles a request reads once are then read in the count, as on the
first access check of a request), in a process that has made the same call before (content types, which a process
reads once, are not counted)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from lienhiep.orgs.permissions import Access

PERSONAS = ("alice", "lan", "bob", "dan", "erin")


def _gov(world: Any) -> Any:
    from lienhiep.governance.tests.access_cases import gov

    return gov(world)


def _case(app: str, name: str, **options: Any) -> Any:
    """The object an app's access cases make (`<app>/tests/access_cases.py`), as its id."""

    def make(world: Any) -> int:
        made = getattr(importlib.import_module(f"lienhiep.{app}.tests.access_cases"), name)(world, **options)
        return made["pk"] if isinstance(made, dict) else made.pk

    return make


# name: (the object's id, the access function, what it is asked for).
CALLS: dict[str, tuple[Any, str, dict[str, Any]]] = {
    "org view": (lambda w: w.hong_linh.pk, "orgs.permissions.get_org_for_user", {}),
    "org edit": (lambda w: w.trung_luong.pk, "orgs.permissions.get_org_for_user", {"need": Access.EDIT}),
    "role": (lambda w: w.bob_role.pk, "orgs.permissions.get_role_for_user", {}),
    "person": (lambda w: w.person.pk, "members.permissions.get_person_for_user", {}),
    "membership": (lambda w: w.membership.pk, "members.permissions.get_membership_for_user", {}),
    "consent": (lambda w: w.consent.pk, "members.permissions.get_consent_for_user", {}),
    "activity": (
        _case("activities", "_activity"),
        "activities.permissions.get_activity_for_user",
        {"need": Access.EDIT},
    ),
    "activity file": (_case("activities", "_file_pk"), "activities.permissions.get_file_for_user", {}),
    "congress": (lambda w: _gov(w).congress.pk, "governance.permissions.get_congress_for_user", {}),
    "seat": (lambda w: _gov(w).seat.pk, "governance.permissions.get_seat_for_user", {"need": Access.EDIT}),
    "campaign view": (_case("campaigns", "_campaign"), "campaigns.permissions.get_campaign_for_user", {}),
    "campaign manage": (
        _case("campaigns", "_campaign"),
        "campaigns.permissions.get_campaign_for_user",
        {"need": "manage"},
    ),
    "submission fill": (
        _case("campaigns", "_submission"),
        "campaigns.permissions.get_submission_for_user",
        {"need": "fill"},
    ),
    "edition view": (_case("contests", "_edition"), "contests.permissions.get_edition_for_user", {}),
    "edition edit": (_case("contests", "_edition"), "contests.permissions.get_edition_for_user", {"need": Access.EDIT}),
    "entry": (_case("contests", "_entry"), "contests.permissions.get_entry_for_user", {}),
    "report draft": (_case("reporting", "ui_report"), "reporting.permissions.get_report_for_user", {}),
    "report issued": (
        _case("reporting", "ui_report", status="issued"),
        "reporting.permissions.get_report_for_user",
        {},
    ),
    "report edit": (_case("reporting", "ui_report"), "reporting.permissions.get_report_for_user", {"need": "edit"}),
    "block": (_case("reporting", "_block"), "reporting.permissions.get_block_for_user", {"need": "comment"}),
    "dossier": (_case("reviews", "_dossier"), "reviews.permissions.get_dossier_for_user", {}),
    "cost": (_case("reviews", "_cost"), "reviews.permissions.get_cost_for_user", {}),
    "export": (_case("core", "_export"), "core.permissions.get_export_for_user", {}),
}

# name: {persona: (answer, queries)}, measured on the hand-written functions (main at aa2f66c, session 14).
EXPECTED: dict[str, dict[str, tuple[Any, int]]] = {
    "activity": {"alice": ("ok", 3), "lan": (403, 3), "bob": (404, 4), "dan": (404, 4), "erin": (404, 3)},
    "activity file": {"alice": ("ok", 3), "lan": ("ok", 3), "bob": (404, 4), "dan": (404, 4), "erin": (404, 3)},
    "block": {"alice": ("ok", 4), "lan": ("ok", 5), "bob": (403, 6), "dan": (404, 6), "erin": (404, 4)},
    "campaign manage": {"alice": ("ok", 3), "lan": (403, 3), "bob": (404, 5), "dan": (404, 5), "erin": (404, 2)},
    "campaign view": {"alice": ("ok", 3), "lan": ("ok", 3), "bob": (404, 5), "dan": (404, 5), "erin": (404, 2)},
    "congress": {"alice": ("ok", 3), "lan": ("ok", 3), "bob": (404, 3), "dan": (404, 3), "erin": (404, 2)},
    "consent": {"alice": ("ok", 4), "lan": (403, 4), "bob": (404, 4), "dan": (404, 4), "erin": (404, 3)},
    "cost": {"alice": ("ok", 4), "lan": (403, 4), "bob": (404, 5), "dan": (404, 5), "erin": (404, 4)},
    "dossier": {"alice": ("ok", 3), "lan": ("ok", 3), "bob": (404, 4), "dan": (404, 4), "erin": (404, 3)},
    "edition edit": {"alice": ("ok", 3), "lan": (403, 3), "bob": (403, 4), "dan": (404, 4), "erin": (404, 2)},
    "edition view": {"alice": ("ok", 3), "lan": ("ok", 3), "bob": ("ok", 4), "dan": (404, 4), "erin": (404, 2)},
    "entry": {"alice": ("ok", 4), "lan": ("ok", 4), "bob": ("ok", 4), "dan": (404, 4), "erin": (404, 2)},
    "export": {"alice": ("ok", 1), "lan": (404, 1), "bob": (404, 1), "dan": (404, 1), "erin": (404, 1)},
    "membership": {"alice": ("ok", 6), "lan": (403, 3), "bob": (404, 3), "dan": (404, 3), "erin": (404, 2)},
    "org edit": {"alice": ("ok", 3), "lan": (403, 3), "bob": ("ok", 3), "dan": (404, 3), "erin": (404, 2)},
    "org view": {"alice": ("ok", 3), "lan": ("ok", 3), "bob": (404, 3), "dan": (404, 3), "erin": (404, 2)},
    "person": {"alice": ("ok", 4), "lan": ("ok", 4), "bob": (404, 4), "dan": (404, 4), "erin": (404, 3)},
    "report draft": {"alice": ("ok", 3), "lan": ("ok", 4), "bob": (403, 5), "dan": (404, 5), "erin": (404, 3)},
    "report edit": {"alice": ("ok", 3), "lan": (403, 4), "bob": (403, 5), "dan": (404, 5), "erin": (404, 3)},
    "report issued": {"alice": ("ok", 3), "lan": ("ok", 4), "bob": ("ok", 5), "dan": (404, 5), "erin": (404, 3)},
    "role": {"alice": ("ok", 3), "lan": (403, 3), "bob": (403, 3), "dan": (404, 3), "erin": (404, 2)},
    "seat": {"alice": ("ok", 3), "lan": (403, 3), "bob": (404, 3), "dan": (404, 3), "erin": (404, 2)},
    "submission fill": {"alice": ("ok", 4), "lan": (403, 4), "bob": (404, 4), "dan": (404, 4), "erin": (404, 2)},
}


def _call(path: str, user: Any, pk: int, kwargs: dict[str, Any]) -> tuple[Any, int]:
    module, name = path.rsplit(".", 1)
    function = getattr(importlib.import_module(f"lienhiep.{module}"), name)
    with CaptureQueriesContext(connection) as queries:
        try:
            function(user, pk, **kwargs)
            answer: Any = "ok"
        except Http404:
            answer = 404
        except PermissionDenied:
            answer = 403
    return answer, len(queries)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_access_function_answers_and_queries(world, name):
    make, path, kwargs = CALLS[name]
    pk = make(world)
    users = get_user_model()._default_manager
    for who in PERSONAS:  # once first: what a process keeps for good (content types) is not counted
        _call(path, users.get(pk=getattr(world, who).pk), pk, kwargs)
    observed = {who: _call(path, users.get(pk=getattr(world, who).pk), pk, kwargs) for who in PERSONAS}
    assert observed == EXPECTED[name], observed
