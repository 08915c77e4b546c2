"""Remembered honour figures (orgs.figures) are forgotten by every change that can alter them."""

import datetime as dt

from lienhiep.awards import selectors, services
from lienhiep.awards.models import Honour
from lienhiep.orgs import figures
from lienhiep.orgs import services as org_services

D = dt.date


def _read(world):
    return [
        selectors.honour_totals(node, start=start, end=end)
        for node in (world.ha_tinh, world.hong_linh, world.y_te)
        for start, end in ((D(2018, 1, 1), D(2023, 12, 31)), (D(2021, 6, 15), D(2022, 2, 10)))
    ]


def _assert_remembered_is_fresh(world):
    remembered = _read(world)
    with figures.computed_afresh():
        assert remembered == _read(world)


def test_every_change_to_honours_forgets_what_it_changes(world):
    base = {"form": "bang_khen", "issuer": "vusta", "decision_number": "1786/QĐ-LHHVN"}
    honour = services.honour_create(actor=world.root, org=world.hong_linh, decision_date=D(2018, 12, 18), **base)
    services.honour_create(actor=world.root, org=world.y_te, person_name="Lê Văn A", decision_date=D(2021, 12, 20),
                           **{**base, "decision_number": "1502/QĐ-LHHVN"})  # fmt: skip
    _read(world)  # remembered
    steps = [
        lambda: services.honour_create(
            actor=world.root, org=world.y_te, decision_date=D(2022, 1, 5), **{**base, "issuer": "provincial_union"}
        ),
        lambda: services.honour_update(actor=world.root, honour=honour, decision_date=D(2021, 7, 1)),
        lambda: services.honour_update(actor=world.root, honour=honour, form="giay_khen"),
        lambda: Honour.objects.create(org=world.trung_luong, decision_date=D(2021, 8, 8), **base),
        lambda: org_services.org_move(actor=world.root, org=world.y_te, new_parent=world.ha_tinh, on=D(2021, 9, 1)),
        lambda: services.honour_delete(actor=world.root, honour=honour),
    ]
    for change in steps:
        change()
        _assert_remembered_is_fresh(world)
    totals = selectors.honour_totals(world.hong_linh, start=D(2018, 1, 1), end=D(2023, 12, 31))
    # Left under the town union: Y tế's member's honour of 12/2021 was after Y tế moved; Trung Lương's of 08/2021
    assert (totals.count, totals.by_year) == (1, {2021: {"vusta": 1}})
