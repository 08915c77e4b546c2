import unicodedata

from lienhiep.core.text import fold, nfc, person_sort_key, vi_sort_key


def test_fold_strips_marks_and_case_and_folds_d_bar():
    assert fold("Đậu Liêu") == "dau lieu"
    assert fold("NGUYỄN  Trí   Anh") == "nguyen tri anh"
    assert fold("đường") == "duong"


def test_fold_reads_nfd_input_like_nfc():
    typed_nfd = unicodedata.normalize("NFD", "Nguyễn Trí Anh")
    assert typed_nfd != "Nguyễn Trí Anh"
    assert fold(typed_nfd) == fold("Nguyễn Trí Anh") == "nguyen tri anh"
    assert nfc(typed_nfd) == "Nguyễn Trí Anh"


def test_vietnamese_alphabet_order():
    # a < ă < â < b ... d < đ < e < ê ... o < ô < ơ ... u < ư
    words = ["ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "b", "â", "ă", "a"]
    assert sorted(words, key=vi_sort_key) == ["a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]


def test_tones_only_break_ties_between_equal_letters():
    # ngang < huyền < hỏi < ngã < sắc < nặng, but a letter difference outweighs any tone.
    words = ["mạ", "má", "mã", "mả", "mà", "ma", "mai"]
    assert sorted(words, key=vi_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]


def test_names_sort_in_vietnamese_order():
    names = ["Đặng Văn Nam", "Dương Thị Hà", "Bùi Việt Hùng", "Ân Văn Tú", "An Thị Lụa", "Ánh Văn Cường"]
    assert sorted(names, key=vi_sort_key) == [
        "An Thị Lụa",
        "Ánh Văn Cường",
        "Ân Văn Tú",
        "Bùi Việt Hùng",
        "Dương Thị Hà",
        "Đặng Văn Nam",
    ]


def test_sort_key_is_plain_lowercase_ascii():
    # So that every database collation orders it like Python does.
    key = vi_sort_key("Hội KH&KT phường Đậu Liêu (số 2)")
    assert key.isascii() and key.isalpha() and key == key.lower()


def test_person_sort_key_uses_given_name_first():
    people = ["Tôn Quang Ngọc", "Nguyễn Trí Anh", "Phạm Quốc Dũng", "Lê Văn Bình"]
    assert sorted(people, key=person_sort_key) == ["Nguyễn Trí Anh", "Lê Văn Bình", "Phạm Quốc Dũng", "Tôn Quang Ngọc"]


def _reference_fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "d").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def _reference_sort_key(value: str) -> str:
    from lienhiep.core.text import _CODES, _END, _SHAPES, _TONES, _other

    units = []
    for ch in unicodedata.normalize("NFC", " ".join(value.split()).lower()):
        if ch == "đ":
            units.append(("đ", 0))
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        unit, tone = decomposed[0], 0
        for mark in decomposed[1:]:
            if mark in _SHAPES:
                unit += _SHAPES[mark]
            elif mark in _TONES:
                tone = _TONES[mark]
        units.append((" " if unit.isspace() else unit, tone))
    primary = "".join(_CODES.get(unit) or _other(unit) for unit, _ in units)
    return primary + _END + "".join(chr(97 + tone) for _, tone in units)


def test_cached_folding_and_sort_keys_equal_the_plain_definitions():
    """`fold` and `vi_sort_key` work per character from a cache; they must equal the definitions."""
    import random

    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    alphabet = letters + letters.upper() + " \\t-.'(),0123456789Ωéßİǅ中\u0301\u0300\u0323"
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        for form in (text, unicodedata.normalize("NFD", text)):
            assert fold(form) == _reference_fold(form), form
            assert vi_sort_key(form) == _reference_sort_key(form), form


def test_proper_case_capitalises_every_word_of_a_vietnamese_name():
    from lienhiep.core.text import proper_case

    assert proper_case("NGUYỄN VĂN AN") == "Nguyễn Văn An"
    assert proper_case("ĐẶNG  THỊ   ÚT ") == "Đặng Thị Út"
    assert proper_case("trần đức ưng") == "Trần Đức Ưng"
    assert proper_case("H'HEN NIÊ") == "H'Hen Niê"
    assert proper_case("LÊ-NGUYỄN HOÀNG") == "Lê-Nguyễn Hoàng"
    # typed in NFD (decomposed marks), it comes back in NFC
    assert proper_case(unicodedata.normalize("NFD", "PHẠM HỒNG QUÝ")) == "Phạm Hồng Quý"
    assert unicodedata.is_normalized("NFC", proper_case(unicodedata.normalize("NFD", "ỨNG"))) is True


def test_proper_case_is_offered_only_for_names_all_in_capitals_or_all_small():
    from lienhiep.core.text import proper_case_suggestion

    assert proper_case_suggestion("NGUYỄN VĂN AN") == "Nguyễn Văn An"
    assert proper_case_suggestion("nguyễn văn an") == "Nguyễn Văn An"
    assert proper_case_suggestion("Nguyễn Văn An") is None  # already so
    assert proper_case_suggestion("Nguyễn văn AN") is None  # as someone chose to write it
    assert proper_case_suggestion("Á") is None  # one letter: nothing to tell
    assert proper_case_suggestion("") is None
