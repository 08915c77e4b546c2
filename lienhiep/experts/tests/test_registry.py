"""The expert registry: records written with their events, the list searched with diacritics ignored and seen
through the units, conflicts detected, an expert's login, and their assignments as the assigning apps tell them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.experts import conflicts, selectors, services
from lienhiep.experts.assignments import Assignment
from lienhiep.experts.models import Expert, ExpertEvent
from lienhiep.members.models import Field


def make(world, name, workplace="", org=None, fields=(), **values):
    return services.expert_create(
        actor=world.alice, org=org or world.ha_tinh, full_name=name, workplace=workplace,
        fields=list(Field.objects.filter(code__in=fields)), **values,
    )  # fmt: skip


def names(rows):
    return [e.full_name for e in rows]


def test_create_and_update_write_their_events(world):
    expert = make(world, "  trần  Đình Phúc ", "Trường Đại học  Hà Tĩnh", fields=("xay-dung",), academic_title="pgs",
                  education="ts")  # fmt: skip
    assert (expert.full_name, expert.name_folded, expert.workplace, expert.workplace_folded) == (
        "trần Đình Phúc", "tran dinh phuc", "Trường Đại học Hà Tĩnh", "truong dai hoc ha tinh",
    )  # fmt: skip
    assert expert.title_and_name == "PGS.TS. trần Đình Phúc"
    services.expert_update(actor=world.alice, expert=expert, full_name="Trần Đình Phúc", available=False,
                           fields=list(Field.objects.filter(code__in=("xay-dung", "giao-thong"))))  # fmt: skip
    events = list(ExpertEvent.objects.filter(target_id=expert.pk).order_by("id"))
    assert [(e.kind, e.actor, e.org) for e in events] == [
        ("create", world.alice, world.ha_tinh), ("update", world.alice, world.ha_tinh),
    ]  # fmt: skip
    assert events[1].data == {
        "expert": {"id": expert.pk, "name": "Trần Đình Phúc"},
        "before": {"full_name": "trần Đình Phúc", "available": True, "fields": ["Xây dựng"]},
        "after": {"full_name": "Trần Đình Phúc", "available": False, "fields": ["Giao thông", "Xây dựng"]},
    }


def test_only_the_roles_that_record_on_the_unit_may_write(world):
    with pytest.raises(PermissionDenied):
        services.expert_create(actor=world.lan, org=world.ha_tinh, full_name="Lê Văn Thắng")
    with pytest.raises(PermissionDenied):
        services.expert_create(actor=world.dan, org=world.ha_tinh, full_name="Lê Văn Thắng")
    assert Expert.objects.count() == 0


def test_the_list_is_searched_without_diacritics_and_seen_through_the_units(world):
    make(world, "Nguyễn Thị Minh Hằng", "Sở Tài nguyên và Môi trường Hà Tĩnh", fields=("moi-truong",))
    make(world, "Trần Đình Phúc", "Trường Đại học Hà Tĩnh", fields=("xay-dung",))
    make(world, "Đặng Văn Lâm", "UBND thị xã Hồng Lĩnh", org=world.hong_linh, fields=("moi-truong",),
         available=False)  # fmt: skip
    services.expert_create(actor=world.chris, org=world.bac_ninh, full_name="Ngô Văn Đạt", workplace="Sở Xây dựng")

    def found(user_ids, **filters):
        return names(selectors.expert_list(visible_org_ids=user_ids, filters=selectors.ExpertFilters(**filters)))

    ha_tinh = [world.ha_tinh.pk, world.hong_linh.pk]
    assert found(ha_tinh) == ["Nguyễn Thị Minh Hằng", "Đặng Văn Lâm", "Trần Đình Phúc"]  # by given name
    assert found(ha_tinh, q="HANG") == ["Nguyễn Thị Minh Hằng"]
    assert found(ha_tinh, q="dang lam") == ["Đặng Văn Lâm"]
    assert found(ha_tinh, q="dai hoc") == ["Trần Đình Phúc"]  # the workplace
    assert found(ha_tinh, q="moi truong") == ["Nguyễn Thị Minh Hằng", "Đặng Văn Lâm"]  # workplace or field
    assert found(ha_tinh, q="xay dung") == ["Trần Đình Phúc"]  # a field only: Bắc Ninh's is not seen
    assert found(ha_tinh, field=Field.objects.get(code="moi-truong"), available="yes") == ["Nguyễn Thị Minh Hằng"]
    assert found(ha_tinh, available="no") == ["Đặng Văn Lâm"]
    assert found(ha_tinh, node=world.hong_linh) == ["Đặng Văn Lâm"]
    assert found([]) == []  # a user who sees no unit sees no expert
    assert found(None, q="xay dung") == ["Ngô Văn Đạt", "Trần Đình Phúc"]  # the whole country
    # A record of a town union draws on its list and the province's.
    assert names(selectors.experts_of(world.y_te)) == ["Nguyễn Thị Minh Hằng", "Trần Đình Phúc"]


def test_conflicts_are_detected_by_workplace_member_and_name(world):
    expert = make(world, "Lê Văn Thắng", "Sở Xây dựng Hà Tĩnh", person=world.person)
    assert conflicts.detect(expert, workplaces=["SỞ XÂY DỰNG HÀ TĨNH"]) == [
        "Cùng nơi công tác với bên đề nghị hoặc tác giả (SỞ XÂY DỰNG HÀ TĨNH)."
    ]
    assert conflicts.detect(expert, workplaces=["Sở Xây dựng"]) != []  # one names the other
    assert conflicts.detect(expert, workplaces=["UBND tỉnh Hà Tĩnh", ""]) == []
    assert conflicts.detect(expert, person_ids=[world.person.pk]) == ["Là tác giả của dự thảo hoặc đối tượng."]
    other = make(world, "Phan Thị Thu Hà")
    assert conflicts.detect(other, names=["phan thi thu ha"]) == [
        "Trùng tên với tác giả của dự thảo hoặc đối tượng (Phan Thị Thu Hà)."
    ]
    assert conflicts.detect(other, workplaces=["Sở Xây dựng Hà Tĩnh"], names=["Nguyễn Văn An"]) == []


def test_an_officer_creates_the_experts_login_which_reaches_only_assignments(world, client):
    expert = make(world, "Nguyễn Thị Minh Hằng", email="hang@example.vn")
    login(client, world.lan)
    assert client.get(reverse("experts:account", args=[expert.pk])).status_code == 403
    login(client, world.alice)
    url = reverse("experts:account", args=[expert.pk])
    refused = client.post(url, {"username": "hang.nguyen", "password": "123"})
    assert refused.status_code == 200
    assert Expert.objects.get(pk=expert.pk).user is None
    response = client.post(url, {"username": "hang.nguyen", "password": "Phản biện môi trường 2026!"})
    assert response.status_code == 302
    user = Expert.objects.get(pk=expert.pk).user
    assert (user.username, user.full_name, user.email, user.roles.count()) == (
        "hang.nguyen", "Nguyễn Thị Minh Hằng", "hang@example.vn", 0,
    )  # fmt: skip
    assert ExpertEvent.objects.filter(target_id=expert.pk, kind="account").count() == 1
    with pytest.raises(ValidationError):
        services.expert_account_create(actor=world.alice, expert=Expert.objects.get(pk=expert.pk),
                                       username="other", password="Phản biện môi trường 2026!")  # fmt: skip
    login(client, user)
    assert client.get(reverse("experts:list")).status_code == 404
    assert client.get(reverse("orgs:assignments")).status_code == 200


def test_a_refused_login_is_said_on_the_form_at_the_field_it_concerns_and_nothing_else(world, client):
    """A view that renders its form again (`core.http.act` with `form=`): the service's refusal of one field stands
    at that field, a refusal naming none above the form, and no message is added."""
    expert = make(world, "Nguyễn Thị Minh Hằng", email="hang@example.vn")
    other = make(world, "Trần Văn Nam", email=world.lan.email)
    login(client, world.alice)
    taken = client.post(
        reverse("experts:account", args=[expert.pk]),
        {"username": world.lan.username.upper(), "password": "Phản biện môi trường 2026!"},
    )
    form = taken.context["form"]
    assert (taken.status_code, form.errors) == (
        200,
        {"username": ["Tên đăng nhập này đã có người dùng: hãy chọn tên khác."]},
    )
    assert list(taken.context["messages"]) == []
    unnamed = client.post(
        reverse("experts:account", args=[other.pk]), {"username": "nam.tran", "password": "Phản biện môi trường 2026!"}
    )
    assert unnamed.context["form"].errors == {
        "__all__": ["Địa chỉ e-mail của chuyên gia đã được một tài khoản khác sử dụng: hãy liên hệ quản trị hệ thống."]
    }
    assert Expert.objects.filter(pk__in=[expert.pk, other.pk], user__isnull=False).count() == 0


def assigned(expert, *, user):
    return [Assignment(on=dt.date(2026, 3, 2), title="Đề án phát triển đô thị Hồng Lĩnh", role="Chuyên gia phản biện",
                       status="Đã gửi ý kiến")]  # fmt: skip


def test_the_page_lists_assignments_the_assigning_apps_tell(world, client, declare):
    expert = make(world, "Trần Đình Phúc", "Trường Đại học Hà Tĩnh", fields=("xay-dung",))
    declare("experts", "expert_assignments", (f"{__name__}.assigned",))
    login(client, world.alice)
    page = client.get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert "Đề án phát triển đô thị Hồng Lĩnh" in page
    assert "02/03/2026" in page
    assert 'data-testid="create-login"' in page
    table = (
        client.get(reverse("experts:list"), {"q": "dai hoc"}).content.decode().split('data-testid="expert-table"')[1]
    )
    assert ("Trần Đình Phúc" in table, "Xây dựng" in table, "Trường Đại học Hà Tĩnh" in table) == (True, True, True)


def test_the_form_links_a_member_record_found_under_the_unit(world, client):
    from lienhiep.members import services as member_services

    outside = member_services.person_create(actor=world.root, full_name="Nguyễn Văn An", gender="m")
    member_services.member_admit(actor=world.root, person=outside, org=world.lawyers_bn, joined_on=dt.date(2020, 1, 1))
    login(client, world.alice)
    page = client.get(reverse("experts:new"), {"org": world.ha_tinh.pk}).content.decode()
    assert f'data-search-url="/members/lookup/?within={world.ha_tinh.pk}"' in page
    # The picker finds the member without diacritics, under the unit only (Bắc Ninh's namesake is not offered).
    found = client.get(reverse("members:person_lookup"), {"within": world.ha_tinh.pk, "q": "nguyen van an"}).json()
    assert found == {"results": [{"value": world.person.pk, "text": "Nguyễn Văn An"}]}
    data = {"org": world.ha_tinh.pk, "full_name": "Nguyễn Văn An", "available": "on"}
    refused = client.post(reverse("experts:new") + f"?org={world.ha_tinh.pk}", {**data, "person": outside.pk})
    assert (refused.status_code, Expert.objects.count()) == (200, 0)
    client.post(reverse("experts:new") + f"?org={world.ha_tinh.pk}", {**data, "person": world.person.pk})
    expert = Expert.objects.get()
    assert expert.person == world.person
    detail = client.get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert f'<a href="/members/{world.person.pk}/">Nguyễn Văn An</a>' in detail
    # Editing keeps the link unless the officer clears it.
    edit = client.get(reverse("experts:edit", args=[expert.pk]))
    assert edit.context["form"]["person"].value() == world.person.pk
    client.post(reverse("experts:edit", args=[expert.pk]), {**data, "person": ""})
    expert.refresh_from_db()
    assert expert.person is None
