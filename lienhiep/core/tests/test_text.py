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
