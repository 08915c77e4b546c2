from lienhiep.core.access_cases import EDIT, MANAGE, Case, created_on, form_on, import_cases, listed_under


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


CASES = {
    "experts:list": listed_under("hong_linh"),
    "experts:new": created_on(
        "ha_tinh",
        EDIT,
        data=_expert_data,
        changed=lambda w, client: _exists(full_name="Nguyễn Thị Minh Hằng"),
    ),
    "experts:detail": Case(kwargs=_expert_pk),
    "experts:edit": form_on(
        _expert_pk,
        EDIT,
        data=lambda w: {**_expert_data(w), "full_name": "Trần Đình Phúc", "position": "Trưởng khoa"},
        changed=lambda w, client: _exists(full_name="Trần Đình Phúc", position="Trưởng khoa"),
    ),
    "experts:account": form_on(
        _expert_pk,
        MANAGE,
        data=lambda w: {"username": "phuc.tran", "password": "Phản biện đô thị 2026!"},
        changed=lambda w, client: _exists(user__username="phuc.tran"),
    ),
}
CASES |= import_cases(
    "lienhiep.experts.importing.EXPERTS", org=lambda w: w.ha_tinh, file=lambda w: _experts_file(w)["file"]
)
