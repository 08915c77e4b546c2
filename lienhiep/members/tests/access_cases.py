import datetime as dt

from lienhiep.core.access_cases import EDIT, MANAGE, Case, created_on, form_on, listed_under, posted_on


def _person(world):
    return {"pk": world.person.pk}


def _membership(world):
    return {"pk": world.membership.pk}


def _exists(model, **values):
    from lienhiep.members import models

    return getattr(models, model).objects.filter(**values).exists()


def _person_events(world, kind):
    return _exists("PersonEvent", person=world.person, kind=kind, actor=world.alice)


CASES = {
    "members:person_lookup": Case(scoped=True, query=lambda w: {"within": w.hong_linh.pk, "q": "nguyen"}),
    "members:list": listed_under("hong_linh"),
    "members:stats": Case(scoped=False),
    "members:stats_export": listed_under("hong_linh", {"on": "31/12/2025"}),
    "members:admit": created_on(
        "y_te",
        EDIT,
        {"joined_on": "01/02/2024", "full_name": "Trần Thị Bình"},
        changed=lambda w, client: _exists(
            "Membership", person__full_name="Trần Thị Bình", org=w.y_te, joined_on=dt.date(2024, 2, 1)
        ),
    ),
    "members:detail": Case(kwargs=_person),
    "members:edit": form_on(
        _person,
        EDIT,
        data=lambda w: {"full_name": "Nguyễn Văn An", "phone": "0912 000 111"},
        changed=lambda w, client: _exists("Person", pk=w.person.pk, phone="0912 000 111"),
    ),
    "members:membership_add": form_on(
        _person,
        EDIT,
        data=lambda w: {"org": w.trung_luong.pk, "joined_on": "01/02/2024"},
        changed=lambda w, client: _exists("Membership", person=w.person, org=w.trung_luong),
    ),
    "members:reveal_id": posted_on(_person, EDIT, changed=lambda w, client: _person_events(w, "reveal_id")),
    "members:consent_give": form_on(
        _person,
        EDIT,
        data=lambda w: {"purpose": "contact", "notice_version": "2026-01", "agreed": "on"},
        changed=lambda w, client: _exists("Consent", person=w.person, purpose="contact", withdrawn_at__isnull=True),
    ),
    "members:consent_withdraw": posted_on(
        lambda w: {"pk": w.person.pk, "consent_pk": w.consent.pk},
        EDIT,
        changed=lambda w, client: _exists("Consent", pk=w.consent.pk, withdrawn_at__isnull=False),
    ),
    "members:export_data": posted_on(_person, MANAGE, changed=lambda w, client: _person_events(w, "export")),
    "members:erase": form_on(
        _person,
        MANAGE,
        data=lambda w: {"confirm": "1"},
        changed=lambda w, client: _exists("Person", pk=w.person.pk, erased_at__isnull=False, id_number=None),
    ),
    "members:transfer": form_on(
        _membership,
        EDIT,
        data=lambda w: {"to_org": w.trung_luong.pk, "on": "01/02/2024"},
        changed=lambda w, client: _exists(
            "Membership", person=w.person, org=w.trung_luong, joined_on=dt.date(2024, 2, 1)
        ),
    ),
    "members:leave": form_on(
        _membership,
        EDIT,
        data=lambda w: {"on": "01/02/2024", "reason": "retirement"},
        changed=lambda w, client: _exists("Membership", pk=w.membership.pk, left_on=dt.date(2024, 2, 1)),
    ),
}


def _batch(world):
    from lienhiep.members.models import ImportBatch

    batch = ImportBatch.objects.create(actor=world.alice, file_name="x.csv", stored_file="imports/none.csv")
    return {"pk": batch.pk}


def _member_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "Họ và tên;Hội;Ngày vào hội\nTrần Thị Mai;Hội KH&KT Trung tâm Y tế;01/02/2024\n".encode()
    return {"org": world.hong_linh.pk, "file": SimpleUploadedFile("hoi-vien.csv", data, content_type="text/csv")}


CASES.update(
    {
        "members:export": listed_under("hong_linh"),
        "members:import": created_on(
            "hong_linh",
            EDIT,
            data=_member_file,
            changed=lambda w, client: _exists("ImportBatch", actor=w.alice, org=w.hong_linh, file_name="hoi-vien.csv"),
        ),
        "members:import_template": Case(methods={"GET": EDIT}, query=lambda w: {"org": w.hong_linh.pk}),
    }
)


GOOD_FILE = "Họ và tên;Hội;Ngày vào hội\nTrần Thị Mai;Hội KH&KT Trung tâm Y tế;01/02/2024\n".encode()


def _uploaded(world):
    from lienhiep.members.tests import imports

    return {"pk": imports.read(world, GOOD_FILE).pk}


def _checked(world):
    from lienhiep.members.tests import imports

    return {"pk": imports.checked(world, imports.read(world, GOOD_FILE)).pk}


def _done(world):
    from lienhiep.members.tests import imports

    return {"pk": imports.done(world, imports.checked(world, imports.read(world, GOOD_FILE))).pk}


def _with_errors(world):
    from lienhiep.members.tests import imports

    data = "Họ và tên;Hội;Ngày vào hội\nTrần Thị Mai;Hội không có;31/02/2024\n".encode()
    return {"pk": imports.checked(world, imports.read(world, data, "loi.csv")).pk}


def _stalled(world):
    """An import whose worker was killed: running, its heartbeat older than IMPORT_STALE_AFTER."""
    import datetime as dt

    from django.utils import timezone

    from lienhiep.members import services
    from lienhiep.members.models import ImportBatch
    from lienhiep.members.tests import imports

    batch = imports.checked(world, imports.read(world, GOOD_FILE))
    services.import_request_apply(actor=world.alice, batch=batch)
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    return {"pk": batch.pk}


CASES.update(
    {
        "members:import_layout": posted_on(
            _uploaded,
            EDIT,
            private=True,
            data=lambda w: {"header_row": 1},
            changed=lambda w, client: _exists("ImportBatch", actor=w.alice, status="reading", header_row=1),
        ),
        "members:import_retry": posted_on(
            _stalled,
            EDIT,
            private=True,
            changed=lambda w, client: _exists("ImportEvent", kind="importing", before="stopped"),
        ),
        "members:import_cancel": posted_on(
            _stalled,
            EDIT,
            private=True,
            changed=lambda w, client: _exists("ImportBatch", actor=w.alice, status="cancelled"),
        ),
        "members:import_batch": form_on(
            _uploaded,
            EDIT,
            private=True,
            data=lambda w: {"col_0": "full_name", "col_1": "org", "col_2": "joined_on"},
            changed=lambda w, client: _exists("ImportBatch", actor=w.alice, status="checking"),
        ),  # fmt: skip
        "members:import_progress": Case(kwargs=_uploaded, methods={"GET": EDIT}, private=True),
        "members:import_run": posted_on(
            _checked,
            EDIT,
            private=True,
            changed=lambda w, client: _exists("ImportBatch", actor=w.alice, status="importing"),
        ),
        "members:import_errors": Case(kwargs=_with_errors, methods={"GET": EDIT}, private=True),
        "members:import_undo": posted_on(
            _done, EDIT, private=True, changed=lambda w, client: _exists("ImportBatch", actor=w.alice, status="undone")
        ),
    }
)


def _collective(world):
    from lienhiep.members import services

    member = services.collective_admit(
        actor=world.root,
        org=world.y_te,
        name="Công ty CP Dược Hồng Lĩnh",
        joined_on=dt.date(2019, 1, 1),
    )
    return {"pk": member.pk}


CASES.update(
    {
        "members:collective": listed_under("hong_linh"),
        "members:collective_new": created_on(
            "y_te",
            EDIT,
            {"name": "Viện Nông nghiệp", "joined_on": "01/02/2024"},
            changed=lambda w, client: _exists("CollectiveMember", org=w.y_te, name="Viện Nông nghiệp"),
        ),  # fmt: skip
        "members:collective_end": posted_on(
            _collective,
            EDIT,
            data=lambda w: {"on": "01/02/2024"},
            changed=lambda w, client: _exists("CollectiveMember", left_on=dt.date(2024, 2, 1)),
        ),
        "members:estimate_set": posted_on(
            lambda w: {"pk": w.hong_linh.pk},
            MANAGE,
            data=lambda w: {"year": "2023", "count": "1500"},
            changed=lambda w, client: _exists("IntellectualEstimate", org=w.hong_linh, year=2023, count=1500),
        ),  # fmt: skip
    }
)


def _twin(world):
    """Another record of world.person (same name and birth date, no ID), in Trung Lương: a pair to merge."""
    from lienhiep.members import services

    twin = services.person_create(actor=world.root, full_name="Nguyễn Văn An", birth_date=dt.date(1980, 5, 17))
    services.member_admit(actor=world.root, person=twin, org=world.trung_luong, joined_on=dt.date(2016, 1, 1))
    return twin


def _merged(world):
    from lienhiep.members import services

    merge = services.person_merge(actor=world.root, kept=world.person, merged=_twin(world))
    return {"pk": merge.pk}


CASES.update(
    {
        "members:duplicates": listed_under("hong_linh", methods={"GET": MANAGE}),
        "members:merge": form_on(
            lambda w: {"pk": w.person.pk, "other": _twin(w).pk},
            MANAGE,
            data=lambda w: {"keep": w.person.pk},
            changed=lambda w, client: _exists("PersonMerge", kept=w.person, status="done"),
        ),
        "members:merge_undo": posted_on(
            _merged, MANAGE, changed=lambda w, client: _exists("PersonMerge", kept=w.person, status="undone")
        ),
    }
)


def _repeating(world):
    """A checked import whose one row repeats world.person (same name and birth date): a row to resolve."""
    from lienhiep.members import services

    data = "Họ và tên;Hội;Ngày vào hội;Ngày sinh\nNguyễn Văn An;Hội KH&KT phường Trung Lương;01/02/2024;17/05/1980\n"
    batch = services.import_upload(actor=world.alice, org=world.ha_tinh, file_name="lap.csv", data=data.encode())
    services.import_read(batch_id=batch.pk)
    batch.refresh_from_db()
    services.import_request_check(
        actor=world.alice, batch=batch, mapping={0: "full_name", 1: "org", 2: "joined_on", 3: "birth_date"}
    )
    services.import_check(batch_id=batch.pk)
    return {"pk": batch.pk}


CASES["members:import_resolve"] = posted_on(
    _repeating,
    EDIT,
    private=True,
    data=lambda w: {"row_2": "new"},
    changed=lambda w, client: _exists("ImportRow", batch__actor=w.alice, row=2, choice="new"),
)


def _subject_request(world):
    from lienhiep.members import services

    row = services.subject_request_record(
        actor=world.root, org=world.y_te, requester="Nguyễn Văn An", kind="access", received_on=dt.date(2026, 11, 20)
    )
    return {"pk": row.pk}


def _an_hour_ago():
    from django.utils import timezone

    at = timezone.localtime() - dt.timedelta(hours=1)
    return {"notified_on": f"{at:%d/%m/%Y}", "notified_time": f"{at:%H:%M}"}


def _breach(world):
    from django.utils import timezone

    from lienhiep.members import services

    breach = services.breach_record(
        actor=world.root,
        org=world.y_te,
        summary="Mất máy tính xách tay có danh sách hội viên",
        found_at=timezone.now() - dt.timedelta(hours=5),
        categories="họ tên, số điện thoại",
        persons_affected=120,
    )
    return {"pk": breach.pk}


CASES.update(
    {
        "members:requests": Case(scoped=False),
        "members:request_new": created_on(
            "y_te",
            MANAGE,
            {
                "requester": "Trần Thị Bình",
                "kind": "erasure",
                "received_on": "02/11/2026",
            },
            changed=lambda w, client: _exists("SubjectRequest", org=w.y_te, requester="Trần Thị Bình", kind="erasure"),
        ),  # fmt: skip
        "members:request_detail": Case(kwargs=_subject_request),
        "members:request_move": posted_on(
            _subject_request,
            MANAGE,
            data=lambda w: {"status": "in_progress", "take": "on"},
            changed=lambda w, client: _exists("SubjectRequest", status="in_progress", handler=w.alice),
        ),
        "members:breaches": Case(scoped=False),
        "members:breach_new": created_on(
            "y_te",
            MANAGE,
            {
                "summary": "Gửi nhầm email",
                "found_on": "01/11/2026",
                "found_time": "08:30",
                "categories": "họ tên",
                "persons_affected": "3",
            },
            changed=lambda w, client: _exists("Breach", org=w.y_te, summary="Gửi nhầm email"),
        ),  # fmt: skip
        "members:breach_notify": posted_on(
            _breach,
            MANAGE,
            data=lambda w: _an_hour_ago() | {"reference": "CV 12"},
            changed=lambda w, client: _exists("Breach", notice_reference="CV 12"),
        ),
    }
)
