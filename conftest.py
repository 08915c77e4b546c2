"""Personas in two provinces, so every test reads like a story.

Hà Tĩnh: alice (union officer), lan (leader, read only), bob (secretary of a Hồng Lĩnh member
association). Bắc Ninh: chris (union officer), dan (secretary of a Bắc Ninh association: the outsider
for everything in Hà Tĩnh). olga holds no role at all. erin is an expert: no role, a grant (orgs/grants.py) on a
Hồng Lĩnh unit (until an app gives her a record that means something: a dossier). judy is a contest juror: no role,
no grant in the world (a test puts her on a round's jury: her grant is on her seat). root is the system administrator.

The world is built once per worker and the demo (`demo`) seeded once per run, and shared
(tests/layers.py): each test runs in a savepoint on top of them that is rolled back, and gets its own
copies of the world's objects. So:
- change the world's rows as you like in a test: the change rolls back;
- a test that asks for `world` sees its rows, one that does not sees none (the layer is rolled back first);
- a test uses the world or the demo, not both;
- a fixture that builds more on top of the world for many tests can be a layer of its own
  (`layers.register`, as governance's `term_iv`);
- code that keeps state outside the database keyed by ids (a cache) must not assume a test starts with
  ids never seen before: the world's rows keep theirs from test to test.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest

from tests import layers

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
    erin: object  # an expert: no role, one grant
    judy: object  # a juror: no role; a test gives her a seat on a jury
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


def build_world(values: layers.Values) -> World:
    from lienhiep.accounts.tests.factories import UserFactory
    from lienhiep.orgs import services
    from lienhiep.orgs.models import AssociationGroup, OrgKind, RoleKind

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    people = {
        name: UserFactory(username=name) for name in ["alice", "lan", "bob", "chris", "dan", "olga", "erin", "judy"]
    }

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
    from lienhiep.orgs import grants

    grants.give(y_te, people["erin"], kind=grants.EXPERT, by=root, org=hong_linh, starts=D(2026, 1, 1))

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


layers.register("world", build_world)
layers.register("demo", layers.build_demo)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that share a stack of layers run one after another, so that each worker builds each stack
    about once: first those without the database, then by stack, the transactional ones last. One test
    of the demo goes first of all: the worker that takes it seeds the demo for the run while the others
    start on the rest, and find it seeded when they come to the demo's tests."""

    def order(item: pytest.Item) -> tuple[int, tuple[str, ...]]:
        if not layers.uses_db(item):
            return (0, ())
        if layers.is_transactional(item):
            # Those of one stack together too: the demo's are put back from the tables the last one wrote to.
            return (2, layers.stack_of(item))
        return (1, layers.stack_of(item))

    items.sort(key=order)
    first_of_demo = next((item for item in items if order(item) == (1, ("demo",))), None)
    if first_of_demo is not None:
        items.remove(first_of_demo)
        items.insert(0, first_of_demo)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):  # type: ignore[no-untyped-def]
    """pytest-django's last step before it makes the test databases: they are made as copies of one migrated
    template (tests/testdb.py) instead of each worker running every migration."""
    from tests import testdb

    testdb.install(force=bool(request.config.getvalue("create_db")))


@pytest.fixture(scope="session")
def _layers(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the workers of one run share their temporary directory's parent
        layers.SHARED_DIR = tmp_path_factory.getbasetemp().parent
    with django_db_blocker.unblock():
        opened = layers.Layers()
    # A transactional test's flush afterwards (TransactionTestCase) is left to the layers: whatever test comes next
    # puts every table back first (`Layers.enter` / `enter_transactional`: flushed and refilled), so Django's own
    # flush, with its post_migrate receivers run again, was done twice.
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = lambda self: None  # type: ignore[method-assign]
    yield opened
    TransactionTestCase._fixture_teardown = flush  # type: ignore[method-assign]
    with django_db_blocker.unblock():
        opened.close()


@pytest.fixture
def _enter_layers(request, _layers, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    stack = layers.stack_of(request)
    with django_db_blocker.unblock():
        if layers.is_transactional(request.node):
            _layers.enter_transactional(stack)
        else:
            _layers.enter(stack)


@pytest.fixture
def _django_db_helper(_enter_layers, _django_db_helper):  # type: ignore[no-untyped-def]
    """pytest-django's database fixture (behind `db` and `transactional_db`), once the test's layers
    are open (for a transactional test: all closed), so that the test's savepoint goes on top of them."""
    return _django_db_helper


@pytest.fixture
def _layer_values(request, _layers, db):  # type: ignore[no-untyped-def]
    return _layers.values(layers.stack_of(request), transactional=layers.is_transactional(request.node))


@pytest.fixture
def world(_layer_values) -> World:  # type: ignore[no-untyped-def]
    return _layer_values["world"]


@pytest.fixture
def demo(_layer_values) -> None:  # type: ignore[no-untyped-def]
    """The demo data set (`seed_demo`): seeded once per run, shared by the tests that read it."""


@pytest.fixture
def client_for(client):  # type: ignore[no-untyped-def]
    """Log a persona in, the second factor satisfied (accounts.testing): `client_for(world.alice)`."""
    from lienhiep.accounts.testing import login as login_verified

    def login(user: object):  # type: ignore[no-untyped-def]
        login_verified(client, user)
        return client

    return login


@pytest.fixture
def declare(monkeypatch):  # type: ignore[no-untyped-def]
    """Change what an app declares on its AppConfig for one test: `declare("experts", "expert_assignments", (...))`.
    The declarations are read again with the change, and again after the test (core.declarations remembers them)."""
    from django.apps import apps

    from lienhiep.core import declarations

    def change(app_label: str, name: str, value: object) -> None:
        monkeypatch.setattr(apps.get_app_config(app_label), name, value, raising=False)
        declarations.forget()

    yield change
    # Before monkeypatch puts the attribute back (it was set up first, so it ends last): nothing reads in between.
    declarations.forget()


@pytest.fixture(autouse=True)
def _vietnamese():  # type: ignore[no-untyped-def]
    """Each test starts in the default language, whatever an earlier request activated."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
