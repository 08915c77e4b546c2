"""What each view needs, for the project-wide access tests (tests/test_access.py).

Each app lists its URL names in `<app>/tests/access_cases.py` as `CASES = {name: Case(...)}`. The
project test walks every URL pattern and fails on any that has no case, so a new view cannot be
added without saying who may open it, and what it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Access levels as plain ints, so this module needs no app: 1 view, 2 edit, 3 manage.
VIEW, EDIT, MANAGE = 1, 2, 3


@dataclass(frozen=True)
class Case:
    # kwargs for reverse(), from the `world` fixture (objects inside Hà Tĩnh).
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    # method -> level needed; a method not listed must answer 405.
    methods: dict[str, int] = field(default_factory=lambda: {"GET": VIEW})
    # POST data that would pass validation, so that a refusal proves the check, not a bad form.
    data: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    # Query string of GET requests, for views that take their object from it (a picker's lookup).
    query: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    # Pages open to anonymous users (login, password reset).
    public: bool = False
    # What a POST by the officer changes, checked after it: `(world, client) -> bool`, true once it happened (read
    # the database, or the client's session). Every case with a POST says it: a POST that changes nothing, a form
    # sent back with errors for instance, fails the "it works" row.
    changed: Callable[[Any, Any], bool] | None = None
    # Pages that are not about one node (home, switcher, lists of everything visible): no outsider-404 row.
    # A view that writes, or that acts on one node, is scoped.
    scoped: bool = True
    # Objects only their owner sees (an upload): everyone else, read-only roles too, gets 404.
    private: bool = False
    # Pages a user without a role opens (their account, home, their assignments): every other page answers 404 to
    # the expert persona (erin: no role, a grant), whatever it is about (orgs.middleware.RoleLessMiddleware).
    role_less: bool = False
    # For the views an app declares for grant holders (`AppConfig.grant_views`): kwargs for reverse() naming a
    # record granted to erin, with which each of `methods` works for her; with `kwargs` (a record not granted to
    # her) she gets 404.
    expert: Callable[[Any], dict[str, Any]] | None = None
    # The same for a contest juror (judy: no role, the grant of her seat on a round's jury), for the views contests
    # declares for its jurors: kwargs naming her seat (and what on it), with which each of `methods` works for her.
    juror: Callable[[Any], dict[str, Any]] | None = None


def listed_under(unit: str, params: dict[str, str] | None = None, **case: Any) -> Case:
    """A list of the records under the world's unit named `unit` (or its export, its figures): a GET with `?node=` and
    the page's own `params`, at VIEW unless the case says otherwise."""
    return Case(query=lambda world: {"node": int(getattr(world, unit).pk), **(params or {})}, **case)


def created_on(
    unit: str, level: int, fields: dict[str, Any] | Callable[[Any], dict[str, Any]] | None = None, **case: Any
) -> Case:
    """A create view's case: opened and sent at `level` for the world's unit named `unit` (`?org=`, and the form's
    `org` before `fields`, a dict or a function of the world; none: the case's own `data` names the unit)."""

    def org(world: Any) -> int:
        return int(getattr(world, unit).pk)

    if fields is not None:
        case["data"] = lambda world: {"org": org(world), **(fields(world) if callable(fields) else fields)}
    return Case(methods={"GET": level, "POST": level}, query=lambda world: {"org": org(world)}, **case)


def pk_of(record: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    """A case's `kwargs` naming by its pk the record `record(world)` makes: the one argument of most record pages
    (`<int:pk>`), written once rather than as a lambda in every case."""
    return lambda world: {"pk": record(world).pk}


def form_on(
    kwargs: Callable[[Any], dict[str, Any]], level: int, *, changed: Callable[[Any, Any], bool], **case: Any
) -> Case:
    """A form about a record (its edit page, a form adding to it): opened (GET) and sent (POST) at `level` at the URL
    `kwargs` names; `changed` says what the officer's POST changed. A create view's form (`?org=`): `created_on`."""
    return Case(kwargs=kwargs, methods={"GET": level, "POST": level}, changed=changed, **case)


def posted_on(
    kwargs: Callable[[Any], dict[str, Any]], level: int, *, changed: Callable[[Any, Any], bool], **case: Any
) -> Case:
    """An action on a record that has no page of its own (a move, a delete, an upload): POST only, at `level`, at the
    URL `kwargs` names (any other method answers 405); `changed` says what the officer's POST changed."""
    return Case(kwargs=kwargs, methods={"POST": level}, changed=changed, **case)


def import_cases(
    importer: str,
    *,
    org: Callable[[Any], Any],
    file: Callable[[Any], Any],
    written: Callable[[Any, Any], bool] | None = None,
) -> dict[str, Case]:
    """The eight cases of a file import (`core.importers`; `importer`: its dotted path), uploaded by the officer
    (alice) for the unit `org(world)` with the upload `file(world)` (a Django uploaded file). Its batch's pages are
    private (only the uploader sees them); `written(world, client)` says that a run wrote the file's records (the
    run's POST only queues the import: `written` runs the worker's step, which does nothing unless the batch is
    importing), else the run case checks that the batch is importing."""

    def importer_() -> Any:
        from django.utils.module_loading import import_string

        return import_string(importer)

    def upload(world: Any) -> Any:
        data = file(world).read()
        return importer_().upload(actor=world.alice, org=org(world), file_name="f.csv", data=data)

    def read(world: Any) -> dict[str, Any]:
        return {"pk": importer_().read(batch_id=upload(world).pk).pk}

    def stalled(world: Any) -> dict[str, Any]:
        import datetime as dt

        from django.utils import timezone

        batch = upload(world)
        old = timezone.now() - dt.timedelta(hours=1)
        importer_().batch_model.objects.filter(pk=batch.pk).update(heartbeat_at=old)
        return {"pk": batch.pk}

    def batch(world: Any, **values: Any) -> bool:
        return bool(importer_().batch_model.objects.filter(actor=world.alice, **values).exists())

    def running(world: Any, client: Any) -> bool:
        return batch(world, status="importing")

    steps = ("", "template", "batch", "progress", "layout", "run", "retry", "cancel")
    named = {step: str(importer_().url(step)) for step in steps}
    return {
        named[""]: Case(
            methods={"GET": EDIT, "POST": EDIT},
            query=lambda w: {"org": org(w).pk},
            data=lambda w: {"org": org(w).pk, "file": file(w)},
            changed=lambda w, client: batch(w, org=org(w), status="reading"),
        ),
        named["template"]: Case(methods={"GET": EDIT}, query=lambda w: {"org": org(w).pk}),
        named["batch"]: Case(kwargs=read, methods={"GET": EDIT}, private=True),
        named["progress"]: Case(kwargs=read, methods={"GET": EDIT}, private=True),
        named["layout"]: posted_on(
            read,
            EDIT,
            private=True,
            data=lambda w: {"header_row": 1},
            changed=lambda w, client: batch(w, status="reading", header_row=1),
        ),
        named["run"]: posted_on(read, EDIT, private=True, changed=written or running),
        named["retry"]: posted_on(
            stalled,
            EDIT,
            private=True,
            changed=lambda w, client: importer_().event_model.objects.filter(kind="reading", before="stopped").exists(),
        ),
        named["cancel"]: posted_on(
            stalled,
            EDIT,
            private=True,
            changed=lambda w, client: batch(w, status="cancelled"),
        ),
    }
