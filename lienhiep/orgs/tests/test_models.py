"""A unit's life bounds every record dated or yearly under it: one check each, for every app."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lienhiep.orgs.models import Org

D = dt.date
# Founded on 12/06/2003, dissolved from 01/07/2025 (the end of the district level): its last day is 30/06/2025.
HONG_LINH = Org(name="Liên hiệp hội thị xã Hồng Lĩnh", founded_on=D(2003, 6, 12), ended_on=D(2025, 7, 1))


def refusal(check, value, language):
    """The messages with which `check(value)` refuses, in `language`; None when it lets the value through."""
    with translation.override(language):
        try:
            check(value)
        except ValidationError as refused:
            assert refused.code == "org_not_existing"
            return refused.messages
    return None


@pytest.mark.parametrize(
    ("on", "refused"),
    [(D(2003, 6, 11), True), (D(2003, 6, 12), False), (D(2025, 6, 30), False), (D(2025, 7, 1), True)],
)
def test_a_dated_record_must_fall_within_the_units_life(on, refused):
    assert HONG_LINH.exists_on(on) is not refused
    expected = [f"Liên hiệp hội thị xã Hồng Lĩnh không tồn tại vào ngày {on:%d/%m/%Y}."] if refused else None
    assert refusal(HONG_LINH.check_exists_on, on, "vi") == expected


@pytest.mark.parametrize(("year", "refused"), [(2002, True), (2003, False), (2025, False), (2026, True)])
def test_a_yearly_record_needs_a_day_of_the_units_life_in_its_year(year, refused):
    expected = [f"Liên hiệp hội thị xã Hồng Lĩnh did not exist in {year}."] if refused else None
    assert refusal(HONG_LINH.check_exists_in, year, "en") == expected
