from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core import files, spreadsheets
from lienhiep.core import views as core_views
from lienhiep.core.events import logged
from lienhiep.core.forms import ImportLayoutForm, parse_date, posted_valid
from lienhiep.core.http import act, export_started, form_page, id_param, progress_response, row_url, submit, url_with
from lienhiep.core.models import RequestKind
from lienhiep.core.paging import COUNT_CAP, SEARCH_COUNT_CAP, list_page, sequence_page
from lienhiep.core.spreadsheets import XLSX_TYPE
from lienhiep.core.templatetags.vn import vdate
from lienhiep.members import duplicates, permissions, selectors, services, statistics
from lienhiep.members.forms import (
    AdmitForm,
    CollectiveForm,
    ConsentForm,
    EstimateForm,
    ImportMappingForm,
    ImportUploadForm,
    LeaveForm,
    MemberFilterForm,
    MembershipAddForm,
    PersonForm,
    StatsForm,
    TransferForm,
    person_label,
)
from lienhiep.members.models import (
    IMPORT_RUNNING,
    ImportBatch,
    ImportStatus,
    MergeStatus,
    Person,
)
from lienhiep.orgs import permissions as org_permissions
from lienhiep.orgs import selectors as org_selectors
from lienhiep.orgs.forms import unit_form
from lienhiep.orgs.permissions import Access
from lienhiep.orgs.selectors import today


@require_GET
def person_lookup(request: HttpRequest) -> JsonResponse:
    """Persons for a picker, as the user types: `?within=<node>&q=<part of a name>` (members.selectors)."""
    node = org_permissions.org_from_param(request, "within")
    if node is None:
        raise Http404
    persons = selectors.person_lookup(within=node, q=request.GET.get("q", ""))  # the node's subtree is theirs
    return JsonResponse({"results": [{"value": p.pk, "text": person_label(p)} for p in persons]})


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    form = org_permissions.filter_form(request.user, request.GET, MemberFilterForm)
    filters = selectors.own_unit_picked(request.user, selectors.root_unpicked(form.list_filters()))
    visible = selectors.list_visible_ids(request.user, filters)
    cap = SEARCH_COUNT_CAP if filters.q else COUNT_CAP  # a search's count only says to narrow it (decision 0021)
    persons, count = selectors.person_list_counted(visible_org_ids=visible, filters=filters, cap=cap)
    first = selectors.keys_first(visible_org_ids=visible, filters=filters)
    page, paging = list_page(request, persons, key="name_sort", count=count, cap=cap, keys_first=first)
    units = selectors.person_list_units(person_ids=[p.pk for p in page], visible_org_ids=visible, filters=filters)
    for person in page:
        # What each row prints, made here: a template's tag or filter costs 25-85 µs a row (the link's reversal most),
        # a plain value 12 µs (docs/benchmarks.md, "Session 14").
        unit = units.get(person.pk, "")
        person.list_url = row_url("members:detail", person.pk)  # type: ignore[attr-defined]
        person.list_sub = f"{person.birth_date.year} · {unit}" if person.birth_date else unit  # type: ignore[attr-defined]
        person.list_born = vdate(person.birth_date)  # type: ignore[attr-defined]
        person.list_education = person.get_education_display()  # type: ignore[attr-defined]
    context = {
        "form": form,
        "persons": page,
        **paging,
        "can_admit": permissions.member_orgs_for(request.user).exists(),
        "can_merge": org_permissions.holds_at_least(request.user, Access.MANAGE),
    }
    template = "members/_list_rows.html" if request.htmx else "members/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@logged(RequestKind.PERSON_VIEW, target="person")
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk)
    if person.merged_into_id is not None:  # a tombstone (seen by the system administrator): the record kept
        return redirect("members:detail", pk=person.merged_into_id)
    unit_levels = permissions.unit_levels_found(request.user, person)  # what the access function found: one read
    level = max(unit_levels.values()) if unit_levels else None  # permissions.person_access
    memberships = list(selectors.person_memberships_visible_to(user=request.user, person=person, levels=unit_levels))
    for membership in memberships:
        membership.can_edit = unit_levels.get(membership.org_id, 0) >= Access.EDIT  # type: ignore[attr-defined]
    units = {m.org_id for m in memberships}
    context = {
        "person": person,
        "memberships": memberships,
        "events": selectors.person_events_visible_to(user=request.user, person=person, org_ids=units),
        "consents": person.consents.order_by("-given_at"),
        "can_edit": level is not None and level >= Access.EDIT,
        "can_see_id": permissions.can_see_id(level),
        "can_see_sensitive": permissions.can_see_sensitive(level),
        "today": today(),
        "merges": (
            person.merges_kept.filter(status=MergeStatus.DONE).select_related("merged")
            if permissions.can_see_sensitive(level)
            else []
        ),
    }
    return render(request, "members/detail.html", context)


@require_http_methods(["GET", "POST"])
def admit(request: HttpRequest) -> HttpResponse:
    node = permissions.get_member_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = permissions.member_orgs_for(request.user)
    sensitive = org_permissions.orgs_at_least(request.user, Access.MANAGE).exists()
    form = unit_form(request, AdmitForm, node, orgs, sensitive=sensitive, initial={"joined_on": today()})
    matches: list[duplicates.Match] = []
    if request.method == "POST" and form.is_valid():
        values, data = form.person_values(), form.cleaned_data
        matches = duplicates.likely_duplicates(
            user=request.user, full_name=values["full_name"], birth_date=values.get("birth_date"),
            phone=values.get("phone", ""), card_number=data["card_number"], org=node, id_number=values.get("id_number"),
        )  # fmt: skip
        # "Same person": the membership goes to the record already there, one of those shown, never a new record.
        same = id_param(request.POST.get("same_as"))
        existing = next((match.person for match in matches if match.person.pk == same), None)
        try:
            if existing is not None:
                services.member_admit(
                    actor=request.user, person=existing, org=node, joined_on=data["joined_on"],
                    card_number=data["card_number"],
                )  # fmt: skip
                messages.success(request, _("%(name)s has been added to the association.") % {"name": existing})
                return redirect("members:detail", pk=existing.pk)
            if form.ask_name_case():  # asked beside the duplicates, if any
                pass
            elif not matches or request.POST.get("distinct"):  # "another person": saved as new, as asked
                person = services.person_admit(
                    actor=request.user, org=node, joined_on=data["joined_on"], card_number=data["card_number"],
                    fields=list(data["expertise"]), **values,
                )  # fmt: skip
                messages.success(request, _("%(name)s has been admitted.") % {"name": person.full_name})
                return redirect("members:detail", pk=person.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = {"form": form, "title": _("Admit a member"), "matches": matches, "admitting": True}
    return render(request, "members/form.html", context)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk, need=Access.EDIT)
    level = permissions.person_access(request.user, person)
    sensitive = permissions.can_see_sensitive(level)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS if name != "id_number"}
    initial["expertise"] = list(person.fields.all())
    form = PersonForm(request.POST or None, initial=initial, sensitive=sensitive, stored_id=person.id_number)
    matches: list[duplicates.Match] = []
    if request.method == "POST" and form.is_valid():
        values = form.person_values()
        if not request.POST.get("distinct") and duplicates.identity_changed(person, values):
            matches = duplicates.likely_duplicates(
                user=request.user, full_name=values["full_name"], birth_date=values.get("birth_date"),
                phone=values.get("phone", ""), exclude=[person.pk],
            )  # fmt: skip
        if not form.ask_name_case() and not matches:
            if act(
                request,
                lambda: services.person_update(
                    actor=request.user, person=person, fields=list(form.cleaned_data["expertise"]), **values
                ),
                _("The details have been saved."),
                form=form,
            ):
                return redirect("members:detail", pk=person.pk)
    context = {
        "form": form, "title": person.full_name, "person": person, "matches": matches,
        "can_merge": level is not None and level >= Access.MANAGE,
    }  # fmt: skip
    return render(request, "members/form.html", context)


@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk, need=Access.EDIT)
    form = MembershipAddForm(request.POST or None, orgs=permissions.member_orgs_for(request.user))
    return form_page(
        request, form, services.member_admit, _("The membership has been recorded."),
        to=reverse("members:detail", args=[person.pk]), template="members/form.html",
        title=_("Add %(name)s to another association") % {"name": person.full_name}, context={"person": person},
        person=person,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    membership = permissions.get_membership_for_user(request.user, pk, need=Access.EDIT)
    orgs = permissions.member_orgs_for(request.user).exclude(pk=membership.org_id)
    form = TransferForm(request.POST or None, orgs=orgs, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        if submit(
            request, services.membership_transfer, form, _("The member has been transferred."), membership=membership
        ):
            return redirect("members:detail", pk=membership.person_id)
    title = _("Transfer %(name)s from %(org)s") % {"name": membership.person.full_name, "org": membership.org.name}
    return render(request, "members/form.html", {"form": form, "title": title, "person": membership.person})


@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    membership = permissions.get_membership_for_user(request.user, pk, need=Access.EDIT)
    form = LeaveForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        if submit(request, services.membership_end, form, _("The leaving has been recorded."), membership=membership):
            return redirect("members:detail", pk=membership.person_id)
    title = _("%(name)s leaves %(org)s") % {"name": membership.person.full_name, "org": membership.org.name}
    return render(request, "members/form.html", {"form": form, "title": title, "person": membership.person})


@require_POST
def reveal_id(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk, need=Access.EDIT)
    value = services.person_reveal_id(actor=request.user, person=person)
    return render(request, "members/_id_revealed.html", {"value": value, "person": person})


@require_http_methods(["GET", "POST"])
def consent_give(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk, need=Access.EDIT)
    form = ConsentForm(request.POST or None)
    return form_page(
        request, form, services.consent_give, _("The consent has been recorded."),
        to=lambda _consent: reverse("members:detail", args=[person.pk]), template="members/form.html",
        title=_("Record consent of %(name)s") % {"name": person.full_name}, context={"person": person},
        values=form.details, person=person,
    )  # fmt: skip


@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    consent = permissions.get_consent_for_user(request.user, consent_pk)
    if consent.person_id != pk:
        raise Http404
    person = consent.person
    act(
        request,
        lambda: services.consent_withdraw(actor=request.user, consent=consent),
        _("The withdrawal has been recorded."),
    )
    return redirect("members:detail", pk=person.pk)


@require_POST
def export_data(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk, need=Access.MANAGE)
    data = services.person_export(actor=request.user, person=person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_for_user(request.user, pk, need=Access.MANAGE)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        moved = act(
            request,
            lambda: services.person_erase(actor=request.user, person=person),
            _("The person's data has been erased; the counts are kept."),
        )
        if moved:
            if permissions.person_access(request.user, moved.result) is None:
                return redirect("members:list")  # another unit still holds the person: no longer this side's
        return redirect("members:detail", pk=person.pk)
    return render(request, "members/erase.html", {"person": person})


@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    nodes = org_permissions.orgs_at_least(request.user)
    node = getattr(request, "working_org", None)
    form = StatsForm(request.GET or None, nodes=nodes, initial={"node": node, "on": today()})
    on = today()
    if form.is_valid():
        node = form.cleaned_data["node"] or node
        on = form.cleaned_data["on"] or on
    context: dict[str, Any] = {"form": form, "node": node, "on": on}
    if node is not None:
        context.update(statistics.figures(node, on))
        context["heading"] = statistics.heading(node, on)
        context["export_url"] = url_with("members:stats_export", node=node.pk, on=on)
        context["estimates"] = selectors.estimates(node)
        context["can_estimate"] = org_permissions.can(request.user, node, Access.MANAGE)
        context["estimate_form"] = EstimateForm(initial={"year": on.year})
    return render(request, "members/stats.html", context)


@require_GET
def stats_export(request: HttpRequest) -> HttpResponse:
    """The statistics page as an Excel file: `?node=` (404 outside the user's tree; none: the working unit), `?on=`."""
    node = org_permissions.page_node(request)
    form = StatsForm(request.GET, nodes=org_permissions.orgs_at_least(request.user))
    on = (form.cleaned_data["on"] if form.is_valid() else None) or today()
    data = statistics.workbook(node, on, statistics.figures(node, on))
    return spreadsheets.download(data, f"thong-ke-hoi-vien-{on:%Y%m%d}.xlsx")


# --- Duplicates and merges ------------------------------------------------------------------------------


DUPLICATES_PAGE = 20


@require_GET
def duplicates_list(request: HttpRequest) -> HttpResponse:
    """Pairs of records under a unit that likely are one person, for an officer to compare and merge."""
    node = permissions.get_duplicates_org_for_user(
        request.user, org_permissions.node_asked(request, "node", need=Access.MANAGE)
    )
    keys = duplicates.duplicate_keys(node=node)
    shown, pager = sequence_page(request, keys, width=3, page_size=DUPLICATES_PAGE)
    page = duplicates.pairs_of(keys[i] for i in shown)
    return render(request, "members/duplicates.html", {"node": node, "page": page, **pager})


@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Two records side by side; the officer chooses the one to keep and merges the other into it."""
    first, second = permissions.get_pair_for_user(request.user, pk, other)
    if request.method == "POST":
        keep = id_param(request.POST.get("keep"))
        kept, merged = (first, second) if keep == first.pk else (second, first) if keep == second.pk else (None, None)
        if kept is None or merged is None:
            messages.error(request, _("Choose the record to keep."))
        else:
            if act(
                request,
                lambda: services.person_merge(actor=request.user, kept=kept, merged=merged),
                _("%(merged)s has been merged into this record.") % {"merged": merged.full_name},
            ):
                return redirect("members:detail", pk=kept.pk)
    pair = [
        {
            "person": p,
            "memberships": list(selectors.person_memberships_visible_to(user=request.user, person=p)),
            "events": p.events.count(),
        }
        for p in (first, second)
    ]
    return render(request, "members/merge.html", {"pair": pair, "first": first, "second": second})


@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = permissions.get_merge_for_user(request.user, pk)
    act(
        request,
        lambda: services.person_merge_undo(actor=request.user, merge=merge),
        _("The merge has been undone: the two records are apart again."),
    )
    return redirect("members:detail", pk=merge.kept_id)


# --- Import --------------------------------------------------------------------------------------


IMPORT_PAGE = "members:import_batch"


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    node = permissions.get_member_org_for_user(request.user, org_permissions.node_asked(request))
    orgs = org_permissions.orgs_at_least(request.user, Access.EDIT, active=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None, orgs=orgs, initial={"org": node})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.MAX_IMPORT_BYTES:
                raise ValidationError(
                    _("The file is larger than %(mb)s MB. Split it into smaller files.")
                    % {"mb": services.MAX_IMPORT_BYTES // 2**20}
                )
            batch = services.import_upload(actor=request.user, org=node, file_name=upload.name, data=upload.read())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("members:import_batch", pk=batch.pk)
    batches = ImportBatch.objects.filter(actor_id=request.user.pk).order_by("-created_at")[:10]
    return render(request, "members/import.html", {"form": form, "batches": batches, "node": node})


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    from lienhiep.members.importing import template_xlsx

    node = permissions.get_member_org_for_user(request.user, org_permissions.node_asked(request))
    # The example row names the unit, or (for a union) the first association under it where the user records.
    under = permissions.member_orgs_for(request.user).filter(pk__in=org_selectors.subtree_ids(node, on=today()))
    example = node if node.kind in services.MEMBER_KINDS else under.first()
    return spreadsheets.download(
        template_xlsx(**({"org_name": example.name} if example else {})), "mau-nhap-hoi-vien.xlsx"
    )


@require_http_methods(["GET", "POST"])
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch as its reading and check stored it: never the file itself (a workbook is parsed only by the
    background tasks)."""
    batch = permissions.get_batch_for_user(request.user, pk)
    form = layout = None
    if batch.status in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED) and batch.table:
        table = batch.table
        layout = ImportLayoutForm(table=table)
        form = ImportMappingForm(
            request.POST or None, headers=table["headers"], mapping=batch.mapping, hidden=table["hidden"]
        )
        if request.method == "POST" and form.is_valid():
            if act(
                request,
                lambda: services.import_request_check(actor=request.user, batch=batch, mapping=form.mapping()),
                form=form,
            ):
                return redirect("members:import_batch", pk=batch.pk)
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    repeats = list(batch.repeats.order_by("row")) if batch.status == ImportStatus.CHECKED else []
    named = Person.objects.in_bulk({pk for r in repeats for pk in r.persons})
    for repeat in repeats:
        repeat.matches = [named[pk] for pk in repeat.persons if pk in named]  # type: ignore[attr-defined]
        repeat.reason_labels = [str(duplicates.REASONS[r]) for r in repeat.reasons]  # type: ignore[attr-defined]
    context = {
        "batch": batch, "form": form, "layout": layout, "errors": services.import_errors(batch),
        "running": batch.status in IMPORT_RUNNING and not batch.stalled, "table": batch.table,
        "repeats": repeats, "undecided": sum(1 for r in repeats if not r.choice),
    }  # fmt: skip
    return render(request, "members/import_batch.html", context)


@require_POST
def import_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's choice for each row that may repeat a member: the same person, or another one."""
    batch = permissions.get_batch_for_user(request.user, pk)
    choices = {
        number: str(value)
        for name, value in request.POST.items()
        if name.startswith("row_") and (number := id_param(name[4:])) is not None
    }
    act(
        request,
        lambda: services.import_resolve(actor=request.user, batch=batch, choices=choices),
        _("The choices have been saved."),
    )
    return redirect("members:import_batch", pk=batch.pk)


@require_POST
def import_layout(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the file again from another sheet or header row."""
    batch = permissions.get_batch_for_user(request.user, pk)
    return core_views.batch_layout(request, batch, read=services.import_request_read, page=IMPORT_PAGE)


@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = permissions.get_batch_for_user(request.user, pk)
    return progress_response(request, "members/_import_progress.html", {"batch": batch}, running=batch.running)


@require_POST
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run again the work of an import whose worker stopped."""
    batch = permissions.get_batch_for_user(request.user, pk)
    return core_views.batch_action(request, batch, services.import_retry, page=IMPORT_PAGE)


@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up an import whose worker stopped."""
    batch = permissions.get_batch_for_user(request.user, pk)
    done = _("The import has been cancelled; nothing of it was written.")
    return core_views.batch_action(request, batch, services.import_cancel, page=IMPORT_PAGE, done=done)


@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    batch = permissions.get_batch_for_user(request.user, pk)
    act(
        request,
        lambda: services.import_request_apply(
            actor=request.user, batch=batch, proper_case=request.POST.get("proper_case") == "1"
        ),
        said=lambda error: (
            " ".join(error.messages)
            if error.code == "undecided"
            else _("Check the file and fix every row in error before importing.")
        ),
    )
    return redirect("members:import_batch", pk=batch.pk)


@logged(RequestKind.ERRORS_FILE, target="import")
@require_GET
def import_errors_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    batch = permissions.get_batch_for_user(request.user, pk)
    name = f"loi-{Path(batch.file_name).stem}.xlsx"
    return files.serve_kept(batch.errors_file, named=lambda _suffix: name, content_type=XLSX_TYPE)


@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = permissions.get_batch_for_user(request.user, pk)
    act(request, lambda: services.import_undo(actor=request.user, batch=batch), _("The import has been undone."))
    return redirect("members:import_batch", pk=batch.pk)


# --- Export --------------------------------------------------------------------------------------


@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    """The list as filtered: CSV streamed now, Excel written in the background (core.exports); a `?node=` outside the
    user's tree: 404, as on the list (checked here because the Excel file is only read in the background)."""
    from lienhiep.core import spreadsheets
    from lienhiep.members import exporting

    org_permissions.org_from_param(request, "node")
    if request.GET.get("format") == "csv":
        rows = exporting.list_rows(request.user, request.GET, file_format="csv").rows
        return spreadsheets.csv_response(rows, f"hoi-vien-{today():%Y%m%d}.csv")
    return export_started(request, "members")


# --- Collective members and estimates -------------------------------------------------------------


@require_GET
def collective_list(request: HttpRequest) -> HttpResponse:
    node = org_permissions.org_from_param(request, "node", or_working=True)
    members = list(selectors.collective_members(node, on=today())) if node else []
    units = org_permissions.editable_among(request.user, (m.org_id for m in members))
    context = {
        "node": node,
        "members": members,
        "can_add": permissions.member_orgs_for(request.user).exists(),
        "editable": {m.pk for m in members if m.org_id in units},
    }
    return render(request, "members/collective.html", context)


@require_http_methods(["GET", "POST"])
def collective_new(request: HttpRequest) -> HttpResponse:
    node = permissions.get_collective_org_for_user(request.user, org_permissions.node_asked(request))
    form = unit_form(request, CollectiveForm, node, permissions.member_orgs_for(request.user))
    return form_page(
        request, form, services.collective_admit, _("The collective member has been recorded."),
        to="members:collective", template="members/form.html", title=_("New collective member"), org=node,
    )  # fmt: skip


@require_POST
def collective_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = permissions.get_collective_for_user(request.user, pk)
    on = parse_date(request.POST.get("on"), today())
    act(
        request,
        lambda: services.collective_end(actor=request.user, member=member, on=on),
        _("The leaving has been recorded."),
    )
    return redirect("members:collective")


@require_POST
def estimate_set(request: HttpRequest, pk: int) -> HttpResponse:
    node = permissions.get_estimate_org_for_user(request.user, pk)
    form = EstimateForm(request.POST)
    if posted_valid(request, form):
        submit(request, services.estimate_set, form, _("The estimate has been saved."), on_form=False, org=node)
    return redirect(f"{reverse('members:stats')}?node={node.pk}")
