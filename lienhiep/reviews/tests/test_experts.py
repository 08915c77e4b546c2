"""Experts on a dossier: picked from the lists of the dossier's union and those above it; a declared or detected
conflict keeps one off unless an officer records why; the assignment grants the expert's account the dossier, and
a removal or the close ends it; the expert then reads that dossier and no other."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from lienhiep.accounts.testing import login
from lienhiep.experts import services as expert_services
from lienhiep.orgs import grants
from lienhiep.orgs.permissions import Access
from lienhiep.reviews import services
from lienhiep.reviews.models import DossierEvent, DossierExpert
from lienhiep.reviews.permissions import get_dossier_for_user
from lienhiep.reviews.tests.factories import dossier

D = dt.date


def accepted(world, **extra):
    d = dossier(world.alice, world.hong_linh, **extra)
    services.dossier_move(actor=world.alice, dossier=d, to="checking", on=D(2026, 3, 3))
    services.dossier_move(
        actor=world.alice, dossier=d, to="accepted", on=D(2026, 3, 4), reply_number="1/LHH", reply_date=D(2026, 3, 4)
    )
    return d


def expert(world, name, workplace="Trường Đại học Hà Tĩnh", org=None):
    return expert_services.expert_create(
        actor=world.alice, org=org or world.ha_tinh, full_name=name, workplace=workplace, email=""
    )


def test_a_conflict_keeps_an_expert_off_unless_an_officer_says_why(world):
    d = accepted(world, requester_name="Sở Xây dựng tỉnh Hà Tĩnh")
    clean = expert(world, "Nguyễn Thị Hoa")
    declared = expert(world, "Trần Văn Bình")
    same_place = expert(world, "Lê Minh Châu", workplace="Sở Xây dựng tỉnh Hà Tĩnh")
    services.dossier_assign_expert(actor=world.alice, dossier=d, expert=clean, on=D(2026, 3, 5))
    with pytest.raises(ValidationError) as refused:
        services.dossier_assign_expert(
            actor=world.alice, dossier=d, expert=declared, declared_link="subject",
            declaration="Tham gia tư vấn lập đề án", on=D(2026, 3, 5),
        )  # fmt: skip
    assert refused.value.code == "conflict"
    with pytest.raises(ValidationError) as detected:
        services.dossier_assign_expert(actor=world.alice, dossier=d, expert=same_place, on=D(2026, 3, 5))
    assert "Sở Xây dựng tỉnh Hà Tĩnh" in detected.value.messages[0]
    assert list(DossierExpert.objects.filter(dossier=d).values_list("expert__full_name", flat=True)) == [
        "Nguyễn Thị Hoa"
    ]
    # A secretary may not keep a conflicted expert on; the union's officer may, saying why.
    with pytest.raises(PermissionDenied):
        services.dossier_assign_expert(
            actor=world.bob,
            dossier=d,
            expert=same_place,
            override_reason="Chuyên gia duy nhất về quy hoạch",
        )
    row = services.dossier_assign_expert(
        actor=world.alice, dossier=d, expert=same_place, override_reason="Chuyên gia duy nhất về quy hoạch đô thị",
        on=D(2026, 3, 6),
    )  # fmt: skip
    assert (len(row.detected), "(Sở Xây dựng tỉnh Hà Tĩnh)" in row.detected[0], row.override_reason) == (
        1,
        True,
        "Chuyên gia duy nhất về quy hoạch đô thị",
    )
    assert list(DossierEvent.objects.filter(target="expert").values_list("kind", flat=True).order_by("id")) == [
        "expert_add", "override"
    ]  # fmt: skip


def test_the_assignment_grants_the_dossier_and_the_removal_or_the_close_ends_it(world):
    d = accepted(world)
    other = accepted(world, title="Đề án khác")
    hoa = expert(world, "Nguyễn Thị Hoa")
    expert_services.expert_account_create(
        actor=world.alice, expert=hoa, username="hoa.chuyengia", password="Sông-Lam#47-núi-Hồng"
    )
    hoa.refresh_from_db()
    row = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=hoa, on=D(2026, 3, 5))
    assert grants.holds(hoa.user, d, kind="expert")
    assert get_dossier_for_user(hoa.user, d.pk) == d
    with pytest.raises(PermissionDenied):
        get_dossier_for_user(hoa.user, d.pk, Access.EDIT)
    with pytest.raises(Http404):
        get_dossier_for_user(hoa.user, other.pk)
    services.dossier_remove_expert(actor=world.alice, assignment=row, reason="Bận công tác")
    assert not grants.holds(hoa.user, d, kind="expert")
    with pytest.raises(Http404):
        get_dossier_for_user(hoa.user, d.pk)
    # Assigned again, then the dossier closes: the access ends with it, the assignment stays in its history.
    again = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=hoa)
    for step, extra in (("estimated", {}), ("experts", {}), ("opinions", {"by_written": True}), ("drafting", {}),
                        ("review", {}), ("sent", {"opinion_number": "3/BC"}), ("closed", {})):  # fmt: skip
        services.dossier_move(actor=world.alice, dossier=d, to=step, **extra)
    assert not grants.holds(hoa.user, d, kind="expert")
    again.refresh_from_db()
    assert again.removed_on is None


def test_an_expert_opens_their_dossier_declares_a_link_and_is_kept_off(world, client):
    d = accepted(world)
    hoa = expert(world, "Nguyễn Thị Hoa")
    expert_services.expert_account_create(
        actor=world.alice, expert=hoa, username="hoa.chuyengia", password="Sông-Lam#47-núi-Hồng"
    )
    hoa.refresh_from_db()
    row = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=hoa)
    login(client, hoa.user)
    page = client.get(reverse("reviews:detail", args=[d.pk]))
    assert (page.status_code, page.context["moves"], page.context["cost_form"]) == (200, [], None)
    assert client.get(reverse("reviews:list")).status_code == 404
    client.post(
        reverse("reviews:declare", args=[row.pk]), {"declared_link": "family", "declaration": "Anh ruột là tác giả"}
    )
    row.refresh_from_db()
    assert (row.declared_link, row.removed_on is not None) == ("family", True)
    assert client.get(reverse("reviews:detail", args=[d.pk])).status_code == 404


def test_the_experts_history_lists_the_dossier(world):
    from lienhiep.experts.assignments import assignments

    d = accepted(world)
    hoa = expert(world, "Nguyễn Thị Hoa")
    services.dossier_assign_expert(actor=world.alice, dossier=d, expert=hoa, on=D(2026, 3, 5))
    [one] = assignments(hoa, user=world.alice)
    assert (one.on, one.title, one.url) == (D(2026, 3, 5), d.title, reverse("reviews:detail", args=[d.pk]))
    [hidden] = assignments(hoa, user=world.dan)
    assert (hidden.title, hidden.url) == ("Hồ sơ tư vấn, phản biện", "")


def test_on_a_confidential_dossier_the_assignment_lists_the_expert_and_the_removal_unlists_them(world, client):
    from lienhiep.reviews.drafts.permissions import on_access_list
    from lienhiep.reviews.models.drafts import DraftEvent

    d = accepted(world, confidential=True)
    hoa = expert(world, "Nguyễn Thị Hoa")
    expert_services.expert_account_create(
        actor=world.alice, expert=hoa, username="hoa.chuyengia", password="Sông-Lam#47-núi-Hồng"
    )
    hoa.refresh_from_db()
    no_login = expert(world, "Trần Văn Bình")
    # The form says what the assignment does on a confidential dossier.
    login(client, world.alice)
    page = client.get(reverse("reviews:detail", args=[d.pk]))
    assert page.context["expert_form"].fields["expert"].help_text == (
        "Hồ sơ mật: chuyên gia có tài khoản được đưa luôn vào danh sách được đọc hồ sơ để đọc dự thảo; rút chuyên gia "
        "khỏi hồ sơ thì họ cũng ra khỏi danh sách."
    )
    # One thing for the officer: the assignment lists the expert's account (an expert without one has nothing to list).
    row = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=hoa, on=D(2026, 3, 5))
    services.dossier_assign_expert(actor=world.alice, dossier=d, expert=no_login, on=D(2026, 3, 5))
    assert on_access_list(hoa.user, d)
    assert DossierEvent.objects.get(target="expert", target_id=row.pk).data["listed"] is True
    services.dossier_remove_expert(actor=world.alice, assignment=row, reason="Bận công tác")
    assert not on_access_list(hoa.user, d)
    assert list(
        DraftEvent.objects.filter(dossier=d).order_by("id").values_list("kind", "actor__username", "data__user_id")
    ) == [("access_add", "alice", hoa.user_id), ("access_remove", "alice", hoa.user_id)]
    # Assigned again, she declares a conflict herself: kept off, and off the list, though she may not keep it.
    again = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=hoa)
    assert on_access_list(hoa.user, d)
    services.dossier_expert_declare(actor=hoa.user, assignment=again, declared_link="family")
    assert (on_access_list(hoa.user, d), grants.holds(hoa.user, d, kind="expert")) == (False, False)


def test_staff_on_the_list_stay_on_it_when_taken_off_as_an_expert(world):
    from lienhiep.reviews.drafts import services as draft_services
    from lienhiep.reviews.drafts.permissions import on_access_list

    d = accepted(world, confidential=True)
    lan_expert = expert(world, "Lê Thị Lan")
    lan_expert.user = world.lan  # the union's leader, also on its list of experts
    lan_expert.save()
    draft_services.access_add(actor=world.alice, dossier=d, user=world.lan)
    row = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=lan_expert)
    assert DossierEvent.objects.get(target="expert", target_id=row.pk).data["listed"] is False
    services.dossier_remove_expert(actor=world.alice, assignment=row)
    assert on_access_list(world.lan, d)


def test_erasing_a_member_who_is_an_expert_empties_the_experts_record_and_the_dossiers_rows(world):
    from lienhiep.experts.models import Expert, ExpertEvent
    from lienhiep.members import services as member_services
    from lienhiep.members.models import PersonEvent

    # Given An, a member, on the union's list of experts (linked to his record) and on a dossier; and a namesake
    # expert who is not him.
    an = world.person
    d = accepted(world)
    his = expert_services.expert_create(
        actor=world.alice, org=world.ha_tinh, person=an, full_name="Nguyễn Văn An",
        workplace="Trung tâm Y tế Hồng Lĩnh", position="Phó Giám đốc", email="an.nguyen@example.vn",
        phone="0912 345 678", notes="Bác sĩ CKII", specialty="Y tế dự phòng", academic_title="", education="ts",
    )  # fmt: skip
    namesake = expert(world, "Nguyễn Văn An", workplace="Sở Y tế Hà Tĩnh")
    row = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=his, declaration="Không liên quan")
    services.dossier_assign_expert(actor=world.alice, dossier=d, expert=namesake)

    # When his data is erased
    member_services.person_erase(actor=world.root, person=an)

    # Then his expert record keeps its link, degree and specialty, and loses his name and contacts
    an.refresh_from_db()
    his.refresh_from_db()
    erased = f"Hồ sơ đã xóa #{an.pk}"
    assert (
        his.person_id, his.full_name, his.name_folded, his.workplace, his.workplace_folded, his.position, his.email,
        his.phone, his.notes, his.education, his.specialty, his.available,
    ) == (an.pk, erased, f"ho so da xoa #{an.pk}", "", "", "", "", "", "", "ts", "Y tế dự phòng", False)  # fmt: skip
    namesake.refresh_from_db()
    assert (namesake.full_name, namesake.workplace) == ("Nguyễn Văn An", "Sở Y tế Hà Tĩnh")
    # And the rows of his assignment and of his record name him no more; the namesake's stay as written.
    added = {e.target_id: e.data["expert"] for e in DossierEvent.objects.filter(target="expert", kind="expert_add")}
    assert added == {row.pk: erased, row.pk + 1: "Nguyễn Văn An"}
    assert [e.data["expert"] for e in ExpertEvent.objects.filter(target_id=his.pk)] == [{"id": his.pk, "name": erased}]
    counts = PersonEvent.objects.get(person=an, kind="erase").data["redacted"]
    assert (counts["experts.Expert"], counts["experts.ExpertEvent"], counts["reviews.DossierEvent"]) == (1, 1, 1)
    assert Expert.objects.filter(name_folded__contains="nguyen van an").count() == 1


def test_the_officer_sets_each_experts_end_day_and_changes_it_the_expert_sees_it_and_is_reminded(world, client):
    """The day an expert's assignment ends (their deadline): set when picked, changed on the dossier page; their
    grant follows it, their assignments page shows it, a reminder goes to them two days before, and after it
    the dossier answers them 404."""
    from lienhiep.orgs.selectors import today
    from lienhiep.reviews import reminders

    d = accepted(world)
    hoa = expert_services.expert_create(
        actor=world.alice, org=world.ha_tinh, full_name="Nguyễn Thị Hoa", workplace="", email="hoa@example.vn"
    )
    expert_services.expert_account_create(
        actor=world.alice, expert=hoa, username="hoa.chuyengia", password="Sông-Lam#47-núi-Hồng"
    )
    hoa.refresh_from_db()
    first, later = today() + dt.timedelta(days=10), today() + dt.timedelta(days=20)
    login(client, world.alice)

    client.post(
        reverse("reviews:expert_add", args=[d.pk]),
        {"expert": hoa.pk, "declared_link": "none", "declaration": "", "ends": f"{first:%d/%m/%Y}"},
    )
    row = DossierExpert.objects.get(dossier=d, expert=hoa)
    assert (row.ends_on, row.grant.ends) == (first, first)
    refused = client.post(reverse("reviews:expert_end", args=[row.pk]), {"ends": "01/01/2020"})
    row.refresh_from_db()
    assert (refused.status_code, row.ends_on) == (302, first)  # a past day: nothing changed
    client.post(reverse("reviews:expert_end", args=[row.pk]), {"ends": f"{later:%d/%m/%Y}"})
    page = client.get(reverse("reviews:detail", args=[d.pk])).content.decode()

    row.refresh_from_db()
    old = grants.of_object(d, kind=grants.EXPERT).order_by("id").first()
    assert (row.ends_on, row.grant.ends, row.grant.revoked_at, old.revoked_at is not None) == (later, later, None, True)
    assert f"{later:%d/%m/%Y}" in page
    event = DossierEvent.objects.filter(dossier=d, kind="expert_end").get()
    assert (event.data["before"], event.data["after"]) == (first.isoformat(), later.isoformat())
    # The expert's assignments page says until when.
    login(client, hoa.user)
    assert f"{later:%d/%m/%Y}" in client.get(reverse("orgs:assignments")).content.decode()
    # Two days before, a reminder to the expert; none on the day before that.
    [due] = [r for r in reminders.due(later - dt.timedelta(days=2)) if r.about == f"reviews.DossierExpert:{row.pk}"]
    assert (due.to, f"{later:%d/%m/%Y}" in due.subject) == (("hoa@example.vn",), True)
    assert not [r for r in reminders.due(later - dt.timedelta(days=3)) if r.about.startswith("reviews.DossierExpert")]
    # Their access holds to the day, not after it.
    assert (grants.holds(hoa.user, d, on=later), grants.holds(hoa.user, d, on=later + dt.timedelta(days=1))) == (
        True, False,
    )  # fmt: skip


def test_a_refused_end_day_is_said_with_the_label_of_the_field_it_concerns(world, client):
    """A move whose refusal is worded by the view (`core.http.act` with `said`): the field's label, then why."""
    d = accepted(world)
    row = services.dossier_assign_expert(actor=world.alice, dossier=d, expert=expert(world, "Lê Văn Bình"))
    login(client, world.alice)
    response = client.post(reverse("reviews:expert_end", args=[row.pk]), {"ends": "01/01/2020"}, follow=True)
    assert [(m.level_tag, m.message) for m in response.context["messages"]] == [
        (
            "error",
            "Đến ngày (hạn của chuyên gia): Chọn hôm nay hoặc một ngày sau; muốn kết thúc ngay thì rút chuyên gia khỏi"
            " hồ sơ.",
        )
    ]
    row.refresh_from_db()
    assert row.ends_on is None
