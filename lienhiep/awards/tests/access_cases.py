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


def _exists(model, **values):
    from lienhiep.awards import models

    return getattr(models, model).objects.filter(**values).exists()


def _with_scan(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("qd.pdf", b"%PDF-1.4 quyet dinh 56\n%%EOF\n", content_type="application/pdf")
    return {**_honour_data(world), "scan": scan}


CASES = {
    "awards:list": Case(scoped=False),
    "awards:export": Case(query=lambda w: {"node": w.hong_linh.pk}),
    "awards:new": Case(
        methods={"GET": EDIT, "POST": EDIT},
        query=lambda w: {"org": w.y_te.pk},
        data=_with_scan,
        changed=lambda w, client: _exists("Honour", decision_number="56/QĐ-LHH", scan_type="application/pdf"),
    ),
    "awards:edit": Case(
        kwargs=_honour_pk,
        methods={"GET": EDIT, "POST": EDIT},
        data=_with_scan,
        changed=lambda w, client: _exists("Honour", decision_number="56/QĐ-LHH", form="giay_khen"),
    ),
    "awards:delete": Case(kwargs=_honour_pk, methods={"POST": EDIT}, changed=lambda w, client: not _exists("Honour")),
    "awards:scan": Case(kwargs=_scanned_honour_pk),
    "awards:ratings": Case(query=lambda w: {"node": w.hong_linh.pk, "year": "2023"}),
    "awards:ratings_export": Case(query=lambda w: {"node": w.hong_linh.pk, "year": "2023"}),
    "awards:rating_set": Case(
        methods={"GET": EDIT, "POST": EDIT},
        query=lambda w: {"org": w.y_te.pk},
        data=lambda w: {"org": w.y_te.pk, "year": "2023", "rating": "excellent", "rated_by": "local_committee"},
        changed=lambda w, client: _exists("EmulationRating", org=w.y_te, year=2023, rating="excellent"),
    ),
}
