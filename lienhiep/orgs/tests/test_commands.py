"""A new site's first unit: `manage.py org_create_top` (docs/deploy.md, section 11), since no page creates a unit
with nothing above it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lienhiep.orgs import selectors
from lienhiep.orgs.models import Org, OrgEvent

pytestmark = pytest.mark.django_db


def test_the_national_union_is_created_once_on_an_empty_tree():
    out = io.StringIO()
    call_command("org_create_top", stdout=out)
    top = Org.objects.get()
    assert (top.kind, top.name, top.short_name, top.founded_on) == (
        "national",
        "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
        "Liên hiệp hội Việt Nam",
        dt.date(1983, 3, 26),
    )
    assert out.getvalue() == f"{top.pk}\tLiên hiệp các Hội Khoa học và Kỹ thuật Việt Nam\n"
    assert list(selectors.subtree(top, on=dt.date(2026, 1, 1)).values_list("pk", flat=True)) == [top.pk]
    assert list(OrgEvent.objects.values_list("org", "kind", "actor")) == [(top.pk, "create", None)]
    with pytest.raises(CommandError, match="already has its units"):
        call_command("org_create_top", "--name", "Một liên hiệp khác")
    assert Org.objects.count() == 1


def test_a_wrong_date_is_refused_and_nothing_is_created():
    with pytest.raises(CommandError):
        call_command("org_create_top", "--founded", "26/03/1983")
    assert not Org.objects.exists()
