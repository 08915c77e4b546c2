"""The contest pages: the editions a user reaches, a contest and its editions, an edition's rules (fields,
categories, rounds and their rubric, the prize table, copied from the previous edition), its moves, sending an entry
with its authors and files (a secretary for her unit, or the organiser from paper), an entry and its screening, and
the public page of an edition (no login). Thin: an access check, a form, one service call, a page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.contests import selectors, services
from lienhiep.contests.forms import (
    AUTHOR_INITIAL,
    RULE_FORMS,
    AuthorFormSet,
    ContestForm,
    EditionForm,
    EntryChangeForm,
    EntryFileForm,
    EntryForm,
    ScreenForm,
)
from lienhiep.contests.models import (
    EDITION_TRANSITIONS,
    Contest,
    EditionStatus,
    EntryStatus,
)
from lienhiep.contests.permissions import (
    entry_level,
    get_contest_for_user,
    get_edition_for_user,
    get_edition_to_submit,
    get_entry_file_for_user,
    get_entry_for_user,
    get_entry_to_change,
    get_entry_to_screen,
    may_submit,
    organiser_level,
)
from lienhiep.core.http import act, form_page, submit
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today

# How long a browser or a proxy may keep the public page before asking again (it answers 304 while nothing changed).
PUBLIC_MAX_AGE = 300


@require_GET
def edition_list(request: HttpRequest) -> HttpResponse:
    """The editions the user reaches: those of the contests her units organise, and the open ones above her units."""
    if org_permissions.org_ids_at_least(request.user, Access.VIEW) == []:
        raise Http404
    editable = org_permissions.orgs_at_least(request.user, Access.EDIT)
    contests = Contest.objects.filter(org__in=editable).select_related("org").order_by("org__name_sort", "name")
    context = {
        "editions": selectors.editions_visible_to(request.user)[:200],
        "contests": contests[:100],
        "can_create": editable.exists(),
    }
    return render(request, "contests/list.html", context)


@require_http_methods(["GET", "POST"])
def contest_new(request: HttpRequest) -> HttpResponse:
    node = org_permissions.get_org_for_user(request.user, org_permissions.node_asked(request), need=Access.EDIT)
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True)
    form = ContestForm(request.POST or None, orgs=orgs, initial={"org": node})
    return form_page(
        request, form, services.contest_create, _("The contest is recorded. Add its first edition next."),
        to="contests:list", template="contests/form.html", title=_("New contest"),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def edition_new(request: HttpRequest, pk: int) -> HttpResponse:
    contest = get_contest_for_user(request.user, pk)
    year = today().year
    form = EditionForm(request.POST or None, initial={"year_start": year, "year_end": year})
    return form_page(
        request, form, services.edition_create,
        _("The edition is created. Enter its rules, or copy the previous edition's."),
        to=lambda edition: reverse("contests:rules", args=[edition.pk]), template="contests/form.html",
        title=_("New edition of %(contest)s") % {"contest": contest.name}, values=form.details, contest=contest,
    )  # fmt: skip


@require_GET
def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, pk)
    level = organiser_level(request.user, edition)
    organiser = level is not None and level >= Access.EDIT
    entries = selectors.entries_visible_in(request.user, edition)
    context = {
        "edition": edition,
        "organiser": organiser,
        "can_submit": edition.status == EditionStatus.OPEN and may_submit(request.user, edition),
        "entries": entries[:500],
        "entry_total": entries.count(),
        "counts": selectors.entry_counts(edition) if level is not None else [],
        "moves": list(EDITION_TRANSITIONS[edition.status].items()) if organiser else [],
        "fields": edition.fields.prefetch_related("categories"),
        "rounds": edition.rounds.prefetch_related("criteria"),
        "prize_rows": selectors.prize_table(edition),
    }
    return render(request, "contests/edition.html", context)


@require_http_methods(["GET", "POST"])
def edition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, pk, Access.EDIT)
    initial = {name: getattr(edition, name) for name in services.EDITION_FIELDS}
    form = EditionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if submit(request, services.edition_update, form, _("Saved."), values=form.details(), edition=edition):
            return redirect(edition.get_absolute_url())
    return render(request, "contests/form.html", {"form": form, "title": str(edition), "edition": edition})


def _rule_forms(edition: Any, data: Any = None, what: str = "") -> dict[str, Any]:
    made = {}
    for name, form_class in RULE_FORMS.items():
        bound = data if name == what else None
        kwargs: dict[str, Any] = {"prefix": name}
        if name in ("category", "criterion", "prize"):
            kwargs["edition"] = edition
        made[name] = form_class(bound, **kwargs)
    return made


def _add_rule(actor: Any, edition: Any, what: str, data: dict[str, Any]) -> None:
    if what == "field":
        services.field_add(actor=actor, edition=edition, **data)
    elif what == "category":
        services.category_add(actor=actor, **data)
    elif what == "round":
        services.round_add(actor=actor, edition=edition, **data)
    elif what == "criterion":
        services.criterion_add(actor=actor, **data)
    else:
        services.prize_row_add(actor=actor, edition=edition, **data)


@require_http_methods(["GET", "POST"])
def edition_rules(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition's rule rows, each added by its own small form (`what`), and the copy from the previous edition."""
    edition = get_edition_for_user(request.user, pk, Access.EDIT)
    what = request.POST.get("what", "")
    forms = _rule_forms(edition, request.POST if request.method == "POST" else None, what)
    if request.method == "POST":
        form = forms.get(what)
        if form is None:
            raise Http404
        if form.is_valid():
            if act(request, lambda: _add_rule(request.user, edition, what, form.cleaned_data), _("Saved."), form=form):
                return redirect("contests:rules", edition.pk)
    context = {
        "edition": edition,
        "forms": forms,
        "editable": edition.status == EditionStatus.DRAFT,
        "previous": services.previous_edition(edition),
        "fields": edition.fields.prefetch_related("categories"),
        "rounds": edition.rounds.prefetch_related("criteria"),
        "prize_rows": selectors.prize_table(edition),
    }
    return render(request, "contests/rules.html", context)


@require_POST
def edition_copy(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, pk, Access.EDIT)
    act(
        request,
        lambda: services.edition_copy_rules(actor=request.user, edition=edition),
        _("The rules of the previous edition are copied. Check the dates and the amounts."),
    )
    return redirect("contests:rules", edition.pk)


@require_POST
def edition_move(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, pk, Access.EDIT)
    if act(request, lambda: services.edition_move(actor=request.user, edition=edition, to=request.POST.get("to", ""))):
        messages.success(request, _("The edition is now “%(status)s”.") % {"status": edition.get_status_display()})
    return redirect(edition.get_absolute_url())


@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an entry: its registration form, two or more authors, the dossier's files; on a phone too."""
    edition = get_edition_to_submit(request.user, pk)
    level = organiser_level(request.user, edition)
    organiser = level is not None and level >= Access.EDIT
    units = selectors.units_to_submit_for(request.user, edition)
    post = request.POST if request.method == "POST" else None
    form = EntryForm(post, request.FILES or None, edition=edition, units=units, organiser=organiser)
    if units.count() == 1 and "sending_unit" not in form.data:
        form.initial["sending_unit"] = units.first()
    authors = AuthorFormSet(post, prefix="authors")
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        rows = [f.cleaned_data for f in authors.forms if f.cleaned_data]
        moved = submit(
            request,
            services.entry_submit,
            form,
            values=form.details(),
            edition=edition,
            authors=rows,
            files_in=form.uploads(),
        )
        if moved:
            messages.success(request, _("The entry is sent (number %(n)s).") % {"n": moved.result.number})
            return redirect(moved.result.get_absolute_url())
    context = {"form": form, "authors": authors, "edition": edition, "title": _("Send an entry")}
    return render(request, "contests/entry_form.html", context)


@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    level = organiser_level(request.user, entry.edition)
    screening = (
        level is not None
        and level >= Access.EDIT
        and entry.status in (EntryStatus.SUBMITTED, EntryStatus.ACCEPTED, EntryStatus.REFUSED)
        and entry.edition.status in (EditionStatus.OPEN, EditionStatus.SCREENING)
    )
    context = {
        "entry": entry,
        "authors": entry.authors.select_related("person"),
        "files": entry.files.all(),
        "screen_form": ScreenForm() if screening else None,
        "history": entry.events.select_related("actor").order_by("at", "id"),
        "chain": _chain(entry),
        "can_edit": (entry_level(request.user, entry) or 0) >= Access.EDIT,
        "file_form": EntryFileForm() if services.entry_changeable(request.user, entry) else None,
    }
    return render(request, "contests/entry.html", context)


@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an entry sent (its registration, its authors) while the rules allow it: its unit's secretary before
    the window closes, the organiser until screening (`services.entry_update` says why not, on the form)."""
    entry = get_entry_to_change(request.user, pk)
    edition = entry.edition
    post = request.POST if request.method == "POST" else None
    initial = {name: getattr(entry, name) for name in ("field", "category", *services.ENTRY_FIELDS)}
    form = EntryChangeForm(post, edition=edition, initial=initial)
    kept = [{name: getattr(a, name) for name in AUTHOR_INITIAL} for a in entry.authors.all()]
    authors = AuthorFormSet(post, prefix="authors", initial=kept)
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        rows = [f.cleaned_data for f in authors.forms if f.cleaned_data]
        details = form.details()
        for name in ("from_paper", "sending_unit", "submitted_on"):
            details.pop(name, None)
        if act(
            request,
            lambda: services.entry_update(actor=request.user, entry=entry, authors=rows, **details),
            _("The entry is saved."),
            form=form,
        ):
            return redirect(entry.get_absolute_url())
    context = {"form": form, "authors": authors, "edition": edition, "entry": entry, "title": _("Correct the entry")}
    return render(request, "contests/entry_form.html", context)


@require_POST
def entry_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One more file for the dossier of an entry sent, while the rules allow it (as for correcting it)."""
    entry = get_entry_to_change(request.user, pk)
    form = EntryFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose what the file is and the file."))
        return redirect(entry.get_absolute_url())
    moved = act(
        request,
        lambda: services.entry_file_add(
            actor=request.user, entry=entry, kind=form.cleaned_data["kind"], upload=form.cleaned_data["upload"]
        ),
    )
    if moved:
        messages.success(request, _("The file %(name)s is added.") % {"name": moved.result.original_name})
    return redirect(entry.get_absolute_url())


def _chain(entry: Any) -> list[Any]:
    """The entry at the levels below it, nearest first: its history as it was forwarded up."""
    found, seen = [], {entry.pk}
    current = entry.forwarded_from
    while current is not None and current.pk not in seen:
        found.append(current)
        seen.add(current.pk)
        current = current.forwarded_from
    return found


@require_POST
def entry_screen(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_to_screen(request.user, pk)
    form = ScreenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to refuse the entry."))
        return redirect(entry.get_absolute_url())
    if act(
        request,
        lambda: services.entry_screen(
            actor=request.user,
            entry=entry,
            accepted=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, _("The entry is now “%(status)s”.") % {"status": entry.get_status_display()})
    return redirect(entry.get_absolute_url())


@require_GET
def entry_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    row = get_entry_file_for_user(request.user, pk)
    return row.response(inline=True)


# --- The public page --------------------------------------------------------------------------------------------


def _cached_public(request: HttpRequest, pk: int, *, results: bool) -> HttpResponse:
    """A public page: 404 for an edition not published (or results not approved), 304 while the visitor's copy is
    current (ETag), else the page as last rendered for this version (kept in the cache for PUBLIC_MAX_AGE: a
    results day's crowd renders a national list once per process), rendered without the request (no cookie, no
    token: the same bytes for everyone)."""
    found = selectors.public_version(pk)
    if found is None or (results and not found[0].results_public):
        raise Http404
    edition, etag = found
    quoted = f'"{etag}"'
    if quoted in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        key = f"contests:public:{'results' if results else 'rules'}:{etag}:{get_language()}"
        body = cache.get(key)
        if body is None:
            page = selectors.public_page(edition, etag, results=results)
            template = "contests/public_results.html" if results else "contests/public.html"
            body = render_to_string(template, {"page": page, "edition": edition})
            cache.set(key, body, PUBLIC_MAX_AGE)
        response = HttpResponse(body)
    response["ETag"] = quoted
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    patch_vary_headers(response, ["Accept-Language"])
    return response


@login_not_required
@require_GET
def public(request: HttpRequest, pk: int) -> HttpResponse:
    """An edition's public page, for anyone: its rules, fields, deadlines and prize table, and a link to its results
    once the organising board approved them. Nothing else of the union. Kept by browsers and proxies for a few
    minutes and answered 304 while it has not changed (ETag), so a results day's crowd costs little. An edition
    whose rules are still being prepared is not published (404)."""
    return _cached_public(request, pk, results=False)


@login_not_required
@require_GET
def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition's prizes by field and rank, with titles, units and the authors who agreed to be named (the
    others counted, not named): 404 until the board approved the results, as for a page that does not exist."""
    return _cached_public(request, pk, results=True)
