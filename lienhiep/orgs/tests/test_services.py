import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError

from lienhiep.orgs import selectors, services
from lienhiep.orgs.models import EndReason, EventKind, Org, OrgClosure, OrgEvent, OrgKind, OrgSpell
from lienhiep.orgs.tests.closure import assert_closure_matches_spells
from lienhiep.orgs.tests.factories import OrgFactory

D = dt.date
DATES = [D(2000, 1, 1), D(2010, 6, 1), D(2018, 1, 1), D(2023, 12, 31), D(2025, 6, 30), D(2025, 7, 1), D(2026, 11, 1)]


def snapshot() -> tuple[int, int, int, int, list]:
    return (
        Org.objects.count(),
        OrgSpell.objects.count(),
        OrgClosure.objects.count(),
        OrgEvent.objects.count(),
        list(OrgClosure.objects.order_by("pk").values_list("valid_to", "final")),
    )


@contextmanager
def refused(code: str) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """The service called inside is refused with `code` and writes nothing: the tree (nodes, spells, closure rows,
    events) is as it was. What every refusal of the tree's services must hold, checked alike by each test of one."""
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        yield error
    assert error.value.code == code
    assert snapshot() == before


def names(nodes):
    return [n.name for n in nodes]


class TestCreate:
    def test_creates_node_with_spell_closure_and_event(self, world):
        org = services.org_create(
            actor=world.alice, kind=OrgKind.ASSOCIATION, name="  Hội  Nhà báo tỉnh Hà Tĩnh ",
            founded_on=D(2001, 2, 3), parent=world.ha_tinh, group="sector",
        )  # fmt: skip
        assert org.name == "Hội Nhà báo tỉnh Hà Tĩnh"
        assert [a.name for a in selectors.ancestors(org, on=D(2001, 2, 3))] == [
            "Liên hiệp các Hội KH&KT Việt Nam",
            "Liên hiệp hội tỉnh Hà Tĩnh",
        ]
        assert selectors.ancestors(org, on=D(2001, 2, 2)) == []
        event = OrgEvent.objects.get(org=org)
        assert (event.kind, event.actor, event.effective_on) == (EventKind.CREATE, world.alice, D(2001, 2, 3))

    def test_nfd_name_is_stored_nfc(self, world):
        import unicodedata

        org = OrgFactory(name=unicodedata.normalize("NFD", "Hội Làm vườn"), parent=world.ha_tinh)
        assert org.name == unicodedata.normalize("NFC", "Hội Làm vườn")

    @pytest.mark.parametrize(
        ("kwargs", "code"),
        [
            ({"name": "Hội KH&KT phường Trung Lương"}, "duplicate_name"),
            ({"name": "hội kh&kt PHƯỜNG trung lương"}, "duplicate_name"),
            ({"founded_on": D(2003, 6, 11)}, "before_founding"),
            ({"kind": OrgKind.PROVINCIAL}, "parent_kind"),
            ({"name": "   "}, "empty_name"),
        ],
    )
    def test_bad_input_changes_nothing(self, world, kwargs, code):
        args = {"kind": OrgKind.ASSOCIATION, "name": "Hội mới", "founded_on": D(2010, 1, 1), "parent": world.hong_linh}
        with refused(code):
            services.org_create(actor=world.alice, **{**args, **kwargs})


class TestRename:
    def test_rename_keeps_old_name_for_earlier_dates(self, world):
        services.org_rename(
            actor=world.alice, org=world.y_te, name="Hội KH&KT Trung tâm Y tế Hồng Lĩnh", on=D(2020, 1, 1)
        )
        assert selectors.name_on(world.y_te, on=D(2019, 12, 31)) == "Hội KH&KT Trung tâm Y tế"
        assert selectors.name_on(world.y_te, on=D(2020, 1, 1)) == "Hội KH&KT Trung tâm Y tế Hồng Lĩnh"
        assert Org.objects.get(pk=world.y_te.pk).name == "Hội KH&KT Trung tâm Y tế Hồng Lĩnh"

    def test_rename_to_a_sibling_name_is_refused(self, world):
        before = snapshot()
        with pytest.raises(ValidationError, match="Đã có đơn vị mang tên"):
            services.org_rename(
                actor=world.alice, org=world.y_te, name="Hội KH&KT phường Trung Lương", on=D(2020, 1, 1)
            )
        assert snapshot() == before


class TestMove:
    def test_move_answers_each_date_with_the_tree_as_it_was(self, world):
        services.org_move(actor=world.alice, org=world.y_te, new_parent=world.ha_tinh, on=D(2021, 3, 1))
        before, after = D(2021, 2, 28), D(2021, 3, 1)
        assert world.branch.pk in selectors.subtree(world.hong_linh, on=before).values_list("pk", flat=True)
        assert world.branch.pk not in selectors.subtree(world.hong_linh, on=after).values_list("pk", flat=True)
        assert names(selectors.ancestors(world.branch, on=before))[1:] == [
            "Liên hiệp hội tỉnh Hà Tĩnh", "Liên hiệp hội thị xã Hồng Lĩnh", "Hội KH&KT Trung tâm Y tế",
        ]  # fmt: skip
        assert names(selectors.ancestors(world.branch, on=after))[1:] == [
            "Liên hiệp hội tỉnh Hà Tĩnh", "Hội KH&KT Trung tâm Y tế",
        ]  # fmt: skip
        assert_closure_matches_spells(DATES + [before, after])

    def test_move_under_own_descendant_is_refused(self, world):
        with pytest.raises(ValidationError) as error:
            services.org_move(actor=world.alice, org=world.hong_linh, new_parent=world.y_te, on=D(2021, 1, 1))
        assert error.value.code in {"cycle", "parent_kind"}
        # A district union may not stand under an association at all; check the cycle rule on branches.
        sub = OrgFactory(kind=OrgKind.BRANCH, name="Chi hội con", parent=world.branch, founded_on=D(2017, 1, 1))
        with refused("cycle"):
            services.org_move(actor=world.alice, org=world.branch, new_parent=sub, on=D(2021, 1, 1))

    def test_move_before_the_node_existed_is_refused(self, world):
        with refused("before_founding") as error:
            services.org_move(actor=world.alice, org=world.branch, new_parent=world.trung_luong, on=D(2016, 4, 11))
        assert "12/04/2016" in error.value.messages[0]

    def test_move_before_the_last_recorded_change_is_refused(self, world):
        services.org_move(actor=world.alice, org=world.y_te, new_parent=world.ha_tinh, on=D(2021, 3, 1))
        with refused("before_last_change"):
            services.org_move(actor=world.alice, org=world.y_te, new_parent=world.hong_linh, on=D(2020, 1, 1))

    def test_move_into_a_duplicate_name_is_refused(self, world):
        OrgFactory(name="Hội KH&KT Trung tâm Y tế", parent=world.ha_tinh, founded_on=D(2010, 1, 1))
        with refused("duplicate_name"):
            services.org_move(actor=world.alice, org=world.y_te, new_parent=world.ha_tinh, on=D(2021, 1, 1))

    def test_moved_node_takes_its_records_with_it(self, world):
        # A Hà Tĩnh association moves to Bắc Ninh: Bắc Ninh's officers now see it, Hà Tĩnh's no longer do.
        from lienhiep.orgs.permissions import access_level

        services.org_move(actor=world.root, org=world.lawyers_ht, new_parent=world.bac_ninh, on=D(2024, 1, 1))
        assert access_level(world.chris, world.lawyers_ht) is not None
        world.alice.__dict__.pop("_lienhiep_role_levels", None)
        assert access_level(world.alice, world.lawyers_ht) is None


class TestDissolve:
    def test_dissolve_moves_children_and_keeps_history(self, world):
        services.org_dissolve(actor=world.root, org=world.hong_linh, on=D(2025, 7, 1), children_to=world.ha_tinh)
        org = Org.objects.get(pk=world.hong_linh.pk)
        assert (org.ended_on, org.end_reason) == (D(2025, 7, 1), EndReason.DISSOLVED)
        kids_before = selectors.children(world.hong_linh, on=D(2025, 6, 30))
        assert names(kids_before) == ["Hội KH&KT phường Trung Lương", "Hội KH&KT Trung tâm Y tế"]
        assert selectors.children(world.hong_linh, on=D(2025, 7, 1)) == []
        today_names = names(selectors.children(world.ha_tinh, on=D(2025, 7, 1)))
        assert today_names == ["Hội KH&KT phường Trung Lương", "Hội KH&KT Trung tâm Y tế", "Hội Luật gia tỉnh Hà Tĩnh"]
        ended = [n for n in selectors.children(world.ha_tinh, on=D(2025, 7, 1), include_ended=True) if n.ended]
        assert names(ended) == ["Liên hiệp hội thị xã Hồng Lĩnh"]
        assert_closure_matches_spells(DATES)

    def test_dissolve_with_children_and_no_destination_is_refused(self, world):
        with refused("has_children") as error:
            services.org_dissolve(actor=world.root, org=world.hong_linh, on=D(2025, 7, 1))
        assert "2" in error.value.messages[0]

    def test_dissolved_node_cannot_change_again(self, world):
        services.org_dissolve(actor=world.root, org=world.branch, on=D(2020, 1, 1))
        with refused("ended"):
            services.org_rename(actor=world.root, org=Org.objects.get(pk=world.branch.pk), name="X", on=D(2021, 1, 1))


class TestMerge:
    def test_merge_into_existing_node(self, world):
        bac_giang = OrgFactory(kind=OrgKind.PROVINCIAL, name="Liên hiệp hội tỉnh Bắc Giang", parent=world.national,
                               founded_on=D(1997, 8, 20))  # fmt: skip
        bg_lawyers = OrgFactory(name="Hội Luật gia tỉnh Bắc Giang", parent=bac_giang, founded_on=D(1998, 4, 2))
        target = services.org_merge(actor=world.root, sources=[bac_giang], target=world.bac_ninh, on=D(2025, 7, 1))
        assert target == world.bac_ninh
        bac_giang.refresh_from_db()
        assert (bac_giang.ended_on, bac_giang.end_reason, bac_giang.successor) == (
            D(2025, 7, 1), EndReason.MERGED, world.bac_ninh,
        )  # fmt: skip
        assert names(selectors.ancestors(bg_lawyers, on=D(2025, 6, 30)))[-1] == "Liên hiệp hội tỉnh Bắc Giang"
        assert names(selectors.ancestors(bg_lawyers, on=D(2025, 7, 1)))[-1] == "Liên hiệp hội tỉnh Bắc Ninh"
        assert OrgEvent.objects.filter(org=world.bac_ninh, kind=EventKind.MERGE_IN).count() == 1
        assert_closure_matches_spells(DATES)

    def test_merge_into_new_node(self, world):
        target = services.org_merge(
            actor=world.alice, sources=[world.trung_luong, world.y_te], new_name="Hội KH&KT Hồng Lĩnh hợp nhất",
            on=D(2024, 1, 1),
        )  # fmt: skip
        assert target.founded_on == D(2024, 1, 1)
        assert selectors.parent_on(target, on=D(2024, 1, 1)) == world.hong_linh
        assert names(selectors.children(target, on=D(2024, 1, 1))) == ["Chi hội KH&KT Trạm Y tế"]
        assert_closure_matches_spells(DATES + [D(2024, 1, 1)])

    def test_merge_into_itself_is_refused(self, world):
        with refused("merge_self"):
            services.org_merge(actor=world.alice, sources=[world.y_te], target=world.y_te, on=D(2024, 1, 1))


class TestSplit:
    def test_split_distributes_children_and_ends_original(self, world):
        second = OrgFactory(kind=OrgKind.BRANCH, name="Chi hội KH&KT Khoa Dược", parent=world.y_te,
                            founded_on=D(2017, 1, 1))  # fmt: skip
        parts = services.org_split(
            actor=world.alice, org=world.y_te, on=D(2024, 1, 1), parts=["Hội Y tế A", "Hội Y tế B"],
            assignment={world.branch.pk: 0, second.pk: 1},
        )  # fmt: skip
        assert names(parts) == ["Hội Y tế A", "Hội Y tế B"]
        assert names(selectors.children(parts[0], on=D(2024, 1, 1))) == ["Chi hội KH&KT Trạm Y tế"]
        assert names(selectors.children(parts[1], on=D(2024, 1, 1))) == ["Chi hội KH&KT Khoa Dược"]
        assert Org.objects.get(pk=world.y_te.pk).end_reason == EndReason.SPLIT
        assert_closure_matches_spells(DATES + [D(2024, 1, 1)])

    def test_split_with_unassigned_children_is_refused(self, world):
        with refused("unassigned"):
            services.org_split(actor=world.alice, org=world.y_te, on=D(2024, 1, 1), parts=["A", "B"])


def test_preview_shows_the_events_and_changes_nothing(world):
    before = snapshot()
    events = services.preview(
        services.org_dissolve, actor=world.root, org=world.hong_linh, on=D(2025, 7, 1), children_to=world.ha_tinh
    )
    assert snapshot() == before
    kinds = [e.kind for e in events]
    assert kinds.count(EventKind.MOVE) == 2
    assert kinds[-1] == EventKind.DISSOLVE
    assert events[-1].summary == (
        "Giải thể Liên hiệp hội thị xã Hồng Lĩnh; 2 đơn vị trực thuộc được chuyển về Liên hiệp hội tỉnh Hà Tĩnh."
    )


class TestDetails:
    def test_place_name_and_abbreviation_are_details_a_report_prints(self, world):
        # Given a union without them, when its officer sets both,
        services.org_update(actor=world.alice, org=world.ha_tinh, place_name=" Hà Tĩnh ", abbreviation=" LHH ")
        # then they are stored clean, and the change is an event.
        org = Org.objects.get(pk=world.ha_tinh.pk)
        assert (org.place_name, org.abbreviation) == ("Hà Tĩnh", "LHH")
        event = OrgEvent.objects.filter(org=org, kind=EventKind.UPDATE).latest("pk")
        assert event.data == {
            "before": {"place_name": "", "abbreviation": ""},
            "after": {"place_name": "Hà Tĩnh", "abbreviation": "LHH"},
        }
