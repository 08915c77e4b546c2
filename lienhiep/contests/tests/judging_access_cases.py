"""Who may open each judging page (tests/test_access.py): alice (officer of Hà Tĩnh, the organiser) may all; lan
(leader) reads; dan (Bắc Ninh) gets 404. A juror's pages are hers alone (`private`): alice reaches the seat she holds
herself as a juror, judy (the juror persona: no role) hers, everyone else 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lienhiep.core.access_cases import EDIT, MANAGE, VIEW, Case, form_on, pk_of, posted_on

D = dt.date


def _edition(world, **extra):
    from lienhiep.contests.models import Contest
    from lienhiep.contests.tests import judging_factories as make

    judged = make.edition(world, **extra)
    # Each call a contest of its own (a case's kwargs, data and check may each build one).
    Contest.objects.filter(pk=judged.contest.pk).update(name=f"Hội thi {Contest.objects.count()}")
    first = make.entry(world, judged, "Máy bóc vỏ lạc")
    second = make.entry(world, judged, "Lò sấy hạt", authors=(("Lê Thị Cúc", "Hợp tác xã Đức Thuận"),))
    return judged, first, second


def _seat(world, user=None, **rules):
    """A seat on an open round's jury for `user` (alice by default), on both entries, with a dossier file."""
    from lienhiep.contests.judging import services
    from lienhiep.contests.models import EntryFile
    from lienhiep.contests.tests import judging_factories as make
    from lienhiep.core import files

    judged, first, second = _edition(world, **rules)
    expert = make.expert(world, "Phạm Thu Hà", workplace="Viện Nông nghiệp", user=user or world.alice)
    seat, _ = services.juror_assign(actor=world.root, round_=judged.round, expert=expert, entries=[first, second])
    stored = files.generated_name("contests", ".pdf")
    files.write(stored, b"%PDF-1.4\n%%EOF\n")
    EntryFile.objects.create(entry=first, kind="description", original_name="thuyet-minh.pdf", stored_name=stored,
                             content_type="application/pdf", size=15)  # fmt: skip
    return seat, first


def _judy(world):
    return _seat(world, world.judy)


def _sheet(seat_and_entry):
    seat, entry = seat_and_entry
    return {"pk": seat.pk, "entry": entry.pk}


def _file(seat_and_entry):
    seat, entry = seat_and_entry
    return {"pk": seat.pk, "file": entry.files.get().pk}


def _points(world):
    from lienhiep.contests.models import Criterion

    latest = Criterion.objects.order_by("-round_id", "order")[:2]
    return {f"c{c.pk}": "30" for c in latest}


def _scored(world, client):
    from lienhiep.contests.models import Score

    return Score.objects.filter(points=Decimal(30)).exists()


def _declared(world, client):
    from lienhiep.contests.models import JurorEntry

    return JurorEntry.objects.filter(declared_link="family").exists()


def _planned(world):
    from lienhiep.contests.models import Criterion, Round

    judged, _first, _second = _edition(world)
    later = Round.objects.create(edition=judged.edition, kind="phong_van", order=2)
    Criterion.objects.create(round=later, name="Trình bày", max_points=Decimal(10))
    return later


def _closed(world, **rules):
    """A closed round: alice's seat scored both entries, the edition being judged."""
    from lienhiep.contests.judging import services

    seat, first = _seat(world, **rules)
    round_ = seat.round
    for entry in round_.edition.entries.all():
        services.sheet_save(
            actor=world.alice, seat=seat, entry=entry,
            points={c.pk: "40" if entry.pk == first.pk else "20" for c in round_.criteria.all()},
        )  # fmt: skip
    services.round_close(actor=world.root, round_=round_)
    return round_, first


def _approved(world):
    """An approved edition (prizes proposed and approved, the signer named) and an open national edition."""
    from lienhiep.contests.judging import services
    from lienhiep.contests.models import Contest, ContestField, Edition

    round_, first = _closed(world)
    services.prizes_propose(actor=world.root, round_=round_)
    services.approval_record(actor=world.root, round_=round_, held_on=D(2026, 11, 20), members_total=5, members_for=5)
    services.decision_save(actor=world.root, edition=round_.edition, signer_name="Trần Văn Minh")
    national, _ = Contest.objects.get_or_create(
        org=world.national, type="stkt", level="national", name="Hội thi STKT toàn quốc"
    )
    if not Edition.objects.filter(contest=national).exists():
        up = Edition.objects.create(
            contest=national, number=18, year_start=2026, year_end=2027, opens_on=D(2026, 9, 1),
            closes_on=D(2027, 3, 1), status="open", status_since=D(2026, 9, 1),
        )  # fmt: skip
        ContestField.objects.create(edition=up, name="Cơ khí – Tự động hóa")
    return round_.edition, first


def _expert_free(world):
    from lienhiep.contests.tests import judging_factories as make

    return make.expert(world, "Đỗ Văn Giang", workplace="Sở Khoa học và Công nghệ")


def _jury_data(world):
    from lienhiep.contests.models import Entry
    from lienhiep.experts.models import Expert

    expert = Expert.objects.filter(full_name="Đỗ Văn Giang").order_by("-id").first() or _expert_free(world)
    entry = Entry.objects.order_by("-id").first()
    return {"expert": expert.pk, "fields_": [entry.field_id], "numbers": str(entry.number)}


def _jury_round(world):
    _expert_free(world)
    seat, _first = _seat(world)
    return {"pk": seat.round_id}


def _on_jury(world, client):
    from lienhiep.contests.models import JurorAssignment

    return JurorAssignment.objects.filter(expert__full_name="Đỗ Văn Giang").exists()


def _removed(world, client):
    from lienhiep.contests.models import JurorAssignment

    return JurorAssignment.objects.filter(removed_on__isnull=False).exists()


def _status(value):
    def check(world, client):
        from lienhiep.contests.models import Round

        return Round.objects.filter(status=value, kind="phong_van" if value == "open" else "chung_khao").exists()

    return check


def _proposed(world, client):
    from lienhiep.contests.models import EntryPrize

    return EntryPrize.objects.exists()


def _prize_row(world):
    from lienhiep.contests.models import PrizeRow

    return {"prize_row": PrizeRow.objects.filter(rank="ba", field__isnull=False, category__isnull=True).latest("id").pk}


def _prize_set(world, client):
    from lienhiep.contests.models import EntryPrize

    return EntryPrize.objects.filter(rank="ba").exists()


def _votes(world):
    from lienhiep.contests.models import Entry

    return {f"v{e.pk}": "12" for e in Entry.objects.order_by("-id")[:2]}


def _voted(world, client):
    from lienhiep.contests.models import PublicVote

    return PublicVote.objects.filter(votes=12).count() == 2


def _approval_recorded(world, client):
    from lienhiep.contests.models import BoardApproval

    return BoardApproval.objects.filter(minutes_number="05/BB-BTC").exists()


def _signed(world, client):
    from lienhiep.contests.models import ResultsDecision

    return ResultsDecision.objects.filter(signer_name="Nguyễn Thị Lan").exists()


def _issued(world, client):
    from lienhiep.contests.models import ResultsDecision

    return ResultsDecision.objects.exclude(number_line="").exists()


def _forwarded(world, client):
    from lienhiep.contests.models import Entry

    return Entry.objects.filter(forwarded_from__isnull=False).exists()


def _national(world):
    from lienhiep.contests.models import Edition

    return {"to_edition": Edition.objects.get(contest__name="Hội thi STKT toàn quốc").pk}


CASES = {
    "contests:judge": Case(
        kwargs=lambda world: {"pk": _seat(world)[0].pk}, private=True, juror=lambda world: {"pk": _judy(world)[0].pk}
    ),
    "contests:judge_entry": form_on(
        lambda world: _sheet(_seat(world)),
        VIEW,
        private=True,
        data=_points,
        changed=_scored,
        juror=lambda world: _sheet(_judy(world)),
    ),  # fmt: skip
    "contests:judge_declare": posted_on(
        lambda world: _sheet(_seat(world)),
        VIEW,
        private=True,
        data=lambda world: {"declared_link": "family", "declaration": "Anh họ của tác giả"},
        changed=_declared,
        juror=lambda world: _sheet(_judy(world)),
    ),  # fmt: skip
    "contests:judge_file": Case(
        kwargs=lambda world: _file(_seat(world)), private=True, juror=lambda world: _file(_judy(world))
    ),
    "contests:juror_remove": posted_on(lambda world: {"pk": _seat(world)[0].pk}, EDIT, changed=_removed),
    "contests:jury": Case(kwargs=_jury_round, methods={"GET": VIEW, "POST": EDIT}, data=_jury_data, changed=_on_jury),
    "contests:juror_lookup": Case(kwargs=_jury_round, methods={"GET": EDIT}, query=lambda world: {"q": "giang"}),
    "contests:round_open": posted_on(pk_of(_planned), MANAGE, changed=_status("open")),
    "contests:round_close": posted_on(
        lambda world: {"pk": _seat(world)[0].round_id}, MANAGE, changed=_status("closed")
    ),
    "contests:ranking": Case(kwargs=lambda world: {"pk": _closed(world)[0].pk}),
    "contests:prizes_propose": posted_on(lambda world: {"pk": _closed(world)[0].pk}, EDIT, changed=_proposed),
    "contests:prize_set": posted_on(
        lambda world: (lambda r: {"pk": r[0].pk, "entry": r[1].pk})(_closed(world)),
        EDIT,
        data=_prize_row,
        changed=_prize_set,
    ),  # fmt: skip
    "contests:votes": posted_on(
        lambda world: {"pk": _closed(world, public_vote_share=Decimal(20))[0].pk}, EDIT, data=_votes, changed=_voted
    ),  # fmt: skip
    "contests:approval": posted_on(
        lambda world: {"pk": _closed(world)[0].pk},
        MANAGE,
        data=lambda world: {
            "held_on": "20/11/2026",
            "members_total": 9,
            "members_for": 7,
            "minutes_number": "05/BB-BTC",
        },
        changed=_approval_recorded,
    ),  # fmt: skip
    "contests:decision": Case(
        kwargs=lambda world: {"pk": _approved(world)[0].pk},
        methods={"GET": VIEW, "POST": EDIT},
        data=lambda world: {"signer_name": "Nguyễn Thị Lan", "signer_title": "Phó Chủ tịch"},
        changed=_signed,
    ),  # fmt: skip
    "contests:decision_issue": posted_on(
        lambda world: {"pk": _approved(world)[0].pk},
        MANAGE,
        data=lambda world: {"issued_on": "25/11/2026"},
        changed=_issued,
    ),  # fmt: skip
    "contests:decision_docx": Case(kwargs=lambda world: {"pk": _approved(world)[0].pk}),
    "contests:certificates": Case(kwargs=lambda world: {"pk": _approved(world)[0].pk}),
    "contests:forward": Case(
        kwargs=lambda world: {"pk": _approved(world)[1].pk},
        methods={"GET": VIEW, "POST": MANAGE},
        data=_national,
        changed=_forwarded,
    ),  # fmt: skip
}
