"""Taking part in a contest another body runs (a quiz on administrative reform, on the social insurance law): an
activity of kind "contest", the body as its outside organiser, the participants counted and, optionally, named."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lienhiep.activities import services
from lienhiep.activities.models import Activity, ActivityEvent
from lienhiep.activities.tests.outside import outside_contest, steering_body

D = dt.date


@pytest.fixture
def steering(world):
    return steering_body(world)


def test_a_contest_names_the_body_that_ran_it_and_its_entrants(world, steering):
    contest = outside_contest(world, steering, members=[world.person])
    assert list(contest.members.all()) == [world.person]
    event = ActivityEvent.objects.get(target="activity", target_id=contest.pk)
    assert event.data["members"] == [world.person.pk]
    with pytest.raises(ValidationError) as error:  # run by the unit itself: a contest of `contests`, not this
        outside_contest(world, steering, role="organiser", host=None)
    assert error.value.message_dict["host"] == [
        "Cuộc thi bên ngoài phải ghi cơ quan tổ chức, và đơn vị là bên tham gia."
    ]
    with pytest.raises(ValidationError):  # no organiser named
        outside_contest(world, steering, host=None)
    with pytest.raises(ValidationError):  # a member of another association
        outside_contest(world, steering, org=world.trung_luong, members=[world.person])
    assert Activity.objects.count() == 1
    services.activity_update(actor=world.alice, activity=contest, members=[])
    assert contest.members.count() == 0
    assert ActivityEvent.objects.filter(target_id=contest.pk, kind="update").get().data["members"] == []


def test_the_form_names_members_for_a_contest_only(world, client_for, steering):
    client = client_for(world.alice)
    data = {"kind": "contest", "title": "Cuộc thi tìm hiểu về cải cách hành chính", "start_date": "01/09/2025",
            "org": world.y_te.pk, "role": "participant", "host": steering.pk, "mode": "online",
            "participants_members": "40", "members": [world.person.pk]}  # fmt: skip
    response = client.post(f"{reverse('activities:new')}?org={world.y_te.pk}", data)
    assert response.status_code == 302
    contest = Activity.objects.get()
    assert list(contest.members.all()) == [world.person]
    page = client.get(reverse("activities:detail", args=[contest.pk]))
    assert "Nguyễn Văn An" in page.content.decode()
    training = {**data, "kind": "training", "title": "Tập huấn", "role": "organiser", "host": ""}
    client.post(f"{reverse('activities:new')}?org={world.y_te.pk}", training)
    assert Activity.objects.get(kind="training").members.count() == 0
