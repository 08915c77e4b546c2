from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienhiep.core import declarations
from lienhiep.core.forms import parse_date, posted_valid
from lienhiep.core.http import act, form_page, id_param, submit
from lienhiep.orgs import audit, figures, grants, permissions, selectors, services
from lienhiep.orgs import events as org_events
from lienhiep.orgs.forms import (
    AsOfForm,
    AuditFilterForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    OrgCreateForm,
    OrgEditForm,
    RenameForm,
    RoleEndForm,
    RoleGrantForm,
    SplitForm,
    account_label,
    unit_label,
)
from lienhiep.orgs.middleware import SESSION_KEY
from lienhiep.orgs.models import ALLOWED_PARENT_KINDS, EventKind, Org, OrgKind
from lienhiep.orgs.permissions import Access

FULL_TREE_LIMIT = 400


def _on(request: HttpRequest) -> Any:
    return parse_date(request.GET.get("on"), selectors.today())


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    org = getattr(request, "working_org", None)
    context: dict[str, Any] = {"org": org, "alerts": home_alerts(request.user)}
    if getattr(request, "role_less", False):
        context["assignments"] = grants.assignments(request.user)
    if org is not None:
        today = selectors.today()
        context["children"] = selectors.children(org, on=today)
        context["node_count"] = selectors.node_count_on(org, on=today)
        context["recent"] = recent = selectors.recent_events(org, limit=10)
        context["visible"] = _visible_among(request.user, [e.org_id for e in recent])
    return render(request, "orgs/home.html", context)


@require_GET
def assignments(request: HttpRequest) -> HttpResponse:
    """The records granted to the user (orgs/grants.py): what an expert or a juror came for."""
    return render(request, "orgs/assignments.html", {"assignments": grants.assignments(request.user)})


@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    chosen = id_param(request.POST.get("org"))
    if chosen is None or chosen not in {o.pk for o in request.role_orgs}:  # type: ignore[attr-defined]
        raise Http404
    request.session[SESSION_KEY] = chosen
    target = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return redirect(target)


@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    root = permissions.org_from_param(request, "root", or_working=True)
    form = AsOfForm(initial={"on": on, "q": request.GET.get("q", "")})
    context: dict[str, Any] = {"root": root, "on": on, "form": form, "lazy": False}
    if root is not None:
        roots = selectors.tree_as_of(on=on, root=root, max_nodes=FULL_TREE_LIMIT, include_ended=True)
        if not roots and selectors.spell_on(root, on=on) is not None:
            context["lazy"] = True
            roots = [selectors.tree_root(root, on=on, include_ended=True)]
        context["roots"] = roots
        shown = selectors.flatten(roots)
        context["visible"] = _visible_among(request.user, [n.org.pk for n in shown])
        context["existed"] = bool(roots)
        context["changes"] = _annotate(request.user, shown, on)
        # A past date: the units the root holds today that stood elsewhere then, where they stood (decision 0007).
        context["elsewhere"] = elsewhere = selectors.held_elsewhere(root, on=on)
        context["visible"] |= _visible_among(request.user, [n.org.pk for n in selectors.flatten(elsewhere)])
    if request.GET.get("q"):
        context["results"] = _search(request, on, root)
    return render(request, "orgs/tree.html", context)


def _visible_among(user: Any, ids: list[int]) -> set[int]:
    return set(permissions.orgs_at_least(user).filter(pk__in=ids).values_list("pk", flat=True))


def _annotate(user: Any, nodes: list[selectors.TreeNode], on: dt.date, *, counts: bool = True) -> list[dict[str, Any]]:
    """Mark the rows of a tree with the changes scheduled for them and, on today's tree, their members; return
    the scheduled changes of these units, those coming under them included, as the page lists them (decision
    0007): each with a link to the unit only for a user who may open it."""
    ids = [n.org.pk for n in nodes]
    today = selectors.today()
    changes = selectors.scheduled_changes(ids) if on == today else []
    labels: dict[int, str] = {}
    for event in changes:
        if event.kind in selectors.CHANGE_KINDS:
            labels.setdefault(event.org_id, org_events.scheduled_label(event))
    members = tree_counts(ids, on=today) if counts and on == today else {}
    for node in nodes:
        node.scheduled = labels.get(node.org.pk, "")
        node.members = members.get(node.org.pk)
    units = {e.pk: e.data["child"]["id"] if e.kind == EventKind.CHILD_IN else e.org_id for e in changes}
    visible = _visible_among(user, list(units.values()))
    return [
        {"event": e, "label": org_events.scheduled_label(e), "unit": units[e.pk], "link": units[e.pk] in visible}
        for e in changes
    ]


def held_records(org_ids: list[int]) -> list[tuple[str, int]]:
    """What units `org_ids` hold, counted by kind (activities, initiatives, honours, budget and spending lines…), as
    the apps to the right declare it (`held_records` on their AppConfig): what goes with a unit that moves."""
    return [count for counted in declarations.imported("held_records") for count in counted(org_ids=org_ids)]


def home_alerts(user: Any) -> list[tuple[str, str]]:
    """What the home page warns the user of — (sentence, link) —, from every app that declares `home_alerts` on its
    AppConfig (members: data subject requests past their deadline, breaches not notified in time)."""
    return [alert for alerts in declarations.imported("home_alerts") for alert in alerts(user)]


def tree_counts(org_ids: list[int], *, on: dt.date) -> dict[int, int]:
    """Members of each unit's subtree on `on`, from the app that keeps members (declared as `tree_counts` on its
    AppConfig: orgs does not import the apps to its right)."""
    counted = declarations.imported("tree_counts")
    return counted[0](org_ids=org_ids, on=on) if counted else {}  # type: ignore[no-any-return]


def _search(request: HttpRequest, on: Any, root: Org | None) -> list[Any]:
    within = permissions.orgs_at_least(request.user)
    if root is not None:
        # What the root holds that day, the units that had ended under it included.
        within = within.filter(pk__in=selectors.visible_ids([root.pk], on=on))
    found = selectors.search(request.GET.get("q", ""), on=on, within=within)
    return [(spell, selectors.ancestors(spell.org, on=selectors.tree_day(spell.org, on))) for spell in found]


@require_GET
def tree_search(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    root = permissions.org_from_param(request, "root")
    results = _search(request, on, root) if request.GET.get("q", "").strip() else None
    return render(request, "orgs/_search_results.html", {"results": results, "on": on})


NEEDS = {"view": Access.VIEW, "edit": Access.EDIT, "manage": Access.MANAGE}


@require_GET
def unit_lookup(request: HttpRequest) -> JsonResponse:
    """Units for a picker, as the user types (`?q=`): among those the user may see (`need=view`, the default) or
    record on (`need=edit`, `manage`), `active=1` only those that have not ended, `kind=` of those kinds, `within=`
    under a unit they see."""
    within = request.GET.get("within", "")  # not an id, or not theirs: 404 (get_org_for_user)
    among = permissions.pickable_orgs(
        request.user,
        need=NEEDS.get(request.GET.get("need", ""), Access.VIEW),
        active=request.GET.get("active") == "1",
        kinds=[k for k in request.GET.getlist("kind") if k in OrgKind.values],
        within=permissions.get_org_for_user(request.user, within) if within else None,
    )
    found = selectors.unit_lookup(request.GET.get("q", ""), among=among)
    return JsonResponse({"results": [_unit_choice(spell) for spell in found]})


@require_GET
def user_lookup(request: HttpRequest) -> JsonResponse:
    """Accounts for the role form's picker, as the user types: `?within=<the unit the role is for>&q=`, among the
    accounts the user may grant a role to (`permissions.grantable_users`); granting takes MANAGE on the unit."""
    if permissions.org_from_param(request, "within", need=Access.MANAGE) is None:
        raise Http404
    found = selectors.user_lookup(request.GET.get("q", ""), among=permissions.grantable_users(request.user))
    return JsonResponse({"results": [{"value": account.pk, "text": account_label(account)} for account in found]})


def _unit_choice(spell: Any) -> dict[str, Any]:
    """A unit as a picker shows it: its name (marked if it has ended), the short name it is known by, and the unit
    above it."""
    above = spell.parent.short_name or spell.parent.name if spell.parent else ""
    return {"value": spell.org_id, "text": unit_label(spell.org, spell.name), "short": spell.short_name, "sub": above}


@require_GET
def tree_children(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_user(request.user, pk)
    on = _on(request)
    kids = selectors.children(org, on=on, include_ended=True)
    visible = _visible_among(request.user, [k.org.pk for k in kids])
    _annotate(request.user, kids, on)
    return render(request, "orgs/_tree_children.html", {"nodes": kids, "on": on, "visible": visible, "lazy": True})


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_user(request.user, pk)
    # An ended unit is shown as it stood on its last day, unless another date is asked for.
    on = parse_date(request.GET.get("on"), selectors.tree_day(org, selectors.today()))
    level = permissions.access_level(request.user, org)
    events = Paginator(selectors.timeline(org), 50).get_page(request.GET.get("page"))
    kids = selectors.children(org, on=on, include_ended=True)
    today = selectors.today()
    itself = selectors.TreeNode(org=org, name=org.name, short_name=org.short_name, parent_id=None, depth=0)
    # The unit's own changes and members are today's; its children's rows follow the date shown.
    changes = _annotate(request.user, [itself, *kids] if on == today else [itself], today)
    if on != today:
        _annotate(request.user, kids, on)
    for change in changes:
        change["cancel"] = _may_cancel(request.user, change["event"])
    page_events = list(events)
    cancelled = selectors.cancelled_ids(e for e in page_events if e.kind in selectors.CHANGE_KINDS)
    for event in page_events:
        event.cancelled = event.pk in cancelled  # type: ignore[attr-defined]
    context = {
        "itself": itself,
        "changes": changes,
        "org": org,
        "on": on,
        "form": AsOfForm(initial={"on": on}),
        "spell": selectors.spell_on(org, on=on),
        "ancestors": selectors.ancestors(org, on=on),
        "children": kids,
        "live_count": sum(1 for k in kids if not k.ended),
        "visible": _visible_among(request.user, [k.org.pk for k in kids]),
        "history": selectors.history(org),
        "events": events,
        "roles": selectors.roles_on(org),
        "can_edit": level is not None and level >= Access.EDIT,
        "can_manage": level is not None and level >= Access.MANAGE,
        "can_restructure": _can_restructure(request.user, org),
    }
    return render(request, "orgs/detail.html", context)


def _may_cancel(user: Any, event: Any) -> bool:
    if event.kind not in selectors.CHANGE_KINDS:
        return False
    try:
        permissions.get_change_for_user(user, event.org_id, event.pk)
    except (PermissionDenied, Http404):
        return False
    return True


@require_POST
def change_cancel(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Cancel a change of unit `pk` scheduled after today (decision 0007)."""
    event = permissions.get_change_for_user(request.user, pk, event_pk)
    act(
        request,
        lambda: services.org_change_cancel(actor=request.user, event=event),
        _("The scheduled change has been cancelled; the tree stays as it is."),
    )
    return redirect("orgs:detail", pk=pk)


def _can_restructure(user: Any, org: Org) -> bool:
    try:
        permissions.get_org_for_restructure(user, org.pk)
    except (PermissionDenied, Http404):
        return False
    return org.ended_on is None and not selectors.scheduled_for(org)


def _operation(
    request: HttpRequest,
    org: Org,
    form: Any,
    title: str,
    operation: Callable[..., Any],
    done: str,
    /,
    *,
    values: Callable[[], dict[str, Any]] | None = None,
    redirect_to: Callable[[Any], str] | None = None,
    impact: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    **given: Any,
) -> HttpResponse:
    """Validate, show what will change (the events, and with `impact` what goes with the unit), and only on
    confirmation do it: `operation(actor=…, **values, **given)`, its values the form's cleaned data unless the view
    shapes them (`values`, called once the form is valid), `given` what the view decided (the unit operated on)."""
    events: Any = None
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        kwargs = {**(values() if values is not None else form.cleaned_data), **given}
        if request.POST.get("confirm") == "1":
            moved = act(request, lambda: operation(actor=request.user, **kwargs), done, form=form)
            if moved:
                return redirect(redirect_to(moved.result) if redirect_to else reverse("orgs:detail", args=[org.pk]))
        else:
            previewed = act(
                request,
                lambda: (services.preview(operation, actor=request.user, **kwargs), impact(kwargs) if impact else {}),
                form=form,
            )
            if previewed:
                events, extra = previewed.result
    context = {
        "org": org,
        "form": form,
        "title": title,
        "events": events,
        "spell": selectors.spell_on(org, on=selectors.today()),
        "last_change": selectors.last_change_on(org, with_subtree=True),
        **extra,
    }
    return render(request, "orgs/operation.html", context)


def _move_impact(org: Org, data: dict[str, Any]) -> dict[str, Any]:
    """What moves with the unit: its units and members today (computed, remembering nothing: the preview writes
    nothing), and who loses and gains access."""
    today = selectors.today()
    with figures.computed_afresh():
        members = tree_counts([org.pk], on=today).get(org.pk)
    units = list(selectors.subtree_ids(org, on=today).values_list("descendant_id", flat=True))
    return {
        "impact": selectors.move_impact(org, to=data["new_parent"], on=data["on"]),
        "members": members,
        "records": held_records(units),
    }


@require_http_methods(["GET", "POST"])
def create_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = permissions.get_org_for_user(request.user, pk, need=Access.MANAGE)
    kinds = [k for k, allowed in ALLOWED_PARENT_KINDS.items() if parent.kind in allowed]
    form = OrgCreateForm(request.POST or None, kinds=kinds)
    title = _("New unit under %(name)s") % {"name": parent.name}
    return _operation(
        request, parent, form, title, services.org_create, _("The new unit has been created."),
        redirect_to=lambda created: reverse("orgs:detail", args=[created.pk]), parent=parent,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_user(request.user, pk, need=Access.EDIT)
    form = OrgEditForm(request.POST or None, instance=Org.objects.get(pk=org.pk))
    return form_page(
        request, form, services.org_update, _("The details have been saved."), to=reverse("orgs:detail", args=[org.pk]),
        template="orgs/edit.html", title=_("Edit details"), context={"org": org}, org=org,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_restructure(request.user, pk)
    form = RenameForm(request.POST or None, initial={"name": org.name, "short_name": org.short_name})
    title = _("Rename %(name)s") % {"name": org.name}
    return _operation(request, org, form, title, services.org_rename, _("The unit has been renamed."), org=org)


@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_restructure(request.user, pk)
    parent_kinds = [k for k in ALLOWED_PARENT_KINDS[org.kind] if k]
    parent = selectors.parent_on(org, on=selectors.today())
    targets = (
        permissions.orgs_at_least(request.user, Access.MANAGE, active=True)
        .filter(kind__in=parent_kinds)
        .exclude(pk__in=[org.pk, parent.pk if parent else 0])
        .order_by("name_sort")
    )
    form = MoveForm(request.POST or None, targets=targets, kinds=parent_kinds)
    title = _("Move %(name)s") % {"name": org.name}
    return _operation(
        request, org, form, title, services.org_move, _("The unit has been moved."),
        impact=lambda kwargs: _move_impact(org, kwargs), org=org,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_restructure(request.user, pk)
    parent = selectors.parent_on(org, on=selectors.today())
    targets = permissions.orgs_at_least(request.user, Access.MANAGE, active=True).exclude(pk=org.pk)
    form = DissolveForm(request.POST or None, targets=targets, initial={"children_to": parent})
    title = _("Dissolve %(name)s") % {"name": org.name}
    done = _("The unit has been dissolved; its history is kept.")
    return _operation(request, org, form, title, services.org_dissolve, done, org=org)


@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_restructure(request.user, pk)
    candidates = permissions.orgs_at_least(request.user, Access.MANAGE, active=True).filter(kind=org.kind)
    form = MergeForm(request.POST or None, candidates=candidates.exclude(pk=org.pk), kind=org.kind)

    def values() -> dict[str, Any]:
        data = form.cleaned_data
        return {
            "sources": [org, *data["others"]],
            "target": data["target"],
            "new_name": data["new_name"],
            "on": data["on"],
        }

    title = _("Merge %(name)s") % {"name": org.name}
    return _operation(
        request, org, form, title, services.org_merge, _("The units have been merged."), values=values,
        redirect_to=lambda target: reverse("orgs:detail", args=[target.pk]),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def split(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_restructure(request.user, pk)
    kids = [n.org for n in selectors.children(org, on=selectors.today())]
    form = SplitForm(request.POST or None, kids=kids)

    def values() -> dict[str, Any]:
        data = form.cleaned_data
        return {
            "on": data["on"],
            "parts": form.part_names(),
            "assignment": form.assignment(),
            "keep_original": data["keep_original"],
        }

    title = _("Split %(name)s") % {"name": org.name}
    return _operation(
        request, org, form, title, services.org_split, _("The unit has been split."), values=values, org=org
    )


@require_http_methods(["GET", "POST"])
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    org = permissions.get_org_for_user(request.user, pk, need=Access.MANAGE)
    form = RoleGrantForm(
        request.POST or None,
        org=org,
        accounts=permissions.grantable_users(request.user),
        earliest=services.role_earliest_start(actor=request.user, org=org),
        initial={"valid_from": selectors.today()},
    )
    return form_page(
        request, form, services.role_grant, _("The role has been granted."), to=reverse("orgs:detail", args=[org.pk]),
        template="orgs/role_grant.html", title=_("Grant a role"), context={"org": org}, org=org,
    )  # fmt: skip


@require_POST
def role_end(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    role = permissions.get_role_for_user(request.user, role_pk)
    if role.org_id != pk:
        raise Http404
    org = role.org
    form = RoleEndForm(request.POST)
    if posted_valid(request, form, _("Enter a real date as dd/mm/yyyy, for example 31/12/2023.")):
        submit(request, services.role_end, form, _("The role has ended."), on_form=False, role=role)
    return redirect("orgs:detail", pk=org.pk)


KIND_ICONS = {
    OrgKind.NATIONAL: "bank",
    OrgKind.PROVINCIAL: "building",
    OrgKind.DISTRICT: "buildings",
    OrgKind.ASSOCIATION: "people",
    OrgKind.BRANCH: "diagram-2",
}


# --- Audit trail ------------------------------------------------------------------------------


def _audit(request: HttpRequest, pk: int) -> tuple[Org, AuditFilterForm, list[Any]]:
    """The node (its officers read its subtree's trail), the filters as asked, and the rows they keep."""
    org = permissions.get_org_for_user(request.user, pk, need=Access.MANAGE)
    ids = selectors.subtree_ids(org, on=selectors.today())
    choices = [(s.key, str(s.model._meta.verbose_name_plural)) for s in audit.sources()]
    form = AuditFilterForm(request.GET or None, actors=audit.actor_choices(ids), sources=choices)
    filters = audit.Filters(org_ids=ids)
    if form.is_valid():
        data = form.cleaned_data
        filters = audit.Filters(
            org_ids=ids,
            actor_id=data["actor"].pk if data["actor"] else None,
            source=data["source"] or "",
            object_id=data["object_id"],
            start=data["start"],
            end=data["end"],
        )
    rows = audit.trail(filters, limit=audit.EXPORT_LIMIT if request.path.endswith("/export/") else audit.LIMIT)
    return org, form, rows


@require_GET
def audit_trail(request: HttpRequest, pk: int) -> HttpResponse:
    org, form, rows = _audit(request, pk)
    shown = [(source, event, audit.about(source, event)) for source, event in rows]
    context = {"org": org, "form": form, "rows": shown, "limit": audit.LIMIT}
    return render(request, "orgs/audit.html", context)


@require_GET
def audit_export(request: HttpRequest, pk: int) -> HttpResponse:
    from lienhiep.core.spreadsheets.writing import download, xlsx_bytes

    org, _form, rows = _audit(request, pk)
    header: list[object] = [
        _("Recorded at"),
        _("Table"),
        _("Event"),
        _("User"),
        _("IP address"),
        _("Browser"),
        _("About"),
        _("Details"),
    ]
    lines: list[list[object]] = [header]
    for source, event in rows:
        lines.append(
            [
                timezone.localtime(event.at).replace(tzinfo=None),
                str(source.model._meta.verbose_name_plural),
                str(event.get_kind_display()),  # type: ignore[attr-defined]
                str(event.actor or ""),
                event.ip or "",
                event.user_agent,
                audit.about(source, event),
                json.dumps(event.data, ensure_ascii=False),
            ]
        )
    title = _("Audit trail")
    data = xlsx_bytes(lines, title=title, widths=[18, 24, 28, 20, 16, 30, 24, 60], heading=[title, org.name])
    return download(data, f"nhat-ky-{org.pk}-{selectors.today():%Y%m%d}.xlsx")
