"""How a report prints a figure (REPORTING.md §5.4, "How numbers are printed"): every example of its table."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from lienhiep.reporting.formats import FormatRefused, long_date, place_date, render


def test_counts_are_padded_below_ten_and_grouped_with_dots():
    assert render(5) == "05"
    assert render(0) == "00"
    assert render(9) == "09"
    assert render(10) == "10"
    assert render(5, {"pad": 0}) == "5"
    assert render(5, {"pad": 3}) == "005"
    assert render(1700) == "1.700"
    assert render(10950000) == "10.950.000"


def test_decimals_take_the_comma():
    assert render(Decimal("80.05"), {"decimals": 2}) == "80,05"
    assert render(12.5) == "12,5"
    assert render(Decimal("1700.0")) == "1.700"
    assert render(1234.5, {"decimals": 2}) == "1.234,50"


def test_the_same_in_the_english_interface():
    with translation.override("en"):
        assert render(1700) == "1.700"
        assert render(Decimal("91.06"), {"percent": True}) == "91,1 %"


def test_computed_percentages_print_to_one_decimal():
    assert render(Decimal("91.06"), {"percent": True}) == "91,1 %"
    assert render(100, {"percent": True}) == "100,0 %"
    assert render(Decimal("80.05"), {"percent": True, "decimals": 2}) == "80,05 %"


def test_money_in_dong_and_in_millions():
    assert render(10950000, {"money": "dong"}) == "10.950.000 đồng"
    assert render(Decimal("53500000.00"), {"money": "dong"}) == "53.500.000 đồng"
    assert render(53500000, {"money": "million"}) == "53,5 triệu đồng"
    assert render(10000000, {"money": "million"}) == "10 triệu đồng"
    assert render(1230000000, {"money": "billion"}) == "1,2 tỷ đồng"


def test_sign():
    assert render(22, {"sign": False}) == "22"
    assert render(-3, {"sign": False}) == "03"
    assert render(-3) == "-03"
    assert render(22, {"sign": True}) == "+22"
    assert render(-1240, {"sign": True}) == "-1.240"


def test_conditional_words_for_the_sign():
    words = {"words": ["giảm {abs}", "giữ nguyên", "tăng {abs}"]}
    assert render(22, words) == "tăng 22"
    assert render(23, words) == "tăng 23"
    assert render(-3, words) == "giảm 03"
    assert render(0, words) == "giữ nguyên"
    assert render(-1240, {**words, "pad": 0}) == "giảm 1.240"
    with pytest.raises(FormatRefused):
        render(1, {"words": ["giảm {abs}", "tăng {abs}"]})


@pytest.mark.parametrize(
    ("value", "approx", "printed"),
    [
        (932, "tren", "trên 900"),
        (612, "hon", "hơn 600"),
        (31, "tren", "trên 30"),
        (1240, "tren", "trên 1.200"),
        (10950, "hon", "hơn 10.000"),
        (1678, "gan", "gần 1.700"),
        (1700, "gan", "gần 1.700"),
        (96, "gan", "gần 100"),
        (95, "gan", "gần 100"),
        (998, "gan", "gần 1.000"),
    ],
)
def test_approximate_wordings(value, approx, printed):
    assert render(value, {"approx": approx}) == printed


@pytest.mark.parametrize(
    ("value", "fmt"),
    [
        (900, {"approx": "tren"}),  # "trên 900" when the value is 900 or less
        (850, {"approx": "tren", "n": 900}),
        (1200, {"approx": "hon"}),
        (7, {"approx": "tren"}),
        (0, {"approx": "tren"}),
        (1601, {"approx": "gan"}),  # 1.601 is below 95 % of 1.700
        (94, {"approx": "gan"}),
        (1701, {"approx": "gan", "n": 1700}),  # over the number
        (1000, {"approx": "gan", "n": 1100}),
        (1240, {"approx": "magnitude", "n": "hàng trăm"}),  # "hàng trăm" over 1.000
        (5, {"approx": "magnitude"}),
        (5_000_000, {"approx": "magnitude", "money": "dong"}),
        (1_000_000_000, {"approx": "magnitude", "money": "dong"}),
        (10, {"approx": "about"}),
    ],
)
def test_a_wording_that_does_not_fit_is_refused(value, fmt):
    with pytest.raises(FormatRefused):
        render(value, fmt)


def test_the_refusal_speaks_vietnamese():
    with translation.override("vi"), pytest.raises(FormatRefused) as refused:
        render(900, {"approx": "tren"})
    assert refused.value.messages == ["“trên 900” không khớp với giá trị 900."]


def test_a_pinned_number_that_fits_prints():
    assert render(932, {"approx": "tren", "n": 900}) == "trên 900"
    assert render(932, {"approx": "tren", "n": 800}) == "trên 800"
    assert render(1678, {"approx": "gan", "n": 1700}) == "gần 1.700"


def test_approximate_money():
    assert render(53_500_000, {"approx": "tren", "money": "million"}) == "trên 53 triệu đồng"
    assert render(53_500_000, {"approx": "tren", "money": "dong"}) == "trên 53.000.000 đồng"


@pytest.mark.parametrize(
    ("value", "money", "printed"),
    [
        (10, False, "hàng chục"),
        (99, False, "hàng chục"),
        (100, False, "hàng trăm"),
        (932, False, "hàng trăm"),
        (1000, False, "hàng nghìn"),
        (9999, False, "hàng nghìn"),
        (53_500_000, True, "hàng chục triệu đồng"),
        (10_000_000, True, "hàng chục triệu đồng"),
        (100_000_000, True, "hàng trăm triệu đồng"),
        (999_999_999, True, "hàng trăm triệu đồng"),
    ],
)
def test_orders_of_magnitude(value, money, printed):
    fmt = {"approx": "magnitude", **({"money": "dong"} if money else {})}
    assert render(value, fmt) == printed
    assert render(value, {**fmt, "n": printed}) == printed


def test_dates_in_text_and_in_the_header():
    day = dt.date(2024, 1, 26)
    assert render(day) == "26/01/2024"
    assert render(dt.date(2019, 5, 4)) == "04/05/2019"
    assert render(day, {"date": "long"}) == "ngày 26 tháng 01 năm 2024"
    assert long_date(dt.date(2023, 12, 3)) == "ngày 03 tháng 12 năm 2023"
    assert place_date("Hồng Lĩnh", day) == "Hồng Lĩnh, ngày 26 tháng 01 năm 2024"
    assert place_date("Hà Tĩnh", None) == "Hà Tĩnh, ngày … tháng … năm …"


def test_nothing_and_text():
    assert render(None) == "…"
    assert render("Hội Luật gia tỉnh") == "Hội Luật gia tỉnh"
    assert render(True) == "True"
