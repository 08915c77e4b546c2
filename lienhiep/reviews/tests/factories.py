"""Dossiers for tests, built through the services."""

import datetime as dt
from decimal import Decimal
from typing import Any

D = dt.date


def dossier(actor: Any, org: Any, **extra: Any) -> Any:
    from lienhiep.reviews import services

    details = {
        "kind": "critique", "title": "Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025",
        "requester_type": "peoples_committee", "requester_name": "UBND thị xã Hồng Lĩnh", "subject_type": "scheme",
        "subject_level": "district", "received_on": D(2026, 3, 2), "request_number": "215/UBND",
        "request_date": D(2026, 2, 27), "answer_due": D(2026, 4, 2),
    }  # fmt: skip
    details.update(extra)
    return services.dossier_create(actor=actor, org=org, **details)


def cost(actor: Any, dossier_: Any, planned: int = 6_000_000) -> Any:
    from lienhiep.reviews import services

    return services.cost_add(actor=actor, dossier=dossier_, item="council", planned=Decimal(planned))
