"""Vietnamese text: NFC normalisation, diacritic folding for search, and sort keys.

Vietnamese letters carry up to two marks (a vowel shape and a tone). Search ignores both and
case; `đ` is a letter of its own in Unicode (not `d` plus a mark), so it is folded by hand.
Sorting follows the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y)
with tones compared only when the letters are equal (ngang, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a letter of its own: ă (breve), â ê ô (circumflex), ơ ư (horn).
_SHAPES = {"\u0306": "(", "\u0302": "^", "\u031b": "+"}

_ALPHABET = [
    " ", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    "a", "a(", "a^", "b", "c", "d", "đ", "e", "e^", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "o^", "o+", "p", "q", "r", "s", "t", "u", "u+", "v", "w", "x", "y", "z",
]  # fmt: skip


def _code(index: int) -> str:
    # Two lowercase letters per unit, starting at "ab": only [a-z] so that any database
    # collation (C, en_US, ICU) orders the keys exactly as Python does; "aa" ends the primary key.
    index += 1
    return chr(97 + index // 26) + chr(97 + index % 26)


_CODES = {unit: _code(i) for i, unit in enumerate(_ALPHABET)}
_OTHER = _code(len(_ALPHABET))  # punctuation and anything else sorts after letters, by code point
_END = "aa"


def _other(unit: str) -> str:
    # Keep other characters apart (so equal keys mean equal names, ignoring case and spacing).
    point = ord(unit[0])
    digits = ""
    for _ in range(4):
        point, rest = divmod(point, 26)
        digits = chr(97 + rest) + digits
    return _OTHER + digits


def nfc(value: str) -> str:
    """Normalise text typed in any form (NFD from some keyboards and Macs) to NFC."""
    return unicodedata.normalize("NFC", value)


class _PerCharacter(dict[int, str]):
    """A translation table for `str.translate` that works each character out once, on first sight.

    Names are made of a few hundred distinct characters, so after the first rows of an import every
    character is a dictionary hit instead of a Unicode normalisation."""

    def __init__(self, work: Callable[[str], str]) -> None:
        super().__init__()
        self.work = work

    def __missing__(self, point: int) -> str:
        out = self.work(chr(point))
        if point < 0x2000:  # Latin letters, marks and Vietnamese; other scripts are not kept (bounded)
            self[point] = out
        return out


def _fold_character(ch: str) -> str:
    if ch in "Đđ":
        return "d"
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()


_FOLD = _PerCharacter(_fold_character)


def fold(value: str) -> str:
    """Lower-case and strip every diacritic: `Đậu Liêu` -> `dau lieu` (NFD input too)."""
    return " ".join(value.translate(_FOLD).split())


def _unit(ch: str) -> tuple[str, int]:
    """The alphabet unit and tone of one lower-case NFC character."""
    if ch == "đ":
        return "đ", 0
    decomposed = unicodedata.normalize("NFD", ch)
    unit, tone = decomposed[0], 0
    for mark in decomposed[1:]:
        if mark in _SHAPES:
            unit += _SHAPES[mark]
        elif mark in _TONES:
            tone = _TONES[mark]
    if unit.isspace():
        unit = " "
    return unit, tone


def _primary_code(ch: str) -> str:
    unit = _unit(ch)[0]
    return _CODES.get(unit) or _other(unit)


_PRIMARY = _PerCharacter(_primary_code)
_TONE = _PerCharacter(lambda ch: chr(97 + _unit(ch)[1]))


def vi_sort_key(value: str) -> str:
    """A string that sorts like `value` in Vietnamese order, in Python and in any database.

    Two names have the same key exactly when they differ only in case and spacing."""
    text = unicodedata.normalize("NFC", " ".join(value.split()).lower())
    return text.translate(_PRIMARY) + _END + text.translate(_TONE)


def person_sort_key(full_name: str) -> str:
    """Vietnamese persons sort by given name (the last word), then by the full name."""
    words = full_name.split()
    given = words[-1] if words else ""
    return vi_sort_key(given) + vi_sort_key(full_name)


_WORD = re.compile(r"[^\W\d_]+")


def proper_case(value: str) -> str:
    """A name as Vietnamese writes it: every word with a capital first letter and the rest small ("NGUYỄN VĂN AN" →
    "Nguyễn Văn An"), in NFC, spaces collapsed. A word starts again after a hyphen or an apostrophe ("H'HEN NIÊ" →
    "H'Hen Niê", as the Ê Đê names are written). Every word: Vietnamese capitalises the middle names too (Văn, Thị),
    and there are no particles to keep small."""
    return _WORD.sub(lambda m: m[0][0].upper() + m[0][1:].lower(), " ".join(nfc(value).split()))


def proper_case_suggestion(value: str) -> str | None:
    """The proper-case form to offer for a name typed all in capitals (or all in small letters), else None: a name
    with both is written as someone chose to, and is never changed."""
    letters = [ch for ch in nfc(value) if ch.isalpha()]
    if len(letters) < 2 or not (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        return None
    suggestion = proper_case(value)
    return suggestion if suggestion != " ".join(nfc(value).split()) else None


_ASCII_DIGIT = re.compile(r"[^0-9]")


def phone_key(value: str) -> str:
    """A phone number as stored for search and as typed in a search, one form for both: its digits without the
    country code 84 or the trunk 0, so that "+84 912 345 678", "84912345678", "0084 912…" and "0912.345.678" are
    all "912345678". The 84 goes (with a 0 after it: "+84 (0) 912…") when the number says it is international (a
    leading + or 00) or is as long as a whole international number (11 digits or more; a local one has at most 11
    with its 0); the 0 when it leads. Only ASCII digits count (a '²' is not one). Another country's number (+1 …)
    keeps its code."""
    text = (value or "").strip()
    number = _ASCII_DIGIT.sub("", text)
    international = text.startswith("+") or number.startswith("00")
    number = number.removeprefix("00") if number.startswith("00") else number
    if number.startswith("84") and (international or len(number) >= 11):
        return number[2:].removeprefix("0")  # "+84 (0) 912…"
    if international:
        return number
    return number.removeprefix("0")
