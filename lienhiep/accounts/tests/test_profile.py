"""The profile: a name changes freely; an e-mail address or a phone number only with the password, and a new
address only once a link sent to it is opened (issue 11: the change asked no password, and an address of another
account answered 500)."""

import re

from django.core import mail
from django.urls import reverse

from lienhiep.accounts.models import User
from lienhiep.accounts.testing import login as login_verified
from lienhiep.accounts.tests.factories import PASSWORD, UserFactory


def _post(client, **data):
    return client.post(reverse("accounts:profile"), {"full_name": "Hạnh", "email": "", "phone": "", **data})


def _hanh(db, client):
    user = UserFactory(username="hanh", email="hanh@example.test", phone="0912 000 111", full_name="Hạnh")
    login_verified(client, user)
    return user


def test_the_name_changes_without_the_password(db, client):
    user = _hanh(db, client)
    response = _post(client, full_name="Lê Thị Hạnh", email="hanh@example.test", phone="0912 000 111")
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.email, user.phone) == ("Lê Thị Hạnh", "hanh@example.test", "0912 000 111")


def test_the_phone_and_the_address_need_the_password(db, client):
    user = _hanh(db, client)
    for changed in ({"phone": "0988 777 666", "email": "hanh@example.test"},
                    {"phone": "0912 000 111", "email": "moi@example.test"}):  # fmt: skip
        response = _post(client, **changed)
        assert response.status_code == 200
        assert "mật khẩu" in response.content.decode().lower()
        response = _post(client, **changed, password="sai")
        assert response.status_code == 200
    user.refresh_from_db()
    assert (user.email, user.phone) == ("hanh@example.test", "0912 000 111")
    assert mail.outbox == []
    response = _post(client, phone="0988 777 666", email="hanh@example.test", password=PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == "0988 777 666"


def test_an_address_of_another_account_is_refused_plainly(db, client):
    user = _hanh(db, client)
    UserFactory(username="lan", email="lan@example.test")
    response = _post(client, email="LAN@example.test", phone="0912 000 111", password=PASSWORD)
    assert response.status_code == 200
    assert "không dùng được" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "hanh@example.test"
    assert mail.outbox == []


def test_a_new_address_counts_once_the_link_sent_to_it_is_opened(db, client):
    user = _hanh(db, client)
    response = _post(client, email="Hanh.Moi@example.test", phone="0912 000 111", password=PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "hanh@example.test"  # not yet
    assert [message.to for message in mail.outbox] == [["hanh.moi@example.test"]]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    # the link shows a page asking to confirm, and the confirmation changes the address
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    user.refresh_from_db()
    assert user.email == "hanh.moi@example.test"
    # it works once: the address it was made for is no longer the account's
    assert client.post(path).status_code == 400


def test_a_link_works_only_for_its_own_account(db, client):
    _hanh(db, client)
    _post(client, email="hanh.moi@example.test", phone="0912 000 111", password=PASSWORD)
    path = re.search(r"https?://\S+", mail.outbox[0].body).group(0).split("testserver", 1)[-1]
    other = UserFactory(username="lan", email="lan@example.test")
    login_verified(client, other)
    assert client.post(path).status_code == 400
    other.refresh_from_db()
    assert other.email == "lan@example.test"
    assert not User.objects.filter(email="hanh.moi@example.test").exists()
