"""Personas in two provinces, so every test reads like a story.

Hà Tĩnh: alice (union officer), lan (leader, read only), bob (secretary of a Hồng Lĩnh member
association). Bắc Ninh: chris (union officer), dan (secretary of a Bắc Ninh association: the outsider
for everything in Hà Tĩnh). olga holds no role at all. root is the system administrator.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

D = dt.date


@dataclass
class World:
    root: object
    alice: object
    lan: object
    bob: object
    chris: object
    dan: object
    olga: object
    national: object
    ha_tinh: object
    hong_linh: object
    trung_luong: object  # ward association under Hồng Lĩnh (bob's)
    y_te: object  # agency association under Hồng Lĩnh
    branch: object  # branch under y_te
    lawyers_ht: object  # sector association directly under Hà Tĩnh
    bac_ninh: object
    lawyers_bn: object  # dan's association
    bob_role: object
    person: object  # a member of y_te (Hồng Lĩnh, Hà Tĩnh)
    membership: object
    consent: object


@pytest.fixture
def world(db: None) -> World:
    from lienhiep.accounts.tests.factories import UserFactory
    from lienhiep.orgs import services
    from lienhiep.orgs.models import AssociationGroup, OrgKind, RoleKind

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    people = {name: UserFactory(username=name) for name in ["alice", "lan", "bob", "chris", "dan", "olga"]}

    def make(kind: str, name: str, founded: dt.date, parent: object = None, **extra: object) -> object:
        return services.org_create(actor=root, kind=kind, name=name, founded_on=founded, parent=parent, **extra)

    national = make(OrgKind.NATIONAL, "Liên hiệp các Hội KH&KT Việt Nam", D(1983, 3, 26))
    ha_tinh = make(OrgKind.PROVINCIAL, "Liên hiệp hội tỉnh Hà Tĩnh", D(1992, 10, 15), national)
    hong_linh = make(OrgKind.DISTRICT, "Liên hiệp hội thị xã Hồng Lĩnh", D(2003, 6, 12), ha_tinh)
    trung_luong = make(
        OrgKind.ASSOCIATION, "Hội KH&KT phường Trung Lương", D(2005, 3, 26), hong_linh, group=AssociationGroup.WARDS
    )
    y_te = make(
        OrgKind.ASSOCIATION, "Hội KH&KT Trung tâm Y tế", D(2005, 5, 20), hong_linh, group=AssociationGroup.AGENCIES
    )
    branch = make(OrgKind.BRANCH, "Chi hội KH&KT Trạm Y tế", D(2016, 4, 12), y_te)
    lawyers_ht = make(
        OrgKind.ASSOCIATION, "Hội Luật gia tỉnh Hà Tĩnh", D(1994, 5, 10), ha_tinh, group=AssociationGroup.SECTOR
    )
    bac_ninh = make(OrgKind.PROVINCIAL, "Liên hiệp hội tỉnh Bắc Ninh", D(1997, 6, 12), national)
    lawyers_bn = make(
        OrgKind.ASSOCIATION, "Hội Luật gia tỉnh Bắc Ninh", D(1998, 3, 12), bac_ninh, group=AssociationGroup.SECTOR
    )

    def grant(user: object, org: object, kind: str) -> object:
        return services.role_grant(actor=root, user=user, org=org, kind=kind, valid_from=D(2018, 1, 1))

    grant(people["alice"], ha_tinh, RoleKind.OFFICER)
    grant(people["lan"], ha_tinh, RoleKind.LEADER)
    bob_role = grant(people["bob"], trung_luong, RoleKind.SECRETARY)
    grant(people["chris"], bac_ninh, RoleKind.OFFICER)
    grant(people["dan"], lawyers_bn, RoleKind.SECRETARY)

    from lienhiep.members import services as member_services

    person = member_services.person_create(
        actor=root, full_name="Nguyễn Văn An", gender="m", birth_date=D(1980, 5, 17), id_number="042080001234",
        phone="0912 345 678", education="dh",
    )  # fmt: skip
    membership = member_services.member_admit(actor=root, person=person, org=y_te, joined_on=D(2015, 1, 1))
    consent = member_services.consent_give(actor=root, person=person, purpose="registry", notice_version="2026-01")
    return World(
        root=root,
        **people,
        national=national,
        ha_tinh=ha_tinh,
        hong_linh=hong_linh,
        trung_luong=trung_luong,
        y_te=y_te,
        branch=branch,
        lawyers_ht=lawyers_ht,
        bac_ninh=bac_ninh,
        lawyers_bn=lawyers_bn,
        bob_role=bob_role,
        person=person,
        membership=membership,
        consent=consent,
    )


@pytest.fixture
def client_for(client):  # type: ignore[no-untyped-def]
    """Log a persona in: `client_for(world.alice)`."""

    def login(user: object):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _vietnamese():  # type: ignore[no-untyped-def]
    """Each test starts in the default language, whatever an earlier request activated."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
