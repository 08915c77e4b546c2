"""Django's admin shows governance records but changes none of them: every change goes through the services."""

import pytest
from django.urls import reverse

from lienhiep.governance.models import Committee, Congress, GovernanceEvent, Meeting, Seat
from lienhiep.governance.tests.access_cases import gov


@pytest.mark.parametrize("model", [Congress, Committee, Seat, Meeting, GovernanceEvent])
def test_the_admin_reads_but_does_not_change_governance(world, client_for, model):
    records = gov(world)
    row = {
        Congress: records.congress,
        Committee: records.committee,
        Seat: records.seat,
        Meeting: records.meeting,
        GovernanceEvent: GovernanceEvent.objects.filter(congress=records.congress).first(),
    }[model]
    name = f"admin:governance_{model._meta.model_name}"
    client = client_for(world.root)
    before = list(model.objects.order_by("pk").values())
    assert client.get(reverse(f"{name}_changelist")).status_code == 200
    assert client.get(reverse(f"{name}_change", args=[row.pk])).status_code == 200  # shown, read only
    assert client.get(reverse(f"{name}_add")).status_code == 403
    assert client.post(reverse(f"{name}_change", args=[row.pk]), {}).status_code == 403
    assert client.post(reverse(f"{name}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert list(model.objects.order_by("pk").values()) == before
