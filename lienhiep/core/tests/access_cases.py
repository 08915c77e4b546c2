from lienhiep.core.access_cases import VIEW, Case


def _export(world):
    """An export alice asked for, written."""
    from django.http import QueryDict

    from lienhiep.core import services

    export = services.export_request(actor=world.alice, source="members", query=QueryDict("status=all"))
    services.export_write(export_id=export.pk)
    return {"pk": export.pk}


# Only the user who asked sees an export: everyone else, read-only roles too, gets 404.
CASES = {
    # The health endpoint: anyone, the proxy and monitoring included; it shows no data.
    "healthz": Case(public=True, scoped=False),
    "exports:detail": Case(kwargs=_export, methods={"GET": VIEW}, private=True),
    "exports:progress": Case(kwargs=_export, methods={"GET": VIEW}, private=True),
    "exports:file": Case(kwargs=_export, methods={"GET": VIEW}, private=True),
}
