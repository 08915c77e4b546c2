"""An expert's history of assignments, told by the apps that assign them (reviews' dossiers, contests' entries),
which sit above the registry: each declares on its AppConfig `expert_assignments`, dotted paths to functions
`(expert, *, user) -> list[Assignment]` — the assignments of that expert, as `user` may read them (a confidential
dossier's title hidden, a link only where the user may open it). The registry imports none of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from lienhiep.core import declarations


@dataclass(frozen=True)
class Assignment:
    on: dt.date  # assigned on
    title: str  # the record, as the reader may see it named
    role: str  # what the expert did on it ("Chuyên gia phản biện", "Giám khảo")
    status: str = ""  # where the record stands, or the assignment ("Đã gửi ý kiến", "Đã rút")
    url: str = ""  # its page, when the reader may open it
    until: dt.date | None = None


def assignments(expert: Any, *, user: Any) -> list[Assignment]:
    """Every app's assignments of `expert`, newest first."""
    rows: list[Assignment] = [
        row for told in declarations.imported("expert_assignments") for row in told(expert, user=user)
    ]
    return sorted(rows, key=lambda a: a.on, reverse=True)
