"""Governance records made through the services, as the app makes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from lienhiep.governance import services
from lienhiep.governance.models import Committee, Congress
from lienhiep.members import services as member_services
from lienhiep.members.models import Person


class PersonFactory(factory.Factory):
    class Meta:
        model = Person

    full_name = factory.Faker("name", locale="vi_VN")

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        org = kwargs.pop("org", None)
        person = member_services.person_create(actor=None, **kwargs)
        if org is not None:
            member_services.member_admit(actor=None, person=person, org=org, joined_on=dt.date(2010, 1, 1))
        return person


class CongressFactory(factory.Factory):
    class Meta:
        model = Congress

    ordinal = 4
    term_start_year = 2018
    term_end_year = 2023
    held_on = dt.date(2018, 6, 15)

    @classmethod
    def _create(cls, model_class: type[Congress], *args: Any, **kwargs: Any) -> Congress:
        return services.congress_create(actor=kwargs.pop("actor", None), **kwargs)


class CommitteeFactory(factory.Factory):
    class Meta:
        model = Committee

    kind = "bch"
    planned_size = 17

    @classmethod
    def _create(cls, model_class: type[Committee], *args: Any, **kwargs: Any) -> Committee:
        return services.committee_create(actor=kwargs.pop("actor", None), **kwargs)
