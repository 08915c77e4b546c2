from lienhiep.core.access_cases import EDIT, MANAGE, Case


def _person(world):
    return {"pk": world.person.pk}


def _membership(world):
    return {"pk": world.membership.pk}


CASES = {
    "members:list": Case(scoped=False),
    "members:stats": Case(scoped=False),
    "members:admit": Case(
        methods={"GET": EDIT, "POST": EDIT},
        scoped=False,
        data=lambda w: {"org": w.y_te.pk, "joined_on": "01/02/2024", "full_name": "Trần Thị Bình"},
    ),
    "members:detail": Case(kwargs=_person),
    "members:edit": Case(
        kwargs=_person,
        methods={"GET": EDIT, "POST": EDIT},
        data=lambda w: {"full_name": "Nguyễn Văn An", "phone": "0912 000 111"},
    ),
    "members:membership_add": Case(
        kwargs=_person,
        methods={"GET": EDIT, "POST": EDIT},
        data=lambda w: {"org": w.trung_luong.pk, "joined_on": "01/02/2024"},
    ),
    "members:reveal_id": Case(kwargs=_person, methods={"POST": EDIT}),
    "members:consent_give": Case(
        kwargs=_person,
        methods={"GET": EDIT, "POST": EDIT},
        data=lambda w: {"purpose": "contact", "notice_version": "2026-01", "agreed": "on"},
    ),
    "members:consent_withdraw": Case(
        kwargs=lambda w: {"pk": w.person.pk, "consent_pk": w.consent.pk}, methods={"POST": EDIT}
    ),
    "members:export_data": Case(kwargs=_person, methods={"POST": MANAGE}),
    "members:erase": Case(kwargs=_person, methods={"GET": MANAGE, "POST": MANAGE}, data=lambda w: {"confirm": "1"}),
    "members:transfer": Case(
        kwargs=_membership,
        methods={"GET": EDIT, "POST": EDIT},
        data=lambda w: {"to_org": w.trung_luong.pk, "on": "01/02/2024"},
    ),
    "members:leave": Case(
        kwargs=_membership,
        methods={"GET": EDIT, "POST": EDIT},
        data=lambda w: {"on": "01/02/2024", "reason": "retirement"},
    ),
}
