"""Template helpers for Vietnamese formatting, loaded as builtins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def vdate(value: dt.date | dt.datetime | None) -> str:
    """31/12/2023 whatever the interface language."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


@register.filter
def vnum(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """1.700 and 12,5 whatever the interface language."""
    if type(value) is int and decimals is None:
        # A whole number (most figures): grouped by threes with "." as both languages' formats say
        # (core/formats), without Django's reading of the active language's formats: the overview prints about
        # 900 figures, and number_format cost it 10 % of its time. Any other value goes through number_format.
        grouped = f"{abs(value):,}".replace(",", ".")
        return f"-{grouped}" if value < 0 else grouped
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def vplain(value: int | float | Decimal | None) -> str:
    """A number as a reader writes it: 50, 12,5, 60 points (a stored 50.00 or 60.00 loses its zeros). `vpercent` adds
    a share's sign; a sentence that prints the sign itself (in its translation) takes `vplain`."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return vnum(number)


@register.filter
def vpercent(value: int | float | Decimal | None) -> str:
    """50 %, 12,5 %: the number (`vplain`), a space, the sign."""
    number = vplain(value)
    return f"{number} %" if number else ""


@register.filter
def is_number(value: object) -> bool:
    """Whether a value prints as a number (`vnum`) rather than as words."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def isodate(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
