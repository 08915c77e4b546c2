"""Who may open each contest page (tests/test_access.py): alice (officer of Hà Tĩnh, the organiser) may all; lan
(leader) reads; dan (Bắc Ninh) gets 404; the public pages are anyone's."""

import datetime as dt

from lienhiep.core.access_cases import EDIT, Case, created_on, form_on, pk_of, posted_on

D = dt.date


def _edition(world):
    from lienhiep.contests.tests.factories import ha_tinh_edition

    return ha_tinh_edition(world)


def _draft(world):
    from lienhiep.contests.tests.factories import contest, edition

    return edition(world.root, contest(world.root, world.ha_tinh), rules=False, open_=False)


def _entry(world):
    from lienhiep.contests.tests.factories import entry

    return entry(world.root, _edition(world), world.trung_luong)


def _file(world):

    from django.core.files.uploadedfile import SimpleUploadedFile

    from lienhiep.contests import services
    from lienhiep.contests.tests.factories import PNG

    row = _entry(world)
    return services.entry_file_add(
        actor=world.root, entry=row, kind="photo", upload=SimpleUploadedFile("anh.png", PNG, "image/png")
    )


def _contest(world):
    from lienhiep.contests.tests.factories import contest

    return contest(world.root, world.ha_tinh)


def _exists(model_name, **filters):
    def check(world, client):
        from lienhiep.contests import models

        return getattr(models, model_name).objects.filter(**filters).exists()

    return check


def _edition_form(world):
    return {
        "year_start": "2026", "year_end": "2027", "opens_on": "01/11/2026", "closes_on": "31/12/2026",
        "rules_number": "20/QĐ-LHH", "applied_place": "tỉnh Hà Tĩnh",
    }  # fmt: skip


def _entry_form(world):
    from lienhiep.contests.models import ContestField

    field = ContestField.objects.filter(edition__contest__org=world.ha_tinh).order_by("-id").last()
    return {
        "sending_unit": world.trung_luong.pk, "field": field.pk, "title": "Bộ hồ ga giao thông",
        "application_site": "phường Trung Lương", "applied_on": "01/05/2024",
        "authors-TOTAL_FORMS": "2", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "10", "authors-0-full_name": "Nguyễn Văn Hùng", "authors-0-birth_date": "01/03/1980",
        "authors-1-full_name": "Trần Thị Mai", "authors-1-birth_date": "02/04/1985",
    }  # fmt: skip


def _file_form(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "ban-mo-ta.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )
    return {"kind": "description", "upload": upload}


def _copyable(world):
    """A draft edition after an edition with rules: its rules are copied."""
    from lienhiep.contests.tests.factories import contest, edition

    made = contest(world.root, world.ha_tinh)
    edition(world.root, made)
    return edition(world.root, made, rules=False, open_=False, year_start=2027, year_end=2028)


CASES = {
    "contests:list": Case(scoped=False),
    "contests:contest_new": created_on(
        "ha_tinh",
        EDIT,
        {
            "type": "youth",
            "level": "province",
            "name": "Cuộc thi Sáng tạo Thanh thiếu niên nhi đồng tỉnh Hà Tĩnh",
        },  # fmt: skip
        changed=_exists("Contest", type="youth"),
    ),
    "contests:edition_new": form_on(
        pk_of(_contest), EDIT, data=_edition_form, changed=_exists("Edition", rules_number="20/QĐ-LHH")
    ),
    "contests:edition": Case(kwargs=pk_of(_edition)),
    "contests:edition_edit": form_on(
        pk_of(_draft), EDIT, data=_edition_form, changed=_exists("Edition", rules_number="20/QĐ-LHH")
    ),
    "contests:rules": form_on(
        pk_of(_draft),
        EDIT,
        data=lambda world: {"what": "field", "field-name": "Tin học"},
        changed=_exists("ContestField", name="Tin học"),
    ),
    "contests:edition_copy": posted_on(pk_of(_copyable), EDIT, changed=_exists("EditionEvent", kind="copy")),
    "contests:edition_move": posted_on(
        pk_of(_edition), EDIT, data=lambda world: {"to": "screening"}, changed=_exists("Edition", status="screening")
    ),
    "contests:entry_new": form_on(
        pk_of(_edition), EDIT, data=_entry_form, changed=_exists("Entry", title="Bộ hồ ga giao thông")
    ),
    "contests:entry": Case(kwargs=pk_of(_entry)),
    "contests:entry_edit": form_on(
        pk_of(_entry),
        EDIT,
        data=lambda world: {**_entry_form(world), "title": "Bộ hồ ga giao thông (sửa)"},
        changed=_exists("Entry", title="Bộ hồ ga giao thông (sửa)"),
    ),
    "contests:entry_file_add": posted_on(
        pk_of(_entry), EDIT, data=_file_form, changed=_exists("EntryFile", original_name="ban-mo-ta.pdf")
    ),
    "contests:entry_screen": posted_on(
        pk_of(_entry),
        EDIT,
        data=lambda world: {"decision": "refuse", "reason": "Chưa áp dụng trên địa bàn tỉnh"},
        changed=_exists("Entry", status="refused"),
    ),
    "contests:entry_file": Case(kwargs=pk_of(_file)),
    "contests:public": Case(kwargs=pk_of(_edition), public=True),
    "contests:public_results": Case(kwargs=pk_of(_edition), public=True),
}


# Judging's pages: judging_access_cases.py.
from lienhiep.contests.tests.judging_access_cases import CASES as JUDGING_CASES  # noqa: E402

CASES.update(JUDGING_CASES)
