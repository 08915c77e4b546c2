from __future__ import annotations

from typing import Any

import factory

from lienhiep.accounts.models import User
from lienhiep.accounts.services import user_create

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.Factory):
    """Users made through the service, as the app makes them."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    is_superuser = False

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        kwargs.pop("is_staff", None)
        return user_create(password=kwargs.pop("password", PASSWORD), **kwargs)
