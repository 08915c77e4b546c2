"""Access, for every view of the project. New views join automatically: a URL pattern without an
access case (in `<app>/tests/access_cases.py`) fails `test_every_view_has_an_access_case`.

- anonymous users are sent to log in, except on the public pages (login, password reset);
- it works for the officer whose subtree holds the object (alice, Hà Tĩnh);
- an outsider (dan, Bắc Ninh) gets 404, as for something that does not exist;
- a read-only role (lan, leader in Hà Tĩnh) gets 403 on writes;
- a method the view does not take gets 405;
and where something is refused, nothing changed.
"""

from __future__ import annotations

import importlib
import importlib.util
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lienhiep.core.access_cases import VIEW, Case

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
# Framework pages that are not ours to list: the admin has its own login and is tested below.
FRAMEWORK = {"set_language"}


def _cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.access_cases"
        if config.name.startswith("lienhiep.") and importlib.util.find_spec(name):
            cases.update(importlib.import_module(name).CASES)
    return cases


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


def _snapshot():  # type: ignore[no-untyped-def]
    """Row counts of every table of ours: a refused request must leave them all as they were."""
    from django.apps import apps as registry

    models = [m for m in registry.get_models() if m.__module__.startswith("lienhiep.")]
    return {m._meta.label: m.objects.count() for m in models}


def _request(client, method: str, url: str, case, world):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url, case.query(world))
    if method == "POST":
        return client.post(url, case.data(world))
    return getattr(client, method.lower())(url)


SCOPED = sorted(n for n, c in CASES.items() if c.scoped and not c.public)
PRIVATE = sorted(n for n, c in CASES.items() if not c.public)


@pytest.mark.parametrize("name", PRIVATE)
def test_it_works_for_the_officer_of_the_subtree(world, client, name):
    case = CASES[name]
    client.force_login(world.alice)
    url = reverse(name, kwargs=case.kwargs(world) or None)
    for method in case.methods:
        response = _request(client, method, url, case, world)
        assert response.status_code in (200, 302), (method, response.status_code)
        if response.status_code == 200 and method == "POST":
            form = response.context.get("form") if response.context else None
            assert form is None or not form.errors, form.errors


@pytest.mark.parametrize("name", SCOPED)
def test_outsider_gets_404(world, client, name):
    case = CASES[name]
    client.force_login(world.dan)
    url = reverse(name, kwargs=case.kwargs(world) or None)
    before = _snapshot()
    for method in case.methods:
        assert _request(client, method, url, case, world).status_code == 404, method
    assert _snapshot() == before


@pytest.mark.parametrize("name", SCOPED)
def test_read_only_role_gets_403_on_writes(world, client, name):
    case = CASES[name]
    client.force_login(world.lan)
    url = reverse(name, kwargs=case.kwargs(world) or None)
    before = _snapshot()
    for method, level in case.methods.items():
        status = _request(client, method, url, case, world).status_code
        if case.private:
            assert status == 404, (method, status)
        elif level > VIEW:
            assert status == 403, (method, status)
        else:
            assert status in (200, 302), (method, status)
    assert _snapshot() == before


@pytest.mark.parametrize("name", PRIVATE)
def test_wrong_method_gets_405(world, client, name):
    case = CASES[name]
    client.force_login(world.alice)
    url = reverse(name, kwargs=case.kwargs(world) or None)
    before = _snapshot()
    for method in ALL_METHODS:
        if method not in case.methods and not (method == "HEAD" and "GET" in case.methods):
            assert _request(client, method, url, case, world).status_code == 405, method
    assert _snapshot() == before


@pytest.mark.django_db
def test_admin_is_only_for_system_administrators(world, client):
    client.force_login(world.alice)
    assert client.get("/admin/").status_code == 302
    client.force_login(world.root)
    assert client.get("/admin/").status_code == 200
