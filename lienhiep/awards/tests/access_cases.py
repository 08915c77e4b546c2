import datetime as dt

from django.core.files.base import ContentFile

from lienhiep.core.access_cases import EDIT, Case

D = dt.date


def _honour_pk(world):
    from lienhiep.awards import services

    honour = services.honour_create(
        actor=world.root, org=world.y_te, form="bang_khen", issuer="vusta", decision_number="1234/QĐ-LHHVN",
        decision_date=D(2023, 12, 15), reason="Có thành tích xuất sắc trong hoạt động Hội",
    )  # fmt: skip
    return {"pk": honour.pk}


def _scanned_honour_pk(world):
    from lienhiep.awards import services
    from lienhiep.awards.models import Honour

    pk = _honour_pk(world)["pk"]
    services.honour_scan_attach(
        actor=world.root,
        honour=Honour.objects.get(pk=pk),
        scan=ContentFile(b"%PDF-1.4 quyet dinh\n%%EOF\n", name="qd.pdf"),
    )
    return {"pk": pk}


def _honour_data(world):
    return {
        "org": world.y_te.pk, "form": "giay_khen", "issuer": "provincial_union", "decision_number": "56/QĐ-LHH",
        "decision_date": "20/12/2023", "reason": "Có thành tích trong hoạt động Hội năm 2023",
    }  # fmt: skip


CASES = {
    "awards:list": Case(scoped=False),
    "awards:new": Case(methods={"GET": EDIT, "POST": EDIT}, scoped=False, data=_honour_data),
    "awards:edit": Case(kwargs=_honour_pk, methods={"GET": EDIT, "POST": EDIT}, data=_honour_data),
    "awards:delete": Case(kwargs=_honour_pk, methods={"POST": EDIT}),
    "awards:scan": Case(kwargs=_scanned_honour_pk),
    "awards:ratings": Case(scoped=False),
    "awards:rating_set": Case(
        methods={"GET": EDIT, "POST": EDIT},
        scoped=False,
        data=lambda w: {"org": w.y_te.pk, "year": "2023", "rating": "excellent", "rated_by": "local_committee"},
    ),
}
