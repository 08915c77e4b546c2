"""Vietnamese text: NFC normalisation, diacritic folding for search, and sort keys.

Vietnamese letters carry up to two marks (a vowel shape and a tone). Search ignores both and
case; `đ` is a letter of its own in Unicode (not `d` plus a mark), so it is folded by hand.
Sorting follows the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y)
with tones compared only when the letters are equal (ngang, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import unicodedata

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


def fold(value: str) -> str:
    """Lower-case and strip every diacritic: `Đậu Liêu` -> `dau lieu`."""
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "d").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def _units(value: str) -> list[tuple[str, int]]:
    """Split text into (alphabet unit, tone) pairs."""
    units: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFC", value.lower()):
        if ch == "đ":
            units.append(("đ", 0))
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        unit, tone = base, 0
        for mark in marks:
            if mark in _SHAPES:
                unit += _SHAPES[mark]
            elif mark in _TONES:
                tone = _TONES[mark]
        if unit.isspace():
            unit = " "
        units.append((unit, tone))
    return units


def vi_sort_key(value: str) -> str:
    """A string that sorts like `value` in Vietnamese order, in Python and in any database.

    Two names have the same key exactly when they differ only in case and spacing."""
    units = _units(" ".join(value.split()))
    primary = "".join(_CODES.get(unit) or _other(unit) for unit, _ in units)
    tones = "".join(chr(97 + tone) for _, tone in units)
    return primary + _END + tones


def person_sort_key(full_name: str) -> str:
    """Vietnamese persons sort by given name (the last word), then by the full name."""
    words = full_name.split()
    given = words[-1] if words else ""
    return vi_sort_key(given) + vi_sort_key(full_name)
