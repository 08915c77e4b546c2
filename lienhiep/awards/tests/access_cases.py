import datetime as dt

from django.core.files.base import ContentFile

from lienhiep.core.access_cases import EDIT, Case, created_on, form_on, listed_under, pk_of, posted_on

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


def _nomination(world, *, sent: bool = False, with_file: bool = False):
    from lienhiep.awards import services

    uploads = [ContentFile(b"%PDF-1.4 to trinh\n%%EOF\n", name="to-trinh.pdf")] if with_file else []
    nomination = services.nomination_create(
        actor=world.root, org=world.y_te, person=world.person, form="lao_dong_sang_tao", issuer="vusta", year=2025,
        proposed_on=D(2026, 3, 10), reason="Sáng kiến được áp dụng tại Trung tâm Y tế", uploads=uploads,
    )  # fmt: skip
    if sent:
        services.nomination_send(actor=world.root, nomination=nomination, sent_on=D(2026, 3, 20))
    return nomination


def _nomination_data(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao thanh tich\n%%EOF\n", content_type="application/pdf")
    return {
        "org": world.y_te.pk, "person": world.person.pk, "form": "bang_khen", "issuer": "provincial_committee",
        "year": "2025", "proposed_on": "15/04/2026", "reason": "Thành tích năm 2025", "uploads": upload,
    }  # fmt: skip


CASES = {
    "awards:list": listed_under("hong_linh"),
    "awards:export": listed_under("hong_linh"),
    "awards:new": created_on(
        "y_te",
        EDIT,
        data=_with_scan,
        changed=lambda w, client: _exists("Honour", decision_number="56/QĐ-LHH", scan_type="application/pdf"),
    ),
    "awards:edit": form_on(
        _honour_pk,
        EDIT,
        data=_with_scan,
        changed=lambda w, client: _exists("Honour", decision_number="56/QĐ-LHH", form="giay_khen"),
    ),
    "awards:delete": posted_on(_honour_pk, EDIT, changed=lambda w, client: not _exists("Honour")),
    "awards:scan": Case(kwargs=_scanned_honour_pk),
    "awards:ratings": listed_under("hong_linh", {"year": "2023"}),
    "awards:ratings_export": listed_under("hong_linh", {"year": "2023"}),
    "awards:rating_set": created_on(
        "y_te",
        EDIT,
        {"year": "2023", "rating": "excellent", "rated_by": "local_committee"},
        changed=lambda w, client: _exists("EmulationRating", org=w.y_te, year=2023, rating="excellent"),
    ),
    "awards:nominations": listed_under("hong_linh"),
    "awards:nominations_export": listed_under("hong_linh"),
    "awards:nomination_new": created_on(
        "y_te",
        EDIT,
        data=_nomination_data,
        changed=lambda w, client: _exists("NominationFile", nomination__form="bang_khen", original_name="bao-cao.pdf"),
    ),
    "awards:nomination": Case(kwargs=pk_of(_nomination)),
    "awards:nomination_edit": form_on(
        pk_of(_nomination),
        EDIT,
        data=_nomination_data,
        changed=lambda w, client: _exists("Nomination", form="bang_khen", issuer="provincial_committee"),
    ),
    "awards:nomination_move": posted_on(
        lambda w: {"pk": _nomination(w, sent=True).pk},
        EDIT,
        data=lambda w: {
            "to": "granted",
            "granted-decision_number": "77/QĐ-LHHVN",
            "granted-decision_date": "20/06/2026",
        },
        changed=lambda w, client: _exists("Nomination", status="granted", honour__decision_number="77/QĐ-LHHVN"),
    ),
    "awards:nomination_file": Case(kwargs=lambda w: {"pk": _nomination(w, with_file=True).files.get().pk}),
}
