"""The data inventory follows the models: a new field that looks personal must be classified, and the page shows
every table holding personal data to the system administrator alone."""

from django.urls import reverse

from lienhiep.core.inventory import inventory, unclassified


def test_every_field_that_looks_personal_is_classified():
    assert unclassified() == []


def test_the_inventory_lists_the_person_table_with_its_sensitive_fields():
    person = next(t for t in inventory() if t.label == "members.Person")
    assert person.sensitive
    assert [field for field in person.fields if field[1] == "nhạy cảm"] == [
        ("số CCCD", "nhạy cảm"),
        ("Đảng viên", "nhạy cảm"),
        ("sức khỏe", "nhạy cảm"),
    ]
    events = next(t for t in inventory() if t.label == "members.PersonEvent")
    assert events.sensitive  # the address and browser: a person's activity online


def test_only_the_system_administrator_opens_the_inventory(world, client_for):
    url = reverse("admin:core_data_inventory")
    assert client_for(world.alice).get(url).status_code == 302  # to the admin's login
    page = client_for(world.root).get(url)
    assert page.status_code == 200
    assert "members_person" in page.content.decode()
