"""Calendar arithmetic every app shares."""

import datetime as dt


def years_before(on: dt.date, years: int) -> dt.date:
    """The same day `years` years before `on`; 29 February falls back to the 28th in a year without one. The last
    birth date of someone `years` old on `on`, and the earliest day of "at most a year back"."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)
