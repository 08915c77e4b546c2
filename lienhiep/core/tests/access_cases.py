from lienhiep.core.access_cases import VIEW, Case, posted_on


def _export(world):
    """An export alice asked for, written."""
    from django.http import QueryDict

    from lienhiep.core import services

    export = services.export_request(actor=world.alice, source="members", query=QueryDict("status=all"))
    services.export_write(export_id=export.pk)
    return {"pk": export.pk}


def _stalled_export(world):
    """An export alice asked for, whose worker stopped before it took it (its heartbeat stale)."""
    import datetime as dt

    from django.conf import settings
    from django.http import QueryDict
    from django.utils import timezone

    from lienhiep.core import services
    from lienhiep.core.models import Export

    export = services.export_request(actor=world.alice, source="members", query=QueryDict("status=all"))
    stale = timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER + 60)
    Export.objects.filter(pk=export.pk).update(heartbeat_at=stale)
    return {"pk": export.pk}


def _export_is(**fields):  # type: ignore[no-untyped-def]
    def changed(world, client):  # type: ignore[no-untyped-def]
        from lienhiep.core.models import Export

        return Export.objects.filter(actor=world.alice, **fields).exists()

    return changed


# Only the user who asked sees an export: everyone else, read-only roles too, gets 404.
CASES = {
    # The health endpoint: anyone, the proxy and monitoring included; it shows no data.
    "healthz": Case(public=True, scoped=False),
    "exports:detail": Case(kwargs=_export, methods={"GET": VIEW}, private=True),
    "exports:progress": Case(kwargs=_export, methods={"GET": VIEW}, private=True),
    "exports:file": Case(kwargs=_export, methods={"GET": VIEW}, private=True),
    "exports:retry": posted_on(_stalled_export, VIEW, private=True, changed=_export_is(attempt=2)),
    "exports:cancel": posted_on(_stalled_export, VIEW, private=True, changed=_export_is(status="failed")),
}
