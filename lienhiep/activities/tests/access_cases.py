import datetime as dt

from django.core.files.base import ContentFile

from lienhiep.core.access_cases import EDIT, MANAGE, Case, created_on, form_on, import_cases, listed_under, posted_on
from lienhiep.core.tests.samples import png_bytes

D = dt.date


def _activity(world):
    from lienhiep.activities import services

    activity = services.activity_create(
        actor=world.root, org=world.y_te, kind="training", title="Tập huấn sơ cấp cứu", start_date=D(2023, 5, 10),
        participants_public=40,
    )  # fmt: skip
    return activity


def _activity_pk(world):
    return {"pk": _activity(world).pk}


def _file_pk(world):
    from lienhiep.activities import services

    file = services.activity_file_add(
        actor=world.root, activity=_activity(world), upload=ContentFile(png_bytes(), name="anh.png")
    )
    return {"pk": file.pk}


def _initiative_pk(world):
    from lienhiep.activities import services

    initiative = services.initiative_create(
        actor=world.root, org=world.y_te, title="Cải tiến bảng y lệnh điều trị", author_names="Nguyễn Văn An",
        level="sector", year=2022, applied=True, effect="Áp dụng tại Trung tâm Y tế",
    )  # fmt: skip
    return {"pk": initiative.pk}


def _activity_data(world):
    return {
        "kind": "training", "title": "Tập huấn kỹ thuật chăn nuôi gà an toàn sinh học", "start_date": "01/02/2024",
        "org": world.y_te.pk, "participants_public": "35",
    }  # fmt: skip


def _upload(world, field="upload"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {field: SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")}


def _initiatives_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = (
        '"Tên sáng kiến, đề tài",Tác giả,Đơn vị,Cấp công nhận,Năm công nhận\n'
        "Cải tiến quy trình,Lê Văn A,Hội KH&KT Trung tâm Y tế,Cơ sở,2023\n"
    )
    return {"file": SimpleUploadedFile("sang-kien.csv", rows.encode(), content_type="text/csv")}


ACTIVITY_IMPORTED = "Tập huấn nhập từ tệp"


def _activities_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = (
        "Ngày,Loại hoạt động,Tên hoạt động,Đơn vị tổ chức,Người tham dự: hội viên\n"
        f"15/03/2024,Tập huấn,{ACTIVITY_IMPORTED},{world.hong_linh.name},25\n"
    )
    return {"file": SimpleUploadedFile("hoat-dong.csv", rows.encode(), content_type="text/csv")}


def _activities_written(world, client):
    """The run queued the import: the worker's step, run here, writes the file's activity (before the POST, or
    after a refused one, the batch is not importing and the step writes nothing)."""
    from lienhiep.activities import importing
    from lienhiep.activities.models import ActivityImport

    for batch in ActivityImport.objects.filter(actor=world.alice, status="importing"):
        importing.ACTIVITIES.apply(batch_id=batch.pk)
    return _exists("Activity", title=ACTIVITY_IMPORTED, org=world.hong_linh, participants_members=25)


def _exists(model, **values):
    from lienhiep.activities import models

    return getattr(models, model).objects.filter(**values).exists()


NEW_TITLE = "Tập huấn kỹ thuật chăn nuôi gà an toàn sinh học"


def _initiative_data(world, **values):
    return {
        "title": "Ứng dụng nội soi Tai - Mũi - Họng", "org": world.y_te.pk, "author_names": "Trần Thị Mai",
        "level": "basic", "year": "2023", "applied": "on", "effect": "Áp dụng trong khám bệnh", **values,
    }  # fmt: skip


def _project_pk(world):
    from lienhiep.activities import services

    project = services.project_create(
        actor=world.root, org=world.trung_luong, kind="livelihood", title="Mô hình chăn nuôi gà an toàn sinh học",
        started_on=D(2023, 3, 1), households=25,
    )  # fmt: skip
    return {"pk": project.pk}


def _project_data(world, **values):
    return {
        "kind": "production", "title": "Mô hình nuôi bò thịt chất lượng cao", "org": world.y_te.pk,
        "status": "running", "started_on": "01/04/2024", "households": "12", **values,
    }  # fmt: skip


CASES = {
    "activities:list": listed_under("hong_linh"),
    "activities:export": listed_under("hong_linh"),
    "activities:calendar": listed_under("hong_linh", {"month": "2023-05"}),
    "activities:overview": Case(scoped=False),
    "activities:overview_export": listed_under("hong_linh", {"start": "01/01/2025", "end": "31/12/2025"}),
    "activities:new": created_on(
        "y_te",
        EDIT,
        data=lambda w: {**_activity_data(w), **_upload(w, "photos")},
        changed=lambda w, client: _exists("ActivityFile", activity__title=NEW_TITLE, original_name="anh.jpg"),
    ),
    "activities:detail": Case(kwargs=_activity_pk),
    "activities:edit": form_on(
        _activity_pk,
        EDIT,
        data=_activity_data,
        changed=lambda w, client: _exists("Activity", title=NEW_TITLE, participants_public=35),
    ),
    "activities:delete": posted_on(_activity_pk, EDIT, changed=lambda w, client: not _exists("Activity")),
    "activities:file_add": posted_on(
        _activity_pk, EDIT, data=_upload, changed=lambda w, client: _exists("ActivityFile", original_name="anh.jpg")
    ),
    "activities:file": Case(kwargs=_file_pk),
    "activities:file_delete": posted_on(_file_pk, EDIT, changed=lambda w, client: not _exists("ActivityFile")),
    "activities:limits": Case(
        methods={"GET": MANAGE, "POST": MANAGE},
        query=lambda w: {"node": w.ha_tinh.pk},
        data=lambda w: {"node": w.ha_tinh.pk, "gift_value": "2.000.000"},
        changed=lambda w, client: _exists("PlausibilityLimits", org=w.ha_tinh, gift_value=2_000_000),
    ),
    "activities:projects": listed_under("hong_linh"),
    "activities:project_new": created_on(
        "y_te",
        EDIT,
        data=_project_data,
        changed=lambda w, client: _exists("Project", title="Mô hình nuôi bò thịt chất lượng cao", households=12),
    ),
    "activities:project": Case(kwargs=_project_pk),
    "activities:project_edit": form_on(
        _project_pk,
        EDIT,
        data=lambda w: _project_data(w, org=w.trung_luong.pk, started_on="01/03/2023"),
        changed=lambda w, client: _exists("Project", title="Mô hình nuôi bò thịt chất lượng cao", kind="production"),
    ),
    "activities:project_delete": posted_on(_project_pk, EDIT, changed=lambda w, client: not _exists("Project")),
    "activities:partners": Case(scoped=False),
    "activities:partner_new": created_on(
        "y_te",
        EDIT,
        {"name": "Sở Y tế", "kind": "department"},
        changed=lambda w, client: _exists("Partner", name="Sở Y tế"),
    ),
    "activities:initiatives": listed_under("hong_linh"),
    "activities:initiative_export": listed_under("hong_linh"),
    "activities:initiative_new": created_on(
        "y_te",
        EDIT,
        data=_initiative_data,
        changed=lambda w, client: _exists("Initiative", title="Ứng dụng nội soi Tai - Mũi - Họng", org=w.y_te),
    ),
    "activities:initiative_edit": form_on(
        _initiative_pk,
        EDIT,
        data=lambda w: _initiative_data(w, title="Cải tiến bảng y lệnh", applied="", effect=""),
        changed=lambda w, client: _exists("Initiative", title="Cải tiến bảng y lệnh", applied=False),
    ),
    "activities:initiative_delete": posted_on(
        _initiative_pk, EDIT, changed=lambda w, client: not _exists("Initiative")
    ),
}
CASES |= import_cases(
    "lienhiep.activities.importing.INITIATIVES", org=lambda w: w.hong_linh, file=lambda w: _initiatives_file(w)["file"]
)
CASES |= import_cases(
    "lienhiep.activities.importing.ACTIVITIES",
    org=lambda w: w.hong_linh,
    file=lambda w: _activities_file(w)["file"],
    written=_activities_written,
)
