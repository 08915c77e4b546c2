"""Access, for every view of the project. New views join automatically: a URL pattern without an
access case (in `<app>/tests/access_cases.py`) fails `test_every_view_has_an_access_case`.

- anonymous users are sent to log in, except on the public pages (login, password reset);
- it works for the officer whose subtree holds the object (alice, Hà Tĩnh);
- an outsider (dan, Bắc Ninh) gets 404, as for something that does not exist;
- a read-only role (lan, leader in Hà Tĩnh) gets 403 on writes;
- an expert (erin: no role, a grant) gets 404 everywhere but her account, home and assignments, and the views
  declared for grant holders, which work on the record granted to her and answer 404 on any other;
- a contest juror (judy: no role, the grant of her seat on a jury) works on her own seat's pages and gets 404 on
  every other view declared for grant holders and on every contests page (the rest of the site answers her through
  the same role-less rule as erin, walked whole above);
- a method the view does not take gets 405;
- what works is kept by no cache (Cache-Control: no-store: every page and file shows people);
every POST that works changed what its case says it changes, and where something is refused, nothing
changed: not a row of our tables (not one written, even to the values it had: `_snapshot`), not a stored file.

What the rows share is made once (layers, tests/layers.py): the personas' sessions (`matrix`, on the world), and per
view the records its case names (`view_records`: its `kwargs`, for its rows here and its fuzz test). Each test runs
in its own savepoint on top, rolled back after it, and gets its own copy of the files those records stored; the rows
of one view run one after another (conftest sorts the tests by their layers).
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lienhiep.accounts import sessions as login_state
from lienhiep.accounts.testing import login as login_verified
from lienhiep.accounts.testing import verified_session
from lienhiep.core import declarations
from lienhiep.core.access_cases import VIEW, Case
from tests import layers

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
# Framework pages that are not ours to list: the admin has its own login and is tested below.
FRAMEWORK = {"set_language"}


def _cases() -> dict[str, Case]:
    return {name: case for module in declarations.modules("tests.access_cases") for name, case in module.CASES.items()}


CASES = _cases()


def _walk(patterns, prefix: str = "", namespace: str = ""):  # type: ignore[no-untyped-def]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            full = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full or "")
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), prefix + str(entry.pattern)


PATTERNS = dict(_walk(get_resolver().url_patterns))


def _guess_url(name: str, route: str) -> str:
    """A concrete URL for any pattern, with made-up arguments (for the anonymous walk)."""
    kwargs = {}
    for kind, key in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[key] = 1 if kind == "int" else "x"
    for key in re.findall(r"\(\?P<(\w+)>", route):
        kwargs[key] = "orgs" if key == "app_label" else "1"
    try:
        return reverse(name, kwargs=kwargs or None)
    except Exception:  # noqa: BLE001 - fall back to the literal route
        return "/" + re.sub(r"<[^>]+>", "1", route).lstrip("^").rstrip("$")


def test_every_view_has_an_access_case():
    ours = {n for n in PATTERNS if not n.startswith("admin:") and n not in FRAMEWORK}
    assert sorted(ours - set(CASES)) == [], "views without an access case"
    assert sorted(set(CASES) - ours) == [], "access cases for views that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_anonymous_can_open_nothing_but_the_public_pages(client, name):
    case = CASES.get(name)
    if (case and case.public) or name in FRAMEWORK or name == "admin:login":
        return
    response = client.get(_guess_url(name, PATTERNS[name]))
    if response.status_code == 405:  # POST-only: nothing is shown
        return
    assert response.status_code == 302, (name, response.status_code)
    assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), response["Location"]


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test stores its files apart, so that the files it finds are its own (every test that signs in: the
    anonymous walk is sent to log in before any view)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


_HANDLER = ClientHandler(enforce_csrf_checks=False)


@pytest.fixture
def client() -> Client:
    """Django's test client (pytest-django's `client`), on one handler for the module: its middleware loaded once, as
    in a server's process, where a fresh client's first request loaded all twenty-odd again."""
    client = Client()
    client.handler = _HANDLER
    return client


def _snapshot(media):  # type: ignore[no-untyped-def]
    """What the test's transaction (its requests run in it) has written to every table of ours (the many-to-many
    links included): the rows it inserted, updated and deleted in each, and the stored files. A refused request must
    write no row at all: at least as strict as comparing every row's content (no row changes without a write, and a
    write that leaves the values as they were counts too), in one query where a digest of the rows read every table.

    PostgreSQL counts them itself (`pg_stat_xact_user_tables`); on SQLite, triggers count them (`_count_writes`,
    put on every table by the matrix's layer for as long as it is open)."""
    tables = _snapshot_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The three counters `pg_stat_xact_user_tables` shows, read for our tables only: the view computes some
            # twenty counters for every relation of the database and groups them with its indexes (4.2 ms of the
            # server a call, against 0.6 ms; docs/benchmarks.md, session 19).
            cursor.execute(
                "SELECT c.relname, pg_stat_get_xact_tuples_inserted(c.oid), pg_stat_get_xact_tuples_updated(c.oid),"
                " pg_stat_get_xact_tuples_deleted(c.oid) FROM pg_class c"
                " WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(%s::name[])",
                [tables],
            )
        else:
            cursor.execute("SELECT name, inserted, updated, deleted FROM temp.matrix_writes")
        rows = {name: tuple(counts) for name, *counts in cursor.fetchall()}
    assert len(rows) == len(tables), sorted(set(tables) - set(rows))
    stored = sorted((str(p.relative_to(media)), p.read_bytes()) for p in media.rglob("*") if p.is_file())
    return rows, hashlib.sha256(repr(stored).encode()).hexdigest()


def _written(before, media) -> list[str]:  # type: ignore[no-untyped-def]
    """The tables written to since the snapshot `before`, and "stored files" if the files changed: none, for a
    refused request."""
    rows, files = _snapshot(media)
    return sorted(t for t, counts in rows.items() if counts != before[0][t]) + (["stored files"] * (files != before[1]))


@functools.cache
def _snapshot_models() -> list[type]:
    from django.apps import apps as registry

    # The sessions table is ours (accounts.Session, with its account) but holds no record: a page may remember the
    # working unit in the session whoever asks. Refusals are logged by design (core.middleware.ClientMiddleware):
    # the request log is the one table a refused request writes to, and tests/test_audit_trail.py checks it.
    return [
        m
        for m in registry.get_models(include_auto_created=True)
        if m.__module__.startswith("lienhiep.") and m._meta.label not in ("accounts.Session", "core.RequestLog")
    ]


@functools.cache
def _snapshot_tables() -> list[str]:
    return sorted({m._meta.db_table for m in _snapshot_models()})


def _count_writes() -> None:
    """On SQLite, a count of the rows written to each table of ours (`temp.matrix_writes`), kept by triggers on each.
    Temporary, made inside the layer's transaction: they are gone with its rollback, and no other test sees them."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE matrix_writes (name TEXT PRIMARY KEY, inserted INTEGER NOT NULL DEFAULT 0,"
            " updated INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0)"
        )
        for i, table in enumerate(_snapshot_tables()):
            assert re.fullmatch(r"\w+", table), table
            cursor.execute("INSERT INTO temp.matrix_writes (name) VALUES (%s)", [table])
            for event, column in (("INSERT", "inserted"), ("UPDATE", "updated"), ("DELETE", "deleted")):
                trigger = (
                    f"CREATE TEMP TRIGGER matrix_{column}_{i} AFTER {event} ON main.{quote(table)} FOR EACH ROW"  # noqa: S608
                    f" BEGIN UPDATE matrix_writes SET {column} = {column} + 1 WHERE name = '{table}'; END"
                )
                cursor.execute(trigger)


def _request(client, method: str, url: str, sent):  # type: ignore[no-untyped-def]
    query, data = sent
    if method == "GET":
        return client.get(url, query)
    if method == "POST":
        return client.post(url, data)
    return getattr(client, method.lower())(url)


# The personas the matrix signs in with (the rows of `world` they are).
PERSONAS = ("alice", "lan", "dan", "erin", "judy")


@dataclass(frozen=True)
class Matrix:
    """What every row of the matrix shares, made once (`_make_matrix`): a saved session of each persona, signed in
    past the second factor (`accounts.testing.verified_session`, made before any view's records, as a test signed in
    first); each test's requests run in its own savepoint on top, so what they change in a session rolls back. Good
    until half the shortest of the sessions' idle limit and age (then a test signs in afresh)."""

    sessions: dict[str, str]
    good_until: float


def _make_matrix(values: layers.Values) -> Matrix:
    world = values["world"]
    sessions, good_until = {}, float("inf")
    for persona in PERSONAS:
        session = verified_session(getattr(world, persona))
        sessions[persona] = str(session.session_key)
        state = session[login_state.STATE_KEY]
        good_until = min(good_until, state["since"] + min(state["idle"], settings.SESSION_COOKIE_AGE) / 2)
    if connection.vendor == "sqlite":
        _count_writes()
    return Matrix(sessions, good_until)


@dataclass(frozen=True)
class Made:
    """What a view's case made once for all its rows (and its fuzz test's, tests/test_fuzz.py): the records its
    `kwargs` made, named in `kwargs` and the URL, and the folder of the files they stored (None: none)."""

    kwargs: dict[str, Any]
    url: str
    files: Path | None


def _make_view_records(values: layers.Values, name: str) -> Made:
    case = CASES[name]
    folder = layers.scratch()
    with override_settings(MEDIA_ROOT=folder):
        kwargs = case.kwargs(values["world"]) or {}
    return Made(kwargs, reverse(name, kwargs=kwargs or None), folder if any(folder.iterdir()) else None)


layers.register("matrix", _make_matrix, parent="world")
layers.register("view_records", _make_view_records, parent="matrix", per="name")


@pytest.fixture
def view_records(_layer_values, media) -> Made:  # type: ignore[no-untyped-def]
    """The view's records (made once per view, `_make_view_records`), their files copied into the test's own folder."""
    made: Made = _layer_values["view_records"]
    if made.files is not None:
        shutil.copytree(made.files, media, dirs_exist_ok=True)
    return made


@pytest.fixture
def sign_in(client, _layer_values, view_records):  # type: ignore[no-untyped-def]
    """`sign_in(world.alice)`: the client carries the persona's session made once for the matrix (`Matrix`)."""
    matrix: Matrix = _layer_values["matrix"]

    def sign_in(user) -> None:  # type: ignore[no-untyped-def]
        if time.time() < matrix.good_until:
            client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[user.username]
        else:
            login_verified(client, user)

    return sign_in


def _prepare(name: str, world, made: Made):  # type: ignore[no-untyped-def]
    """The case, its URL and what its requests send, all made before any snapshot (making them may write rows)."""
    case = CASES[name]
    return case, made.url, (case.query(world), case.data(world))


SCOPED = sorted(n for n, c in CASES.items() if c.scoped and not c.public)
PRIVATE = sorted(n for n, c in CASES.items() if not c.public)


def test_every_write_is_scoped_and_says_what_it_changes():
    writes = {n for n, c in CASES.items() if not c.public and set(c.methods) - {"GET"}}
    # Not about a node: the user's own account and session, and the header's switcher.
    own = {"accounts:logout", "accounts:profile", "accounts:email_confirm", "accounts:password_change", "orgs:switch"}
    own |= {"accounts:verify", "accounts:enrol", "accounts:recovery_codes_renew", "accounts:sessions_end_others"}
    assert sorted(n for n in writes - own if not CASES[n].scoped) == [], "writes without the outsider row"
    assert sorted(n for n in writes if "POST" in CASES[n].methods and CASES[n].changed is None) == []


@pytest.mark.parametrize("name", PRIVATE)
def test_it_works_for_the_officer_of_the_subtree(world, view_records, sign_in, client, name):
    sign_in(world.alice)
    case, url, sent = _prepare(name, world, view_records)
    for method in case.methods:
        if method == "POST":
            assert not case.changed(world, client), "the case's check holds before the POST: it proves nothing"
        response = _request(client, method, url, sent)
        assert response.status_code in (200, 302), (method, response.status_code)
        # Pages and files of people: kept by no cache, the browser's own included (core.middleware.NoStoreMiddleware)
        assert "no-store" in [d.strip() for d in response["Cache-Control"].split(",")], response["Cache-Control"]
        if method == "POST":
            assert case.changed(world, client), "the POST did not change what its case says"


@pytest.mark.parametrize("name", SCOPED)
def test_outsider_gets_404(world, view_records, sign_in, client, media, name):
    sign_in(world.dan)
    case, url, sent = _prepare(name, world, view_records)
    before = _snapshot(media)
    for method in case.methods:
        assert _request(client, method, url, sent).status_code == 404, method
    assert _written(before, media) == []


@pytest.mark.parametrize("name", SCOPED)
def test_read_only_role_gets_403_on_writes(world, view_records, sign_in, client, media, name):
    sign_in(world.lan)
    case, url, sent = _prepare(name, world, view_records)
    for method, level in case.methods.items():
        if case.private or level > VIEW:
            before = _snapshot(media)
            status = _request(client, method, url, sent).status_code
            assert status == (404 if case.private else 403), (method, status)
            assert _written(before, media) == [], method
        else:  # a read the leader may make (it may remember figures: no snapshot)
            status = _request(client, method, url, sent).status_code
            assert status in (200, 302), (method, status)


# The pages every user has (home, assignments), and her own account's (profile, password, second factor, sessions,
# logout: accounts' own tests).
ROLE_LESS = sorted(n for n in PRIVATE if CASES[n].role_less)
OPEN_TO_ROLE_LESS = {*ROLE_LESS, *(n for n in PRIVATE if n.startswith("accounts:"))}
FOR_GRANTS = sorted(n for n in PRIVATE if CASES[n].expert is not None)


def _grant_holder_gets_404(world, view_records, sign_in, client, media, name, person, granted):
    """`person` (no role, a grant) gets 404 on the case's record, and nothing is written where a view of `granted`
    (those that check her grant themselves) runs; the others are refused before any view runs."""
    sign_in(person)
    case, url, sent = _prepare(name, world, view_records)
    before = _snapshot(media) if name in granted else None
    for method in case.methods:
        assert _request(client, method, url, sent).status_code == 404, method
    if before is not None:
        assert _written(before, media) == []


def _grant_holder_works(world, client, name, person, granted_kwargs, *, changed):
    """`person` opens (and posts to) the view on the record `granted_kwargs` names; with `changed`, her POST changes
    what the case says."""
    login_verified(client, person)
    case = CASES[name]
    url = reverse(name, kwargs=granted_kwargs(world))
    for method in case.methods:
        response = _request(client, method, url, (case.query(world), case.data(world)))
        assert response.status_code in (200, 302), (method, response.status_code)
        if changed and method == "POST" and case.changed is not None:
            assert case.changed(world, client), "the POST did not change what its case says"


@pytest.mark.parametrize("name", sorted(set(PRIVATE) - OPEN_TO_ROLE_LESS))
def test_expert_gets_404(world, view_records, sign_in, client, media, name):
    _grant_holder_gets_404(world, view_records, sign_in, client, media, name, world.erin, FOR_GRANTS)


@pytest.mark.parametrize("name", FOR_GRANTS)
def test_expert_works_on_the_record_granted_to_her(world, client, media, name):
    # The cases' `changed` speak of the officer's record (`kwargs`), not of the one granted to her.
    _grant_holder_works(world, client, name, world.erin, CASES[name].expert, changed=False)


@pytest.mark.parametrize("name", ROLE_LESS)
def test_expert_opens_the_pages_of_a_user_without_a_role(world, view_records, sign_in, client, name):
    sign_in(world.erin)
    case, url, sent = _prepare(name, world, view_records)
    for method in case.methods:
        assert _request(client, method, url, sent).status_code == 200, method


FOR_JURORS = sorted(n for n in PRIVATE if CASES[n].juror is not None)
JUROR_WALK = sorted(
    n for n in set(PRIVATE) - OPEN_TO_ROLE_LESS
    if n.startswith("contests:") or CASES[n].expert is not None or CASES[n].juror is not None
)  # fmt: skip


@pytest.mark.parametrize("name", JUROR_WALK)
def test_juror_gets_404(world, view_records, sign_in, client, media, name):
    _grant_holder_gets_404(world, view_records, sign_in, client, media, name, world.judy, FOR_JURORS)


@pytest.mark.parametrize("name", FOR_JURORS)
def test_juror_works_on_her_own_seat(world, client, media, name):
    _grant_holder_works(world, client, name, world.judy, CASES[name].juror, changed=True)


@pytest.mark.parametrize("name", PRIVATE)
def test_wrong_method_gets_405(world, view_records, sign_in, client, media, name):
    sign_in(world.alice)
    case, url, sent = _prepare(name, world, view_records)
    before = _snapshot(media)
    for method in ALL_METHODS:
        if method not in case.methods and not (method == "HEAD" and "GET" in case.methods):
            assert _request(client, method, url, sent).status_code == 405, method
    assert _written(before, media) == []


@pytest.mark.django_db
def test_admin_is_only_for_system_administrators(world, client):
    login_verified(client, world.alice)
    assert client.get("/admin/").status_code == 302
    login_verified(client, world.root)
    assert client.get("/admin/").status_code == 200
