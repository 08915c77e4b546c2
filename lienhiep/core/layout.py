"""The header, the sidebar and the stylesheets and scripts of the layout (base.html), which every page pays for, even
a refused one: each rendered from its template (templates/partials/header.html, sidebar.html, assets.html) once per
key, then served from memory. Through the templates they cost 5.3 of the 6.0 ms of CPU the layout cost a 404 page
(docs/benchmarks.md, "Session 15": the layout's CPU).

Why a fragment kept cannot differ from the one the template would render now:
- the template is rendered with a context made of its key alone (`_fragment`: the key is the context's items), so
  nothing it prints can come from anything the key does not hold;
- what Django keeps for a whole process and a fragment also depends on is in the key too: the language (its
  translations), the URL resolver (the urlconf; a new object after `clear_url_caches`) and the script prefix (its
  `{% url %}`s); and the apps' declarations the sidebar lists (`Same`: a test may change them);
- what differs on every request, the CSRF token and the page's own path (the forms' `next`), is a hole: the fragment
  is rendered with a marker in its place, a tag no escaped value can contain, and each request's value is put in
  as the template would have printed it (`CsrfTokenNode`, escaped);
- whatever could change the rest under a running process clears the cache: a setting changed (a test's
  override_settings: LANGUAGES, LOCALE_PATHS, TEMPLATES…) and a file changed under the development server (a
  template or a translation catalogue: Django reloads both without restarting).
tests/test_layout.py compares every part with its plain twin (tests/layout_plain/: base.html's text until session 15),
rendered by Django on the same request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.template import Context, loader
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils import autoreload, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from lienhiep.core import declarations
from lienhiep.core.nav import NavItem, for_request, ordered

# The fragments, by key. A header is kept per user's name and units, so the cache is bounded: past LIMIT, the
# oldest is dropped (a sidebar is one of ~150: 3 audiences × 2 languages × the active item).
_FRAGMENTS: dict[tuple[Any, ...], str] = {}
LIMIT = 2000
_WRITING = threading.Lock()
_CSRF = mark_safe("<lh-hole csrf>")  # noqa: S308 (a marker, replaced before the page is sent)
_NEXT = mark_safe("<lh-hole next>")  # noqa: S308


def _forget(**kwargs: Any) -> None:
    with _WRITING:
        _FRAGMENTS.clear()


setting_changed.connect(_forget, dispatch_uid="lienhiep.core.layout")
autoreload.file_changed.connect(_forget, dispatch_uid="lienhiep.core.layout")


def _fragment(template_name: str, build: Callable[..., dict[str, Any]] | None = None, **given: Any) -> str:
    """`template_name` rendered with `given` alone as its context (or what `build` makes of `given` alone), kept by
    those values (each hashable), the active language, the URL resolver and the script prefix."""
    language = translation.get_language()
    key = (template_name, language, get_resolver(get_urlconf()), get_script_prefix(), *given.items())
    html = _FRAGMENTS.get(key)
    if html is None:
        context = build(**given) if build is not None else given
        html = loader.get_template(template_name).render({**context, "LANG": language}).strip()
        with _WRITING:  # (the oldest is found by iterating, which another thread's write would break)
            if len(_FRAGMENTS) >= LIMIT:
                _FRAGMENTS.pop(next(iter(_FRAGMENTS)), None)
            _FRAGMENTS[key] = html
    return html


def assets() -> SafeString:
    """base.html's stylesheets and scripts: their URLs are the static files storage's (`{% static %}`), which reads
    its manifest once, so the storage and the manifest it read (a new one after `collectstatic`) are the key."""
    manifest = getattr(staticfiles_storage, "hashed_files", None)  # (which sets the storage up)
    storage = staticfiles_storage._wrapped  # type: ignore[attr-defined]  # the storage itself, not its proxy
    html = _fragment("partials/assets.html", storage=Same(storage), manifest=Same(manifest))
    return mark_safe(html)  # noqa: S308


def header(context: Context) -> SafeString:
    """base.html's header: the brand, the unit switcher (the units the user holds a role on, the working one
    chosen), the language and the account's menu."""
    user = context.get("user")
    working_pk = getattr(context.get("working_org"), "pk", None)
    orgs = tuple(
        (org.pk, org.short_name or org.name, working_pk is not None and org.pk == working_pk)
        for org in context.get("role_orgs") or ()
    )
    html = _fragment(
        "partials/header.html",
        display_name=user.display_name if user is not None else "",
        is_superuser=bool(getattr(user, "is_superuser", False)),
        orgs=orgs,
        csrf=_CSRF,
        next=_NEXT,
    )
    request = context.get("request")
    path = conditional_escape(request.get_full_path()) if request is not None else ""
    return mark_safe(html.replace(_CSRF, CsrfTokenNode().render(context)).replace(_NEXT, path))  # noqa: S308


def sidebar(context: Context) -> SafeString:
    """base.html's sidebar: the modules the user's kind of account sees (`core.nav.for_request`), the current one
    marked (the page's view, or its app's section)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    role_less, granted = getattr(request, "role_less", False), getattr(request, "granted", False)
    view_name, section = (match.view_name, match.namespace) if match is not None else (None, "")
    declared = Same(declarations.declared("nav_items", NavItem))
    items = for_request(ordered(declared.value), role_less=role_less, granted=granted)
    active = tuple(
        i for i, item in enumerate(items) if view_name == item.url_name or (item.section and section == item.section)
    )
    html = _fragment(
        "partials/sidebar.html", _sidebar_items, declared=declared, role_less=role_less, granted=granted, active=active
    )
    return mark_safe(html)  # noqa: S308


def _sidebar_items(*, declared: Same, role_less: bool, granted: bool, active: tuple[int, ...]) -> dict[str, Any]:
    """The sidebar's context: the items the apps declare that the key's kind of account sees, each with whether it
    is the current one."""
    items = for_request(ordered(declared.value), role_less=role_less, granted=granted)
    return {"items": [(item, i in active) for i, item in enumerate(items)]}


class Same:
    """A value in a key by its identity: the apps' declarations, read again (a new tuple) when a test changes one
    (`declarations.forget`). The key holds it, so no other object can take its id while the key is kept."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value
