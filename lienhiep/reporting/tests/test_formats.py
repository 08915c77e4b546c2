"""How a report prints a figure (REPORTING.md §5.4)."""

from decimal import Decimal

from lienhiep.reporting.formats import render


def test_counts_are_padded_below_ten_and_grouped_with_dots():
    assert render(5) == "05"
    assert render(5, {"pad": 0}) == "5"
    assert render(1700) == "1.700"
    assert render(Decimal("80.05"), {"decimals": 2}) == "80,05"
