"""Who may open each contests page (tests/test_access.py): judging's pages are listed in judging_access_cases.py."""

from lienhiep.contests.tests.judging_access_cases import CASES as JUDGING_CASES

CASES = {**JUDGING_CASES}
