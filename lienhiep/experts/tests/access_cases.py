from lienhiep.core.access_cases import EDIT, MANAGE, Case


def _expert_pk(world):
    from lienhiep.experts import services

    expert = services.expert_create(
        actor=world.root, org=world.ha_tinh, full_name="Trần Đình Phúc", workplace="Trường Đại học Hà Tĩnh",
        academic_title="pgs", education="ts",
    )  # fmt: skip
    return {"pk": expert.pk}


def _expert_data(world):
    return {
        "org": world.ha_tinh.pk, "full_name": "Nguyễn Thị Minh Hằng",
        "workplace": "Sở Tài nguyên và Môi trường Hà Tĩnh", "available": "on",
    }  # fmt: skip


def _exists(**values):
    from lienhiep.experts.models import Expert

    return Expert.objects.filter(**values).exists()


def _experts_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "Họ và tên,Nơi công tác,Lĩnh vực\nNguyễn Văn Hải,Trường Đại học Hà Tĩnh,Giáo dục\n"
    return {"file": SimpleUploadedFile("chuyen-gia.csv", rows.encode(), content_type="text/csv")}


def _experts_read(world):
    """Alice's file of experts for Hà Tĩnh's list, read and checked (the background task run here)."""
    from lienhiep.experts import importing

    data = _experts_file(world)["file"].read()
    batch = importing.EXPERTS.upload(actor=world.alice, org=world.ha_tinh, file_name="cg.csv", data=data)
    return {"pk": importing.EXPERTS.read(batch_id=batch.pk).pk}


def _experts_stalled(world):
    """A file whose reading lost its worker: its heartbeat older than IMPORT_STALE_AFTER."""
    import datetime as dt

    from django.utils import timezone

    from lienhiep.experts import importing
    from lienhiep.experts.models import ExpertImport

    data = _experts_file(world)["file"].read()
    batch = importing.EXPERTS.upload(actor=world.alice, org=world.ha_tinh, file_name="cg.csv", data=data)
    ExpertImport.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    return {"pk": batch.pk}


def _event(**values):
    from lienhiep.experts import models

    return models.ExpertImportEvent.objects.filter(**values).exists()


def _batch(**values):
    from lienhiep.experts import models

    return models.ExpertImport.objects.filter(**values).exists()


CASES = {
    "experts:import": Case(
        methods={"GET": EDIT, "POST": EDIT},
        query=lambda w: {"org": w.ha_tinh.pk},
        data=lambda w: {"org": w.ha_tinh.pk, **_experts_file(w)},
        changed=lambda w, client: _batch(actor=w.alice, org=w.ha_tinh, status="reading"),
    ),
    "experts:import_template": Case(methods={"GET": EDIT}, query=lambda w: {"org": w.ha_tinh.pk}),
    "experts:import_batch": Case(kwargs=_experts_read, methods={"GET": EDIT}, private=True),
    "experts:import_progress": Case(kwargs=_experts_read, methods={"GET": EDIT}, private=True),
    "experts:import_layout": Case(
        kwargs=_experts_read,
        methods={"POST": EDIT},
        private=True,
        data=lambda w: {"header_row": 1},
        changed=lambda w, client: _batch(actor=w.alice, status="reading", header_row=1),
    ),
    "experts:import_run": Case(
        kwargs=_experts_read,
        methods={"POST": EDIT},
        private=True,
        changed=lambda w, client: _batch(actor=w.alice, status="importing"),
    ),
    "experts:import_retry": Case(
        kwargs=_experts_stalled,
        methods={"POST": EDIT},
        private=True,
        changed=lambda w, client: _event(kind="reading", before="stopped"),
    ),
    "experts:import_cancel": Case(
        kwargs=_experts_stalled,
        methods={"POST": EDIT},
        private=True,
        changed=lambda w, client: _batch(actor=w.alice, status="cancelled"),
    ),
    "experts:list": Case(scoped=False),
    "experts:new": Case(
        methods={"GET": EDIT, "POST": EDIT},
        query=lambda w: {"org": w.ha_tinh.pk},
        data=_expert_data,
        changed=lambda w, client: _exists(full_name="Nguyễn Thị Minh Hằng"),
    ),
    "experts:detail": Case(kwargs=_expert_pk),
    "experts:edit": Case(
        kwargs=_expert_pk,
        methods={"GET": EDIT, "POST": EDIT},
        data=lambda w: {**_expert_data(w), "full_name": "Trần Đình Phúc", "position": "Trưởng khoa"},
        changed=lambda w, client: _exists(full_name="Trần Đình Phúc", position="Trưởng khoa"),
    ),
    "experts:account": Case(
        kwargs=_expert_pk,
        methods={"GET": MANAGE, "POST": MANAGE},
        data=lambda w: {"username": "phuc.tran", "password": "Phản biện đô thị 2026!"},
        changed=lambda w, client: _exists(user__username="phuc.tran"),
    ),
}
