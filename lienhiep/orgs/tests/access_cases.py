import datetime as dt

from lienhiep.core.access_cases import EDIT, MANAGE, VIEW, Case, form_on, posted_on

D = dt.date


def _node(world):
    return {"pk": world.y_te.pk}


def _org(pk):
    from lienhiep.orgs.models import Org

    return Org.objects.get(pk=pk)


def _today():
    from lienhiep.orgs.selectors import today

    return today()


def _role(world, **values):
    from lienhiep.orgs.models import Role

    return Role.objects.filter(**values).exists()


def _named(*names):
    from lienhiep.orgs.models import Org

    return Org.objects.filter(name__in=names).count() == len(names)


def _scheduled_move(world):
    """Y tế moved directly under Hà Tĩnh in 2099: a change alice could make today, so may cancel."""
    from lienhiep.orgs import services
    from lienhiep.orgs.models import OrgEvent

    event = OrgEvent.objects.filter(org=world.y_te, kind="move", effective_on=D(2099, 1, 1)).first()
    if event is None:
        services.org_move(actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2099, 1, 1))
        event = OrgEvent.objects.get(org=world.y_te, kind="move", effective_on=D(2099, 1, 1))
    return {"pk": world.y_te.pk, "event_pk": event.pk}


def _cancelled(world):
    from lienhiep.orgs.models import OrgEvent

    return OrgEvent.objects.filter(org=world.y_te, kind="cancel").exists()


CASES = {
    "home": Case(scoped=False, role_less=True),
    "orgs:assignments": Case(scoped=False, role_less=True),
    "orgs:tree": Case(scoped=False),
    "orgs:tree_search": Case(scoped=False),
    # Without `within` it is not about one node, and an outsider finds nothing (tested in test_views).
    "orgs:unit_lookup": Case(query=lambda w: {"within": w.ha_tinh.pk, "q": "hoi"}),
    "orgs:switch": Case(
        methods={"POST": VIEW},
        scoped=False,
        data=lambda w: {"org": w.ha_tinh.pk},
        changed=lambda w, client: client.session.get("working_org_id") == w.ha_tinh.pk,
    ),
    "orgs:detail": Case(kwargs=_node),
    "orgs:tree_children": Case(kwargs=_node),
    "orgs:create_child": form_on(
        _node,
        MANAGE,
        data=lambda w: {"kind": "branch", "name": "Chi hội mới", "founded_on": "01/01/2020", "confirm": "1"},
        changed=lambda w, client: _named("Chi hội mới"),
    ),
    "orgs:edit": form_on(
        _node, EDIT, data=lambda w: {"address": "Số 1"}, changed=lambda w, client: _org(w.y_te.pk).address == "Số 1"
    ),
    "orgs:rename": form_on(
        _node,
        MANAGE,
        data=lambda w: {"name": "Tên mới", "on": "01/01/2024", "confirm": "1"},
        changed=lambda w, client: _org(w.y_te.pk).name == "Tên mới",
    ),
    "orgs:move": form_on(
        _node,
        MANAGE,
        data=lambda w: {"new_parent": w.ha_tinh.pk, "on": "01/01/2024", "confirm": "1"},
        changed=lambda w, client: _moved(w),
    ),
    "orgs:merge": form_on(
        _node,
        MANAGE,
        data=lambda w: {"target": w.trung_luong.pk, "on": "01/01/2024", "confirm": "1"},
        changed=lambda w, client: _org(w.y_te.pk).successor_id == w.trung_luong.pk,
    ),
    "orgs:split": form_on(
        _node,
        MANAGE,
        data=lambda w: {"parts": "A\nB", "on": "01/01/2024", f"kid_{w.branch.pk}": "1", "confirm": "1"},
        changed=lambda w, client: _named("A", "B"),
    ),
    "orgs:dissolve": form_on(
        _node,
        MANAGE,
        data=lambda w: {"on": "01/01/2024", "children_to": w.trung_luong.pk, "confirm": "1"},
        changed=lambda w, client: _org(w.y_te.pk).ended_on == D(2024, 1, 1),
    ),
    "orgs:role_grant": form_on(
        _node,
        MANAGE,
        # An account within the officer's reach (lan leads Hà Tĩnh), from today: the form offers no other.
        data=lambda w: {"user": w.lan.pk, "kind": "secretary", "valid_from": f"{_today():%d/%m/%Y}"},
        changed=lambda w, client: _role(w, user=w.lan, org=w.y_te, kind="secretary", valid_from=_today()),
    ),
    "orgs:audit": Case(kwargs=_node, methods={"GET": MANAGE}),
    "orgs:audit_export": Case(kwargs=_node, methods={"GET": MANAGE}),
    "orgs:user_lookup": Case(methods={"GET": MANAGE}, query=lambda w: {"within": w.y_te.pk, "q": "lan"}),
    "orgs:change_cancel": posted_on(_scheduled_move, MANAGE, changed=lambda w, client: _cancelled(w)),
    "orgs:role_end": posted_on(
        lambda w: {"pk": w.trung_luong.pk, "role_pk": w.bob_role.pk},
        MANAGE,
        data=lambda w: {"on": "01/01/2024"},
        changed=lambda w, client: _role(w, pk=w.bob_role.pk, valid_to=D(2024, 1, 1)),
    ),
}


def _moved(world):
    from lienhiep.orgs import selectors

    return selectors.parent_on(world.y_te, on=D(2024, 1, 1)) == world.ha_tinh
