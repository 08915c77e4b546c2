from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from lienhiep.orgs import services
from lienhiep.orgs.models import Org, OrgKind


class OrgFactory(factory.Factory):
    """Nodes made through `org_create`, so spells, closure and events are all there."""

    class Meta:
        model = Org

    kind = OrgKind.ASSOCIATION
    name = factory.Sequence(lambda n: f"Hội KH&KT số {n}")
    founded_on = dt.date(2000, 1, 1)
    parent = None

    @classmethod
    def _create(cls, model_class: type[Org], *args: Any, **kwargs: Any) -> Org:
        return services.org_create(actor=kwargs.pop("actor", None), **kwargs)
