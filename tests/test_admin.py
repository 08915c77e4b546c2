"""The admin shows what only the services write, and changes none of it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from lienhiep.core.admin import ReadOnlyAdmin
from lienhiep.governance.models import Committee, Congress, GovernanceEvent, Meeting, Restructuring, Seat
from lienhiep.governance.tests.access_cases import gov
from lienhiep.members.models import ExportLog
from lienhiep.orgs.models import Org, OrgEvent, OrgSpell, Role

READ_ONLY = [
    Org,
    OrgSpell,
    OrgEvent,
    Role,
    ExportLog,
    Congress,
    Committee,
    Seat,
    Meeting,
    Restructuring,
    GovernanceEvent,
]


def test_the_tree_the_export_log_and_governance_are_read_only_in_the_admin():
    assert [isinstance(admin.site._registry[model], ReadOnlyAdmin) for model in READ_ONLY] == [True] * len(READ_ONLY)


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)
def test_a_system_administrator_reads_but_cannot_add_or_change(world, client_for, model):
    ExportLog.objects.create(actor=world.alice, file_format="csv", node=world.ha_tinh, filters={})
    gov(world)  # a congress with a committee, a seat, a meeting, a restructuring and their events
    client = client_for(world.root)
    names = (model._meta.app_label, model._meta.model_name)
    row = model.objects.first()
    before = list(model.objects.order_by("pk").values())
    assert client.get(reverse("admin:{}_{}_changelist".format(*names))).status_code == 200
    assert client.get(reverse("admin:{}_{}_change".format(*names), args=[row.pk])).status_code == 200  # read only
    assert client.get(reverse("admin:{}_{}_add".format(*names))).status_code == 403
    assert client.post(reverse("admin:{}_{}_change".format(*names), args=[row.pk]), {}).status_code == 403
    assert client.post(reverse("admin:{}_{}_delete".format(*names), args=[row.pk]), {"post": "yes"}).status_code == 403
    assert list(model.objects.order_by("pk").values()) == before


def test_every_event_table_in_the_admin_is_read_only():
    from lienhiep.core.models import AuditEvent

    shown = [model for model in admin.site._registry if issubclass(model, AuditEvent)]
    assert len(shown) >= 4
    assert [m.__name__ for m in shown if not isinstance(admin.site._registry[m], ReadOnlyAdmin)] == []
