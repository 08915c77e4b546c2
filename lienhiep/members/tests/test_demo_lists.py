"""The demo's ended unions list the members they had (issue 11: filtering on them gave 0)."""

import datetime as dt

import pytest
from django.urls import reverse

from lienhiep.accounts.models import User
from lienhiep.accounts.testing import login as login_verified
from lienhiep.members import selectors
from lienhiep.orgs.demo import BAC_GIANG, HONG_LINH
from lienhiep.orgs.models import Org


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "officer"), [(HONG_LINH, "hatinh.canbo"), (BAC_GIANG, "bacninh.canbo")])
def test_a_dissolved_or_merged_union_lists_the_members_it_had_on_its_last_day(demo, client, name, officer):
    union = Org.objects.get(name=name)
    last_day = union.ended_on - dt.timedelta(days=1)
    had = selectors.member_count(union, on=last_day, distinct_persons=True)
    assert had > 0
    login_verified(client, User.objects.get(username=officer))
    response = client.get(reverse("members:list"), {"node": union.pk})
    assert response.context["count"] == had
