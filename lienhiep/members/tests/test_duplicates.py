"""Likely duplicates: the selector, the member form's warning and choice, the officer's page, merge and undo."""

import datetime as dt
import html

from django.urls import reverse

from lienhiep.members import duplicates, services
from lienhiep.members.models import Membership, Person, PersonMerge

D = dt.date


def text(response):
    return html.unescape(response.content.decode())


def test_a_phone_is_one_number_however_it_is_written():
    keys = {duplicates.phone_key(p) for p in ["+84 912 345 678", "84912345678", "0912.345.678", "912345678"]}
    assert keys == {"912345678"}  # `core.text.phone_key`, as stored in `Person.phone_digits`
    assert duplicates.phone_key("113") == ""


def test_likely_duplicates_say_why_and_name_only_persons_the_user_sees(world):
    services.member_admit(
        actor=world.root, person=world.person, org=world.trung_luong, joined_on=D(2016, 1, 1), card_number="TL-7"
    )
    matches = duplicates.likely_duplicates(
        user=world.alice, full_name="NGUYEN  van an", birth_date=D(1980, 5, 17), phone="+84 912 345 678",
        card_number="tl-7", org=world.trung_luong, id_number="042080001234",
    )  # fmt: skip
    assert [(m.person, m.reasons) for m in matches] == [(world.person, ["name_birth", "phone", "card", "id_number"])]
    assert matches[0].hard
    assert [m.org for m in matches[0].memberships] == [world.y_te, world.trung_luong]
    # Each reason alone
    by_phone = duplicates.likely_duplicates(user=world.alice, full_name="Lê Thị Mai", phone="84912345678")
    assert [(m.person, m.reasons) for m in by_phone] == [(world.person, ["phone"])]
    by_card = duplicates.likely_duplicates(user=world.alice, card_number="TL-7", org=world.trung_luong)
    assert [m.reasons for m in by_card] == [["card"]]
    assert duplicates.likely_duplicates(user=world.alice, card_number="TL-7", org=world.y_te) == []
    assert duplicates.likely_duplicates(user=world.alice, full_name="Nguyễn Văn An", birth_date=D(1980, 5, 18)) == []
    # A namesake born the same day with another CCCD is another person, as in the import
    namesake = {"full_name": "Nguyễn Văn An", "birth_date": D(1980, 5, 17), "id_number": "042080009999"}
    assert duplicates.likely_duplicates(user=world.alice, **namesake) == []
    # Bắc Ninh's secretary sees none of Hà Tĩnh's persons, and the bob of Trung Lương sees those of his association
    assert duplicates.likely_duplicates(user=world.dan, full_name="Nguyễn Văn An", birth_date=D(1980, 5, 17)) == []
    assert [m.person for m in duplicates.likely_duplicates(user=world.bob, phone="0912345678")] == [world.person]
    # The record itself, when it is the one being edited
    assert duplicates.likely_duplicates(user=world.alice, phone="0912345678", exclude=[world.person.pk]) == []


def _admit(client, world, **extra):
    data = {"org": world.y_te.pk, "joined_on": "01/02/2024", "full_name": "Nguyễn Văn An", "birth_date": "17/05/1980"}
    return client.post(reverse("members:admit"), {**data, **extra})


def test_the_admission_form_warns_and_the_user_chooses(world, client_for):
    client = client_for(world.alice)
    persons, memberships = Person.objects.count(), Membership.objects.count()
    # A namesake born the same day: the form warns, names the record (birth year, association) and saves nothing.
    response = _admit(client, world, card_number="YT-1")
    page = text(response)
    assert response.status_code == 200
    assert [m.person for m in response.context["matches"]] == [world.person]
    assert "Nguyễn Văn An" in page and "1980" in page and "Hội KH&KT Trung tâm Y tế" in page
    assert 'data-testid="same-person"' in page and 'data-testid="another-person"' in page
    assert (Person.objects.count(), Membership.objects.count()) == (persons, memberships)
    # "Same person" in an association they are not in yet: a membership of the record already there, no new person.
    response = _admit(client, world, org=world.trung_luong.pk, same_as=world.person.pk)
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[world.person.pk])
    assert Person.objects.count() == persons
    assert list(world.person.memberships.values_list("org", flat=True).order_by("pk")) == [
        world.y_te.pk, world.trung_luong.pk,
    ]  # fmt: skip
    # "Another person": saved as a new record.
    response = _admit(client, world, distinct="1")
    assert response.status_code == 302
    assert Person.objects.filter(full_name="Nguyễn Văn An").count() == 2


def test_same_person_must_be_one_of_the_records_shown(world, client_for):
    stranger = services.person_create(actor=world.root, full_name="Đỗ Thị Hằng")
    services.member_admit(actor=world.root, person=stranger, org=world.lawyers_bn, joined_on=D(2019, 1, 1))
    response = _admit(client_for(world.alice), world, same_as=stranger.pk)
    assert response.status_code == 200  # the warning again; nothing added to a record not shown
    assert not stranger.memberships.filter(org=world.y_te).exists()


def test_the_edit_form_warns_when_the_phone_becomes_another_records(world, client_for):
    other = services.person_create(actor=world.root, full_name="Trần Thị Hoa", phone="+84 988 000 111")
    services.member_admit(actor=world.root, person=other, org=world.trung_luong, joined_on=D(2016, 1, 1))
    client = client_for(world.alice)
    url = reverse("members:edit", args=[world.person.pk])
    data = {"full_name": "Nguyễn Văn An", "birth_date": "17/05/1980", "phone": "0988 000 111"}
    response = client.post(url, data)
    assert [(m.person, m.reasons) for m in response.context["matches"]] == [(other, ["phone"])]
    assert reverse("members:merge", args=[world.person.pk, other.pk]) in text(response)  # an officer may merge
    world.person.refresh_from_db()
    assert world.person.phone == "0912 345 678"
    assert client.post(url, {**data, "distinct": "1"}).status_code == 302
    world.person.refresh_from_db()
    assert world.person.phone == "0988 000 111"
    # Changing what does not tell persons apart asks nothing
    assert client.post(url, {**data, "workplace": "Bệnh viện"}).status_code == 302


def test_the_officer_lists_the_pairs_merges_one_and_undoes_it(world, client_for):
    twin = services.person_create(actor=world.root, full_name="NGUYỄN VĂN AN", birth_date=D(1980, 5, 17))
    services.member_admit(actor=world.root, person=twin, org=world.trung_luong, joined_on=D(2016, 1, 1))
    same_phone = services.person_create(actor=world.root, full_name="Lê Văn Tư", phone="84912345678")
    services.member_admit(actor=world.root, person=same_phone, org=world.branch, joined_on=D(2017, 1, 1))
    client = client_for(world.alice)

    page = client.get(reverse("members:duplicates"), {"node": world.hong_linh.pk})
    pairs = [(p.first, p.second, p.reasons) for p in page.context["page"]]
    assert pairs == [(world.person, twin, ["name_birth"]), (world.person, same_phone, ["phone"])]

    compare = client.get(reverse("members:merge", args=[world.person.pk, twin.pk]))
    assert compare.status_code == 200 and text(compare).count('data-testid="record"') == 2
    response = client.post(reverse("members:merge", args=[world.person.pk, twin.pk]), {"keep": world.person.pk})
    assert response["Location"] == reverse("members:detail", args=[world.person.pk])
    merge = PersonMerge.objects.get()
    assert (merge.kept, merge.merged, merge.actor) == (world.person, twin, world.alice)
    assert sorted(world.person.memberships.values_list("org", flat=True)) == sorted(
        [world.y_te.pk, world.trung_luong.pk]
    )
    # The pair is gone from the page; the tombstone's old link leads to the record kept.
    page = client.get(reverse("members:duplicates"), {"node": world.hong_linh.pk})
    assert [(p.first, p.second) for p in page.context["page"]] == [(world.person, same_phone)]
    assert 'data-testid="merge-record"' in text(client.get(reverse("members:detail", args=[world.person.pk])))

    client.post(reverse("members:merge_undo", args=[merge.pk]))
    merge.refresh_from_db()
    assert merge.status == "undone"
    assert list(twin.memberships.values_list("org", flat=True)) == [world.trung_luong.pk]
    page = client.get(reverse("members:duplicates"), {"node": world.hong_linh.pk})
    assert len(page.context["page"]) == 2


def test_the_pairs_page_by_keyset_so_a_merge_on_one_page_skips_no_pair_on_the_next(world, client_for):
    # Given 21 pairs of namesakes born the same day in Trung Lương: one more than a page
    for letter in "ABCDEFGHIKLMNOPQRSTUV":
        for _twice in range(2):
            person = services.person_create(actor=world.root, full_name=f"Hồ Văn {letter}", birth_date=D(1970, 1, 1))
            services.member_admit(actor=world.root, person=person, org=world.trung_luong, joined_on=D(2016, 1, 1))
    client = client_for(world.alice)
    url = reverse("members:duplicates")
    first = client.get(url, {"node": world.hong_linh.pk})
    names = [pair.first.full_name for pair in first.context["page"]]
    assert (len(names), names[0], names[-1], first.context["count"]) == (20, "Hồ Văn A", "Hồ Văn U", 21)
    assert "before" not in first.context["cursors"]
    # When the officer merges a pair of the first page, then goes to the next one
    pair = first.context["page"][0]
    client.post(reverse("members:merge", args=[pair.first.pk, pair.second.pk]), {"keep": pair.first.pk})
    after = first.context["cursors"]["after"]
    second = client.get(url, {"node": world.hong_linh.pk, "after": after})
    # Then it holds the 21st pair (an offset would have skipped it), and the page before it the 19 left
    assert [p.first.full_name for p in second.context["page"]] == ["Hồ Văn V"]
    assert "after" not in second.context["cursors"]
    back = client.get(url, {"node": world.hong_linh.pk, "before": second.context["cursors"]["before"]})
    assert [p.first.full_name for p in back.context["page"]] == names[1:]
    assert f"node={world.hong_linh.pk}&after=" in text(first)
    # A cursor edited by hand gives the first page.
    assert len(client.get(url, {"node": world.hong_linh.pk, "after": "x~y~z"}).context["page"]) == 20


def test_a_secretary_may_not_merge(world, client_for):
    twin = services.person_create(actor=world.root, full_name="Nguyễn Văn An", birth_date=D(1980, 5, 17))
    services.member_admit(actor=world.root, person=twin, org=world.trung_luong, joined_on=D(2016, 1, 1))
    services.member_admit(actor=world.root, person=world.person, org=world.trung_luong, joined_on=D(2016, 1, 1))
    client = client_for(world.bob)  # EDIT on Trung Lương, where both records are
    response = client.post(reverse("members:merge", args=[world.person.pk, twin.pk]), {"keep": world.person.pk})
    assert response.status_code == 403
    assert not PersonMerge.objects.exists()
    assert client.get(reverse("members:duplicates"), {"node": world.trung_luong.pk}).status_code == 403


def test_namesakes_told_apart_by_their_citizen_ids_are_no_pair(world):
    namesake = services.person_create(
        actor=world.root, full_name="Nguyễn Văn An", birth_date=D(1980, 5, 17), id_number="042080009999"
    )
    services.member_admit(actor=world.root, person=namesake, org=world.trung_luong, joined_on=D(2016, 1, 1))
    assert duplicates.duplicate_pairs(node=world.hong_linh) == []
    twin = services.person_create(actor=world.root, full_name="Nguyễn Văn An", birth_date=D(1980, 5, 17))
    services.member_admit(actor=world.root, person=twin, org=world.branch, joined_on=D(2017, 1, 1))
    pairs = [(p.first.pk, p.second.pk, p.reasons) for p in duplicates.duplicate_pairs(node=world.hong_linh)]
    assert sorted(pairs) == [(world.person.pk, twin.pk, ["name_birth"]), (namesake.pk, twin.pk, ["name_birth"])]
