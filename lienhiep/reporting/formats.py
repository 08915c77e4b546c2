"""How a report prints its figures (REPORTING.md §5.4): 1.700, 05 năm, 80,05 %, "trên 900", "hàng chục triệu đồng".

`render(value, fmt)` is the one entry: `fmt` is a block token's "fmt" dict. A wording that does not fit the value
is refused with `FormatRefused` (a ValidationError in Vietnamese), never printed. Every approximate wording keeps
the exact value in the annex (`FigureLine.value`); only the printed text is approximate.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lienhiep.core.templatetags.vn import vnum

Number = int | float | Decimal

MILLION = 1_000_000
BILLION = 1_000_000_000

# Orders of magnitude: (lowest value, highest value excluded, words).
COUNT_MAGNITUDES = (
    (10, 100, "hàng chục"),
    (100, 1_000, "hàng trăm"),
    (1_000, 10_000, "hàng nghìn"),
    (10_000, 100_000, "hàng chục nghìn"),
    (100_000, 1_000_000, "hàng trăm nghìn"),
)
MONEY_MAGNITUDES = (
    (10 * MILLION, 100 * MILLION, "hàng chục triệu đồng"),
    (100 * MILLION, BILLION, "hàng trăm triệu đồng"),
)
APPROX_WORDS = {"tren": "trên", "hon": "hơn", "gan": "gần"}


class FormatRefused(ValidationError):
    """A wording that does not fit the value ("trên 900" for 900, "hàng trăm" for 1.240)."""


def render(value: Any, fmt: dict[str, Any] | None = None) -> str:
    """`value` as the report prints it; `fmt` is the token's options, all optional:

    - ``pad`` (int, default 2): a whole number from 0 to 9 is zero-padded to this width ("05 năm"); 0 turns it off.
    - ``decimals`` (int): digits after the decimal comma (default: none for a whole value, else 1).
    - ``percent`` (bool): a computed share in per cent, one decimal unless ``decimals`` says otherwise: "91,1 %".
    - ``money``: ``"dong"`` prints "10.950.000 đồng"; ``"million"`` prints "53,5 triệu đồng" (one decimal at most,
      ",0" dropped); ``"billion"`` prints "1,2 tỷ đồng".
    - ``sign`` (bool): True prints "+22" / "-3"; False prints the absolute value "22" (the words around say which
      way it went). Unset: a negative value prints "-3".
    - ``approx``: ``"tren"`` / ``"hon"`` print "trên 900" / "hơn 600" — the value rounded down to its leading digit
      (two leading digits from 1.000), refused when the value is not above it; ``"gan"`` prints "gần 1.700" — the
      value rounded up to the same step, allowed when the value lies within 95 %–100 % of it; ``"magnitude"``
      prints "hàng chục" / "hàng trăm" / "hàng nghìn" (money: "hàng chục triệu đồng", "hàng trăm triệu đồng").
      ``n`` pins the number (or, for "magnitude", the words) the template wrote; it is refused when it does not fit.
    - ``words``: three templates for a negative / zero / positive value, with ``{abs}`` (the absolute value printed
      with the options above) and ``{value}``: ``["giảm {abs}", "giữ nguyên", "tăng {abs}"]``.
    - ``date``: for a date, ``"long"`` prints the header's "ngày 26 tháng 01 năm 2024"; otherwise "26/01/2024".

    None prints "…" (a figure not computed yet). Text prints as it is.
    """
    fmt = fmt or {}
    if value is None:
        return "…"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return long_date(value) if fmt.get("date") == "long" else f"{value:%d/%m/%Y}"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if fmt.get("words"):
        return _worded(value, fmt)
    if fmt.get("approx"):
        return _approximate(value, fmt)
    return _number(value, fmt)


def long_date(date: dt.date) -> str:
    """The date as the header and the signature write it: "ngày 26 tháng 01 năm 2024" (day and month padded)."""
    return f"ngày {date:%d} tháng {date:%m} năm {date:%Y}"


def place_date(place: str, date: dt.date | None) -> str:
    """The date line of the head (ND 30, ô 4): "Hồng Lĩnh, ngày 26 tháng 01 năm 2024"; without a date yet,
    "Hồng Lĩnh, ngày … tháng … năm …" for the signer to fill in."""
    when = long_date(date) if date else "ngày … tháng … năm …"
    return f"{place}, {when}" if place else when


def _number(value: Number, fmt: dict[str, Any]) -> str:
    money = fmt.get("money")
    if money:
        return _money(value, money, fmt)
    if fmt.get("percent"):
        return f"{_fixed(value, int(fmt.get('decimals', 1)))} %"
    sign = fmt.get("sign")
    negative = value < 0
    magnitude = -value if negative else value
    text = _plain(magnitude, fmt)
    if negative and sign is not False:
        return f"-{text}"
    if sign is True and value > 0:
        return f"+{text}"
    return text


def _plain(value: Number, fmt: dict[str, Any]) -> str:
    """A non-negative number: padded below ten when whole, grouped with dots, the decimal comma."""
    decimals = fmt.get("decimals")
    whole = value == int(value)
    if decimals is None and whole:
        number = int(value)
        pad = int(fmt.get("pad", 2))
        if number < 10 and pad:
            return str(number).zfill(pad)
        return vnum(number)
    return _fixed(value, 1 if decimals is None else int(decimals))


def _fixed(value: Number, decimals: int) -> str:
    """Rounded half up to `decimals` (Django's number_format cuts the digits off: 91,06 would print 91,0)."""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return vnum(exact, decimals)


def _money(value: Number, money: str, fmt: dict[str, Any]) -> str:
    if money == "million" or money == "billion":
        unit, word = (MILLION, "triệu") if money == "million" else (BILLION, "tỷ")
        scaled = Decimal(str(value)) / unit
        decimals = int(fmt.get("decimals", 1))
        rounded = scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = _fixed(rounded, decimals) if rounded != int(rounded) else vnum(int(rounded))
        return f"{text} {word} đồng"
    if money != "dong":
        raise FormatRefused(_("Unknown money format: %(money)s.") % {"money": money})
    return f"{_fixed(value, 0)} đồng"


def _step(value: Number) -> int:
    """The rounding step of "trên/hơn/gần": the leading digit below 1.000, the two leading digits from 1.000."""
    digits = len(str(int(value)))
    return 10 ** max(digits - (2 if value >= 1000 else 1), 0)


def _approximate(value: Number, fmt: dict[str, Any]) -> str:
    approx = fmt["approx"]
    printed = {key: option for key, option in fmt.items() if key not in {"approx", "n", "sign"}}
    if approx == "magnitude":
        return _magnitude(value, fmt)
    if approx not in APPROX_WORDS:
        raise FormatRefused(_("Unknown approximate wording: %(approx)s.") % {"approx": approx})
    word = APPROX_WORDS[approx]
    if value <= 0:
        raise FormatRefused(_("“%(word)s …” does not fit the value %(value)s.") % {"word": word, "value": vnum(value)})
    pinned = fmt.get("n")
    step = _step(value)
    if approx == "gan":
        n = Decimal(pinned) if pinned is not None else Decimal(math.ceil(Decimal(str(value)) / step) * step)
        fits = Decimal("0.95") * n <= Decimal(str(value)) <= n
    else:
        n = Decimal(pinned) if pinned is not None else Decimal(math.floor(Decimal(str(value)) / step) * step)
        fits = Decimal(str(value)) > n
    if not fits:
        raise FormatRefused(
            _("“%(word)s %(n)s” does not fit the value %(value)s.")
            % {"word": word, "n": _number(n, {**printed, "pad": 0}), "value": vnum(value)}
        )
    return f"{word} {_number(n if n != int(n) else int(n), {**printed, 'pad': 0})}"


def _magnitude(value: Number, fmt: dict[str, Any]) -> str:
    table = MONEY_MAGNITUDES if fmt.get("money") else COUNT_MAGNITUDES
    found = next((words for low, high, words in table if low <= value < high), None)
    pinned = fmt.get("n")
    if pinned is not None and pinned != found:
        raise FormatRefused(
            _("“%(words)s” does not fit the value %(value)s.") % {"words": pinned, "value": vnum(value)}
        )
    if found is None:
        raise FormatRefused(_("No order of magnitude fits the value %(value)s.") % {"value": vnum(value)})
    return found


def _worded(value: Number, fmt: dict[str, Any]) -> str:
    words = fmt["words"]
    if not isinstance(words, list | tuple) or len(words) != 3:
        raise FormatRefused(_("A worded figure needs three wordings: negative, zero, positive."))
    rest = {key: option for key, option in fmt.items() if key not in {"words", "sign"}}
    template = words[0] if value < 0 else words[1] if value == 0 else words[2]
    absolute = -value if value < 0 else value
    shown = render(absolute, rest)
    return str(template).replace("{abs}", shown).replace("{value}", render(value, rest))
