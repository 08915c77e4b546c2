import datetime as dt
import html

from django.db import connection
from django.urls import reverse

from lienhiep.orgs.models import Org, OrgEvent

D = dt.date


def test_tree_as_of_a_past_date_shows_the_tree_then(world, client_for):
    client = client_for(world.alice)
    response = client.get(reverse("orgs:tree"), {"on": "31/12/2010"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Liên hiệp hội thị xã Hồng Lĩnh" in page
    assert "Chi hội KH&KT Trạm Y tế" not in page  # founded in 2016
    assert "31/12/2010" in page


def test_tree_filter_ignores_diacritics_and_case(world, client_for):
    client = client_for(world.alice)
    response = client.get(reverse("orgs:tree_search"), {"q": "TRUNG luong"})
    assert response.status_code == 200
    assert "Hội KH&KT phường Trung Lương" in html.unescape(response.content.decode())
    response = client.get(reverse("orgs:tree_search"), {"q": "luat gia"})
    page = html.unescape(response.content.decode())
    assert "Hội Luật gia tỉnh Hà Tĩnh" in page
    assert "Bắc Ninh" not in page  # outside alice's subtree


def test_secretary_sees_only_her_association(world, client_for):
    client = client_for(world.bob)
    page = html.unescape(client.get(reverse("orgs:tree")).content.decode())
    assert "Hội KH&KT phường Trung Lương" in page
    assert "Hội KH&KT Trung tâm Y tế" not in page
    assert client.get(reverse("orgs:detail", args=[world.y_te.pk])).status_code == 404
    assert client.get(reverse("orgs:detail", args=[world.hong_linh.pk])).status_code == 404


def test_move_is_previewed_then_confirmed(world, client_for):
    client = client_for(world.alice)
    url = reverse("orgs:move", args=[world.y_te.pk])
    data = {"new_parent": world.ha_tinh.pk, "on": "01/03/2021"}
    events_before = OrgEvent.objects.count()
    preview = client.post(url, data)
    assert preview.status_code == 200
    assert preview.context["events"]
    assert OrgEvent.objects.count() == events_before  # nothing written yet
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302
    assert OrgEvent.objects.filter(org=world.y_te, kind="move").count() == 1


def test_bad_input_shows_the_reason_and_changes_nothing(world, client_for):
    client = client_for(world.alice)
    url = reverse("orgs:move", args=[world.branch.pk])
    events_before = OrgEvent.objects.count()
    response = client.post(url, {"new_parent": world.trung_luong.pk, "on": "11/04/2016", "confirm": "1"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and "12/04/2016" in errors[0]
    assert OrgEvent.objects.count() == events_before


def test_impossible_date_is_a_form_error(world, client_for):
    client = client_for(world.alice)
    response = client.post(reverse("orgs:rename", args=[world.y_te.pk]), {"name": "X", "on": "31/02/2024"})
    assert response.status_code == 200
    assert response.context["form"].errors["on"]
    assert Org.objects.get(pk=world.y_te.pk).name == "Hội KH&KT Trung tâm Y tế"


def test_detail_shows_history_and_children(world, client_for):
    client = client_for(world.alice)
    response = client.get(reverse("orgs:detail", args=[world.hong_linh.pk]), {"on": "01/01/2020"})
    assert response.status_code == 200
    assert [n.name for n in response.context["children"]] == [
        "Hội KH&KT phường Trung Lương",
        "Hội KH&KT Trung tâm Y tế",
    ]
    assert response.context["events"].paginator.count == 3  # created, two units founded under it


def test_switcher_changes_the_working_node_among_own_roles_only(world, client_for):
    from lienhiep.orgs import services
    from lienhiep.orgs.models import RoleKind

    services.role_grant(
        actor=world.root, user=world.alice, org=world.bac_ninh, kind=RoleKind.LEADER, valid_from=D(2020, 1, 1)
    )
    client = client_for(world.alice)
    response = client.post(reverse("orgs:switch"), {"org": world.bac_ninh.pk, "next": "/orgs/"})
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    assert client.get(reverse("home")).context["working_org"] == world.bac_ninh
    assert client.post(reverse("orgs:switch"), {"org": world.national.pk}).status_code == 404


def test_a_large_tree_loads_level_by_level(world, client_for, monkeypatch):
    from lienhiep.orgs import views

    monkeypatch.setattr(views, "FULL_TREE_LIMIT", 3)
    client = client_for(world.alice)
    response = client.get(reverse("orgs:tree"))
    assert response.context["lazy"] is True
    [root] = response.context["roots"]
    assert [n.name for n in root.children] == ["Hội Luật gia tỉnh Hà Tĩnh", "Liên hiệp hội thị xã Hồng Lĩnh"]
    assert root.children[1].children == []  # loaded when opened
    page = response.content.decode()
    assert f'hx-get="/orgs/{world.hong_linh.pk}/children/' in page
    opened = client.get(reverse("orgs:tree_children", args=[world.hong_linh.pk]), HTTP_HX_REQUEST="true")
    assert [n.name for n in opened.context["nodes"]] == ["Hội KH&KT phường Trung Lương", "Hội KH&KT Trung tâm Y tế"]


def test_the_timeline_reads_its_events_in_one_query_however_many(world, client_for, django_assert_num_queries):
    from lienhiep.orgs import services

    # Given Hồng Lĩnh's history grows by twelve renames (its timeline then holds fifteen events)
    for year in range(2010, 2022):
        services.org_rename(actor=world.root, org=world.hong_linh, name=f"Liên hiệp hội Hồng Lĩnh {year}",
                            on=D(year, 1, 1))  # fmt: skip
    client = client_for(world.alice)
    # Then its page costs the same queries as with three events: each event's sentence names the unit without
    # asking the database again.
    # 20 before the page showed its scheduled changes, its members and which events were cancelled (decision 0007):
    # a fixed cost, the same with three events; 46 when each sentence read its unit. PostgreSQL asks four more before
    # the town union's member count is remembered (orgs.figures): the source's generation and whether a writer is
    # under way before computing, then the advisory lock and the generation again before storing.
    with django_assert_num_queries(31 + 4 * (connection.vendor == "postgresql")):
        response = client.get(reverse("orgs:detail", args=[world.hong_linh.pk]))
    events = response.context["events"]
    assert len(events) == 15
    assert events[0].summary == "Đổi tên từ “Liên hiệp hội Hồng Lĩnh 2020” thành “Liên hiệp hội Hồng Lĩnh 2021”."


# --- The unit picker's lookup ---------------------------------------------------------------------


def _lookup(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("orgs:unit_lookup"), params)
    assert response.status_code == 200
    return [(r["text"], r["sub"]) for r in response.json()["results"]]


def test_the_unit_lookup_folds_the_typed_words_and_names_the_unit_above(world, client_for):
    client = client_for(world.alice)
    assert _lookup(client, q="ha tinh") == [
        ("Hội Luật gia tỉnh Hà Tĩnh", "Liên hiệp hội tỉnh Hà Tĩnh"),
        ("Liên hiệp hội tỉnh Hà Tĩnh", "Liên hiệp các Hội KH&KT Việt Nam"),
    ]
    assert _lookup(client, q="TINH  lien") == [("Liên hiệp hội tỉnh Hà Tĩnh", "Liên hiệp các Hội KH&KT Việt Nam")]
    # Nothing typed: the first units, in Vietnamese order ("phường" before "Trung").
    assert [text for text, _sub in _lookup(client)] == [
        "Chi hội KH&KT Trạm Y tế", "Hội KH&KT phường Trung Lương", "Hội KH&KT Trung tâm Y tế",
        "Hội Luật gia tỉnh Hà Tĩnh", "Liên hiệp hội thị xã Hồng Lĩnh", "Liên hiệp hội tỉnh Hà Tĩnh",
    ]  # fmt: skip


def test_the_unit_lookup_offers_only_what_the_user_may_pick(world, client_for):
    # An outsider finds nothing of Hà Tĩnh, and someone without a role nothing at all.
    assert _lookup(client_for(world.dan), q="ha tinh") == []
    assert _lookup(client_for(world.dan), q="luat gia") == [
        ("Hội Luật gia tỉnh Bắc Ninh", "Liên hiệp hội tỉnh Bắc Ninh")
    ]
    assert _lookup(client_for(world.olga)) == []
    # A leader sees the province's units but may record on none; a secretary records on her association only.
    assert len(_lookup(client_for(world.lan))) == 6
    assert _lookup(client_for(world.lan), need="edit") == []
    assert _lookup(client_for(world.bob), need="edit") == [
        ("Hội KH&KT phường Trung Lương", "Liên hiệp hội thị xã Hồng Lĩnh")
    ]
    # The field's narrowing: kinds, units that have not ended, under a unit.
    client = client_for(world.alice)
    assert [t for t, _s in _lookup(client, need="manage", kind=["provincial", "district"])] == [
        "Liên hiệp hội thị xã Hồng Lĩnh", "Liên hiệp hội tỉnh Hà Tĩnh",
    ]  # fmt: skip
    assert [t for t, _s in _lookup(client, within=world.hong_linh.pk, kind="association")] == [
        "Hội KH&KT phường Trung Lương", "Hội KH&KT Trung tâm Y tế",
    ]  # fmt: skip
    assert client.get(reverse("orgs:unit_lookup"), {"within": world.bac_ninh.pk}).status_code == 404
    assert client.get(reverse("orgs:unit_lookup"), {"within": "x"}).status_code == 404


def test_an_ended_unit_is_found_by_its_last_name(world, client_for):
    from lienhiep.orgs import services

    services.org_rename(actor=world.root, org=world.trung_luong, name="Hội KH&KT phường Bắc Hồng", on=D(2020, 1, 1))
    services.org_dissolve(actor=world.root, org=world.hong_linh, on=D(2025, 7, 1), children_to=world.ha_tinh)
    client = client_for(world.alice)
    assert _lookup(client, q="hong") == [
        ("Hội KH&KT phường Bắc Hồng", "Liên hiệp hội tỉnh Hà Tĩnh"),
        ("Liên hiệp hội thị xã Hồng Lĩnh (đã giải thể)", "Liên hiệp hội tỉnh Hà Tĩnh"),
    ]
    assert _lookup(client, q="hong", active="1") == [("Hội KH&KT phường Bắc Hồng", "Liên hiệp hội tỉnh Hà Tĩnh")]


def test_a_unit_picker_renders_only_the_chosen_unit(world, client_for):
    client = client_for(world.alice)
    response = client.get(reverse("members:list"), {"node": world.y_te.pk})
    page = html.unescape(response.content.decode())
    select = page[page.index('name="node"') : page.index("</select>", page.index('name="node"'))]
    assert select.count("<option") == 2  # "All my units" and the chosen one
    assert "Hội KH&KT Trung tâm Y tế" in select
    assert 'data-search-url="/orgs/lookup/?need=view"' in select and 'data-search-min="0"' in select
    # What the picker offers does not widen what is valid: a unit outside the user's tree is refused.
    response = client.get(reverse("members:list"), {"node": world.lawyers_bn.pk})
    assert response.context["form"].errors["node"] == ["Lựa chọn không hợp lệ: mục này không có trong danh sách."]
