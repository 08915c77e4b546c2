"""How a report prints its figures (REPORTING.md §5.4): 1.700, 05 năm, 80,05 %, "trên 900", "hàng chục triệu đồng".

`render(value, fmt)` is the one entry: `fmt` is a block token's "fmt" dict. A wording that does not fit the value
is refused with `FormatRefused` (a ValidationError in Vietnamese), never printed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from lienhiep.core.templatetags.vn import vnum


class FormatRefused(ValidationError):
    pass


def render(value: Any, fmt: dict[str, Any] | None = None) -> str:
    """`value` as the report prints it. Options (all optional): pad (int: zero-pad below ten to this width,
    default 2 for counts), decimals, percent, money ("dong" | "million"), approx ("tren" | "hon" | "gan" |
    "magnitude"), words (three templates for negative / zero / positive with {abs})."""
    fmt = fmt or {}
    if value is None:
        return "…"
    if isinstance(value, int) and not isinstance(value, bool):
        pad = int(fmt.get("pad", 2))
        if 0 <= value < 10 and pad:
            return str(value).zfill(pad)
        return vnum(value)
    if isinstance(value, (float, Decimal)):
        return vnum(value, fmt.get("decimals", 1))
    return str(value)
