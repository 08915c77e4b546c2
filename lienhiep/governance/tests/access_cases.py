import datetime as dt
from types import SimpleNamespace

from django.core.files.base import ContentFile

from lienhiep.core.access_cases import EDIT, Case, created_on, form_on, posted_on

D = dt.date


def gov(world):
    """Hồng Lĩnh's congress IV with a BCH, one seat, a meeting with minutes, a target and a restructuring
    (made once per test, kept on the world)."""
    if hasattr(world, "_gov"):
        return world._gov
    from lienhiep.governance import services
    from lienhiep.members import services as member_services

    root = world.root
    congress = services.congress_create(
        actor=root, org=world.hong_linh, ordinal=4, term_start_year=2018, term_end_year=2023, held_on=D(2018, 6, 15),
        documents=ContentFile(b"%PDF-1.4 nghi quyet\n%%EOF\n", name="nghi-quyet.pdf"),
    )  # fmt: skip
    committee = services.committee_create(actor=root, congress=congress, kind="bch", planned_size=9)
    seat = services.seat_elect(
        actor=root, committee=committee, person=world.person, position="member", started_on=D(2018, 6, 15)
    )
    other = member_services.person_create(actor=root, full_name="Trần Thị Hoa", gender="f")
    member_services.member_admit(actor=root, person=other, org=world.trung_luong, joined_on=D(2010, 1, 1))
    meeting = services.meeting_record(
        actor=root, committee=committee, held_on=D(2018, 12, 20), attendance={seat.pk: "present"},
        minutes=ContentFile(b"%PDF-1.4 bien ban\n%%EOF\n", name="bien-ban.pdf"),
    )  # fmt: skip
    target = services.target_set(
        actor=root, congress=congress, text="Mỗi năm 01 - 02 chuyên đề", target_min=1, target_max=2
    )
    restructuring = services.restructuring_plan(actor=root, org=world.trung_luong, planned_on=D(2023, 6, 1))
    world._gov = SimpleNamespace(
        congress=congress, committee=committee, seat=seat, other=other, meeting=meeting, target=target,
        restructuring=restructuring,
    )  # fmt: skip
    return world._gov


def _congress(world):
    return {"pk": gov(world).congress.pk}


def _committee(world):
    return {"pk": gov(world).committee.pk}


def _exists(model, **values):
    from lienhiep.governance import models

    return getattr(models, model).objects.filter(**values).exists()


CASES = {
    "governance:home": Case(scoped=False),
    "governance:congress_new": created_on(
        "hong_linh",
        EDIT,
        {
            "ordinal": "5",
            "term_start_year": "2024",
            "term_end_year": "2029",
            "held_on": "20/03/2024",
            "delegates": "110",
        },
        changed=lambda w, client: _exists("Congress", org=w.hong_linh, ordinal=5, delegates=110),
    ),  # fmt: skip
    "governance:term": Case(kwargs=_congress),
    "governance:congress_documents": Case(kwargs=_congress),
    "governance:committee_new": form_on(
        _congress,
        EDIT,
        data=lambda w: {"kind": "ubkt", "planned_size": "3"},
        changed=lambda w, client: _exists("Committee", congress=gov(w).congress, kind="ubkt", planned_size=3),
    ),
    "governance:target_new": form_on(
        _congress,
        EDIT,
        data=lambda w: {
            "text": "Tập hợp trên 90% trí thức",
            "measure": "intellectual_share",
            "target_min": "90",
            "unit": "%",
            "period": "year",
        },
        changed=lambda w, client: _exists("CongressTarget", text="Tập hợp trên 90% trí thức", target_min=90),
    ),  # fmt: skip
    "governance:committee_edit": form_on(
        _committee,
        EDIT,
        data=lambda w: {"planned_size": "11", "meetings_per_year": "3"},
        changed=lambda w, client: _exists("Committee", pk=gov(w).committee.pk, planned_size=11, meetings_per_year=3),
    ),
    "governance:seat_elect": form_on(
        _committee,
        EDIT,
        data=lambda w: {
            "person": gov(w).other.pk,
            "position": "member",
            "started_on": "01/01/2020",
            "start_reason": "co_opted",
        },
        changed=lambda w, client: _exists("Seat", person=gov(w).other, started_on=D(2020, 1, 1)),
    ),  # fmt: skip
    "governance:meeting_new": form_on(
        _committee,
        EDIT,
        data=lambda w: {"held_on": "01/03/2020", "kind": "regular", f"att_{gov(w).seat.pk}": "excused"},
        changed=lambda w, client: _exists("Attendance", meeting__held_on=D(2020, 3, 1), status="excused"),
    ),
    "governance:roster_docx": Case(kwargs=_committee),
    "governance:roster_xlsx": Case(kwargs=_committee),
    "governance:seat_replace": form_on(
        lambda w: {"pk": gov(w).seat.pk},
        EDIT,
        data=lambda w: {
            "ended_on": "01/06/2020",
            "end_reason": "transfer",
            "person": gov(w).other.pk,
            "position": "member",
            "start_reason": "co_opted",
        },
        changed=lambda w, client: _exists("Seat", person=gov(w).other, replaces=gov(w).seat, started_on=D(2020, 6, 1)),
    ),  # fmt: skip
    "governance:meeting_minutes": Case(kwargs=lambda w: {"pk": gov(w).meeting.pk}),
    "governance:target_value": posted_on(
        lambda w: {"pk": gov(w).target.pk},
        EDIT,
        data=lambda w: {"year": "2019", "value": "2"},
        changed=lambda w, client: _exists("TargetValue", target=gov(w).target, year=2019, value=2),
    ),
    "governance:compliance_home": Case(scoped=False),
    "governance:compliance": Case(kwargs=lambda w: {"pk": w.hong_linh.pk}),
    "governance:compliance_export": Case(kwargs=lambda w: {"pk": w.hong_linh.pk}),
    "governance:restructuring_new": form_on(
        lambda w: {"pk": w.hong_linh.pk},
        EDIT,
        data=lambda w: {"org": w.y_te.pk, "planned_on": "01/02/2024", "reason": "Chủ tịch Hội nghỉ hưu"},
        changed=lambda w, client: _exists("Restructuring", org=w.y_te, planned_on=D(2024, 2, 1)),
    ),
    "governance:restructuring_done": form_on(
        lambda w: {"pk": gov(w).restructuring.pk},
        EDIT,
        data=lambda w: {"done_on": "01/06/2023", "what_changed": "Bầu Chủ tịch Hội mới"},
        changed=lambda w, client: _exists("Restructuring", pk=gov(w).restructuring.pk, status="done"),
    ),
}
