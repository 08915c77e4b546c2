"""What views share about a request: facts that depend on how the site is deployed, values typed in a URL, the
URLs a page prints, and how a view runs a user's move (`act`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The address of the client. Behind `TRUSTED_PROXY_COUNT` proxies (each appending the address it saw to
    X-Forwarded-For), the address the first of our proxies saw; with none, the connection's own address — a
    forwarded header is then anyone's to write, and must not decide who is throttled."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]


# The largest id PostgreSQL's bigint and SQLite's INTEGER hold.
MAX_ID = 2**63 - 1


def id_param(raw: object) -> int | None:
    """A database id typed in a URL or posted in a form: ASCII digits only (`str.isdigit()` also takes '²' and
    '١٢', which `int()` then refuses), within what the database holds; None for anything else."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def year_param(raw: object, default: int, *, first: int = 1945, last: int = 2100) -> int:
    """A year typed in a URL, between `first` and `last`; `default` for anything else."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return default
    return int(text) if first <= int(text) <= last else default


def progress_response(request: HttpRequest, template: str, context: dict[str, Any], *, running: bool) -> HttpResponse:
    """The partial of a progress bar that htmx polls (an import, an export): rendered with `running` while the work
    goes on; once it has ended, the page is told to reload itself (HX-Refresh) and show the result."""
    response = render(request, template, {**context, "running": running})
    if not running:
        response["HX-Refresh"] = "true"
    return response


def url_with(name: str, /, *args: object, **query: object) -> str:
    """The URL named `name` (with the path's `args`) and a query string: a page's export link, carrying the unit,
    date and filters shown; dates as dd/mm/yyyy, as the date boxes read them; None left out."""
    from django.urls import reverse
    from django.utils.http import urlencode

    kept = {
        key: f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else str(value)
        for key, value in query.items()
        if value is not None
    }
    url = reverse(name, args=args or None)
    return f"{url}?{urlencode(kept)}" if kept else url


# Stands for the ids while a row URL's shape is reversed (`row_url`): digits no route of ours prints on its own.
_ROW_ID = 7_300_019_411_803
_NO_SHAPE = ("",)


def row_url(name: str, /, *ids: int, current_app: str | None = None) -> str:
    """`reverse(name, args=ids)` for a URL whose arguments are database ids (`<int:…>`), reversed once per shape:
    a page printing the same link for each of its rows (a comment's "Answer", an item's form) reversed the route
    on every row, ~70 µs each, a tenth of the draft page's CPU. The shape is the URL reversed with stand-in ids,
    kept on the URL resolver (a new urlconf, or `clear_url_caches`, starts afresh) by script prefix and app; it is
    used only when a second reversal with other ids fits it. Anything but non-negative ints goes through
    `reverse`."""
    from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

    if not ids or not all(type(value) is int and value >= 0 for value in ids):
        return reverse(name, args=ids or None, current_app=current_app)
    resolver = get_resolver(get_urlconf())
    shapes: dict[tuple[Any, ...], tuple[str, ...]] = resolver.__dict__.setdefault("_lienhiep_row_urls", {})
    key = (name, len(ids), get_script_prefix(), current_app)
    shape = shapes.get(key)
    if shape is None:
        shape = shapes[key] = _row_shape(name, len(ids), current_app)
    if shape is _NO_SHAPE:
        return reverse(name, args=ids, current_app=current_app)
    pieces = [shape[0]]
    for value, rest in zip(ids, shape[1:], strict=True):
        pieces.append(str(value))
        pieces.append(rest)
    return "".join(pieces)


def _row_shape(name: str, count: int, current_app: str | None) -> tuple[str, ...]:
    """The text around the ids of the URL `name` takes `count` ids in, or `_NO_SHAPE` when it cannot be read so
    (the stand-in refused by the route, or printed other than as its digits)."""
    from django.urls import NoReverseMatch, reverse

    try:
        shape = tuple(reverse(name, args=[_ROW_ID] * count, current_app=current_app).split(str(_ROW_ID)))
        check = reverse(name, args=[1] * count, current_app=current_app)
    except NoReverseMatch:
        return _NO_SHAPE
    if len(shape) != count + 1 or "1".join(shape) != check:
        return _NO_SHAPE
    return shape


@dataclass(frozen=True, slots=True)
class Moved[T]:
    """What `act` answers once the service moved: what it returned (a refused move answers None)."""

    result: T


def act[T](
    request: HttpRequest,
    call: Callable[[], T],
    done: str | Callable[[T], str] = "",
    *,
    form: BaseForm | None = None,
    said: Callable[[ValidationError], str] | None = None,
) -> Moved[T] | None:
    """How a view runs a user's move through its service (`call`, which may be several calls or check the form
    before them): its refusal (a ValidationError) said, `done` said as a success message once it moved, and the
    answer `Moved(result)` (truthy) or None (refused) for the view to redirect or render on. A success message that
    names what the service returned (the partner added) is `done` as a function of it.

    The refusal is said as an error message (its messages joined; `said` words it otherwise, e.g. with the form's
    labels), for a view that redirects either way; with `form`, it is put on that form instead
    (`core.forms.add_service_errors`: each field's message at its field, the rest above the form), for a view that
    renders the form again.
    """
    from django.contrib import messages

    try:
        result = call()
    except ValidationError as error:
        if form is not None:
            from lienhiep.core.forms import add_service_errors

            add_service_errors(form, error)
        else:
            messages.error(request, said(error) if said is not None else " ".join(error.messages))
        return None
    said_done = done(result) if callable(done) else done
    if said_done:
        messages.success(request, said_done)
    return Moved(result)


def submit[T](
    request: HttpRequest,
    service: Callable[..., T],
    form: BaseForm,
    done: str | Callable[[T], str] = "",
    /,
    *,
    values: Mapping[str, Any] | None = None,
    on_form: bool = True,
    said: Callable[[ValidationError], str] | None = None,
    **given: Any,
) -> Moved[T] | None:
    """How a view writes what its form says: `service(actor=request.user, **values, **given)` run through `act`.
    `values` are the form's cleaned data unless the form shapes its own (`form.details()`); `given` is what the view
    decided rather than the form (the unit asked for, `org=node`, over the form's own unit field; the record the
    page is about; files and people chosen apart) and stands over a value of the same name. The refusal is put on
    `form`, for a page that renders it again; with `on_form=False` it is said as an error message, for a form posted
    from a record's page that redirects either way (`said` words it otherwise, as `act`'s)."""
    fields = form.cleaned_data if values is None else values
    on = form if on_form and said is None else None
    return act(request, lambda: service(actor=request.user, **{**fields, **given}), done, form=on, said=said)


def form_page[T](
    request: HttpRequest,
    form: BaseForm,
    service: Callable[..., T],
    done: str | Callable[[T], str] = "",
    /,
    *,
    to: str | Callable[[T], Any],
    template: str,
    title: str,
    context: Mapping[str, Any] | None = None,
    values: Callable[[], Mapping[str, Any]] | None = None,
    **given: Any,
) -> HttpResponse:
    """The page of a form that records something (a new activity, a unit's budget): the view has checked access
    (its object's access function: 404 outside the user's tree, 403 inside without the right) and built `form`
    (over the units the user may record on); this is the rest, the same for every such page. On a valid POST the
    service runs through `submit` (`done` said once it moved, a function of what it returned where the message
    names it; its refusal put on the form) and the answer is a redirect `to` a URL name or path, or to what
    `to(result)` gives (a path, a model with its own URL, or a response the view made). Otherwise, and on GET,
    `template` is rendered with the form, the page's `title` and `context`.

    `values` is called once the form is valid, for the form's values shaped by the form itself (`form.details`) or
    with a picker's choice beside them; `given` is what the view decided rather than the form (`org=node`)."""
    from django.shortcuts import redirect

    if request.method == "POST" and form.is_valid():
        moved = submit(request, service, form, done, values=values() if values is not None else None, **given)
        if moved:
            target = to if isinstance(to, str) else to(moved.result)
            return target if isinstance(target, HttpResponse) else redirect(target)
    return render(request, template, {"form": form, "title": title, **(context or {})})


def export_started(request: HttpRequest, source: str, **about: object) -> HttpResponse:
    """A list's export button: `source`'s list as `request.GET` filters it (`about`: what the page itself is about,
    `campaign=pk`), written to Excel in the background (core.exports); the answer is the export's progress page."""
    from django.shortcuts import redirect

    from lienhiep.core import services

    query = request.GET.copy()
    for name, value in about.items():
        query[name] = str(value)
    return redirect(services.export_request(actor=request.user, source=source, query=query))
