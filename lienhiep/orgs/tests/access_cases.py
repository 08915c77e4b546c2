from lienhiep.core.access_cases import EDIT, MANAGE, VIEW, Case


def _node(world):
    return {"pk": world.y_te.pk}


CASES = {
    "home": Case(scoped=False),
    "orgs:tree": Case(scoped=False),
    "orgs:tree_search": Case(scoped=False),
    # Without `within` it is not about one node, and an outsider finds nothing (tested in test_views).
    "orgs:unit_lookup": Case(query=lambda w: {"within": w.ha_tinh.pk, "q": "hoi"}),
    "orgs:switch": Case(methods={"POST": VIEW}, scoped=False, data=lambda w: {"org": w.ha_tinh.pk}),
    "orgs:detail": Case(kwargs=_node),
    "orgs:tree_children": Case(kwargs=_node),
    "orgs:create_child": Case(
        kwargs=_node,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"kind": "branch", "name": "Chi hội mới", "founded_on": "01/01/2020", "confirm": "1"},
    ),
    "orgs:edit": Case(kwargs=_node, methods={"GET": EDIT, "POST": EDIT}, data=lambda w: {"address": "Số 1"}),
    "orgs:rename": Case(
        kwargs=_node,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"name": "Tên mới", "on": "01/01/2024", "confirm": "1"},
    ),
    "orgs:move": Case(
        kwargs=_node,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"new_parent": w.ha_tinh.pk, "on": "01/01/2024", "confirm": "1"},
    ),
    "orgs:merge": Case(
        kwargs=_node,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"target": w.trung_luong.pk, "on": "01/01/2024", "confirm": "1"},
    ),
    "orgs:split": Case(
        kwargs=_node,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"parts": "A\nB", "on": "01/01/2024", f"kid_{w.branch.pk}": "1", "confirm": "1"},
    ),
    "orgs:dissolve": Case(
        kwargs=_node,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"on": "01/01/2024", "children_to": w.trung_luong.pk, "confirm": "1"},
    ),
    "orgs:role_grant": Case(
        kwargs=_node,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"username": "olga", "kind": "leader", "valid_from": "01/01/2024"},
    ),
    "orgs:role_end": Case(
        kwargs=lambda w: {"pk": w.trung_luong.pk, "role_pk": w.bob_role.pk},
        methods={"POST": MANAGE},
        data=lambda w: {"on": "01/01/2024"},
    ),
}
