import datetime as dt

from django.urls import reverse

from lienhiep.awards import services
from lienhiep.awards.models import Honour

D = dt.date


def test_the_secretary_records_a_commendation_for_a_member(world, client_for):
    from lienhiep.members import services as member_services

    member_services.member_admit(actor=world.root, person=world.person, org=world.trung_luong, joined_on=D(2016, 1, 1))
    response = client_for(world.bob).post(
        reverse("awards:new"),
        {"org": world.trung_luong.pk, "person": world.person.pk, "form": "giay_khen", "issuer": "provincial_union",
         "decision_number": "12/QĐ-LHH", "decision_date": "10/12/2022"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Honour.objects.get().person == world.person


def test_the_secretary_cannot_record_for_another_unit(world, client_for):
    response = client_for(world.bob).post(
        reverse("awards:new"),
        {"org": world.y_te.pk, "form": "giay_khen", "issuer": "provincial_union", "decision_number": "1",
         "decision_date": "10/12/2022"},
    )  # fmt: skip
    assert response.status_code == 404  # a unit outside his tree, as one that does not exist
    assert not Honour.objects.exists()


def test_list_and_overview_panel(world, client_for):
    services.honour_create(actor=world.root, org=world.hong_linh, form="bang_khen", issuer="vusta",
                           decision_number="1/QĐ", decision_date=D(2021, 11, 2))  # fmt: skip
    client = client_for(world.lan)
    assert client.get(reverse("awards:list"), {"issuer": "vusta"}).context["count"] == 1
    assert client_for(world.dan).get(reverse("awards:list")).context["count"] == 0
    response = client_for(world.lan).get(
        reverse("reporting:overview"), {"node": world.hong_linh.pk, "start": "01/01/2018", "end": "31/12/2023"}
    )
    chart = response.context["chart"]["honours_by_year"]
    assert chart["labels"] == ["2018", "2019", "2020", "2021", "2022", "2023"]
    assert chart["datasets"][0]["values"] == [0, 0, 0, 1, 0, 0]


def test_only_those_who_may_edit_get_the_edit_link(world, client_for):
    honour = services.honour_create(actor=world.root, org=world.hong_linh, form="bang_khen", issuer="vusta",
                                    decision_number="7/QĐ", decision_date=D(2021, 11, 2))  # fmt: skip
    link = reverse("awards:edit", args=[honour.pk])
    assert link in client_for(world.alice).get(reverse("awards:list")).content.decode()
    assert link not in client_for(world.lan).get(reverse("awards:list")).content.decode()


def test_the_honour_form_looks_members_up_under_the_chosen_unit_instead_of_listing_them(world, client_for):
    from lienhiep.members import services as member_services

    # Given a member of an association in Bắc Ninh, outside the officer's province
    outsider = member_services.person_create(actor=world.root, full_name="Đỗ Văn Bắc")
    member_services.member_admit(actor=world.root, person=outsider, org=world.lawyers_bn, joined_on=D(2016, 1, 1))
    client = client_for(world.alice)
    # The form renders the empty choice only, and asks members:person_lookup under the unit chosen in "org"
    picker = str(client.get(reverse("awards:new")).context["form"]["person"])
    assert picker.count("<option") == 1 and "Nguyễn Văn An" not in picker
    assert f'data-search-url="{reverse("members:person_lookup")}"' in picker and 'data-search-within="org"' in picker
    # A member of a unit she does not record for cannot be posted
    data = {"org": world.y_te.pk, "form": "giay_khen", "issuer": "provincial_union", "decision_number": "5/QĐ",
            "decision_date": "10/12/2022"}  # fmt: skip
    response = client.post(reverse("awards:new"), {**data, "person": outsider.pk})
    assert list(response.context["form"].errors) == ["person"] and not Honour.objects.exists()
    # One of her units' members can, and the form shows him chosen when it is edited
    assert client.post(reverse("awards:new"), {**data, "person": world.person.pk}).status_code == 302
    edit = client.get(reverse("awards:edit", args=[Honour.objects.get().pk]))
    assert str(edit.context["form"]["person"]).count("<option") == 2


def test_honours_are_found_by_recipient_unit_and_decision_number(world, client_for):
    # Asked in issue 11: awards by recipient unit and by decision number, as typed, case and diacritics ignored.
    ward = services.honour_create(actor=world.root, org=world.trung_luong, form="bang_khen", issuer="vusta",
                                  decision_number="1234/QĐ-LHHVN", decision_date=D(2021, 11, 2))  # fmt: skip
    agency = services.honour_create(actor=world.root, org=world.y_te, form="giay_khen", issuer="vusta",
                                    decision_number="56/QĐ-LHH", decision_date=D(2022, 3, 4))  # fmt: skip
    # Bắc Ninh's honour with a number like Hà Tĩnh's: never found from Hà Tĩnh.
    outside = services.honour_create(actor=world.root, org=world.lawyers_bn, form="giay_khen", issuer="vusta",
                                     decision_number="1234/QĐ-UBND", decision_date=D(2022, 3, 4))  # fmt: skip

    def found(q, user=world.alice):
        return [h.pk for h in client_for(user).get(reverse("awards:list"), {"q": q}).context["honours"]]

    assert found("1234/qd") == [ward.pk]
    assert found("1234/QĐ-LHHVN") == [ward.pk]
    assert found("qđ-lhh") == [agency.pk, ward.pk]
    assert found("56/") == [agency.pk]
    assert found("trung luong") == [ward.pk]
    assert found("Phường TRUNG Lương") == [ward.pk]
    assert found("y te") == [agency.pk]
    assert found("1234", user=world.chris) == [outside.pk]
    # A unit found by a name it had: renamed since, its honours keep answering to both.
    from lienhiep.orgs import services as org_services

    org_services.org_rename(actor=world.root, org=world.y_te, name="Hội KH&KT Bệnh viện", on=D(2024, 1, 1))
    assert found("benh vien") == found("trung tam y te") == [agency.pk]
