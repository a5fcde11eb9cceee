"""Whatever day the demo is loaded, the tests' own cycles have a half-year of their own."""

import datetime as dt

import pytest

from backend import i18n
from seed.demo_cycles import cycle_specs
from tests.demo_cycles import CLOSED_CYCLE, FREE_HALF_YEAR, OPEN_CYCLE, HalfYear, free_half_year

DAYS = [
    dt.date(2026, 12, 2),
    dt.date(2027, 2, 20),
    dt.date(2027, 5, 1),
    dt.date(2027, 9, 1),
    dt.date(2027, 12, 1),
]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_free_half_year_is_neither_demo_cycle_and_has_reporting_actions(
    day: dt.date,
) -> None:
    closed, current = cycle_specs(day)
    free = free_half_year(closed.code, current.code)
    assert free.code not in (closed.code, current.code)
    assert dt.date(2026, 1, 1) <= free.start < free.end <= dt.date(2027, 12, 31)
    year, half = free.code.split("-H")
    assert free.start.year == free.end.year == int(year)
    assert (free.start.month, free.end.month) == ((1, 6) if half == "1" else (7, 12))
    # The free half-year's period is not either demo cycle's.
    for spec in (closed, current):
        assert free.end < spec.period_start or spec.period_end < free.start


@pytest.mark.parametrize(
    ("codes", "free"),
    [
        (("2026-H1", "2026-H2"), "2027-H2"),
        (("2026-H2", "2027-H1"), "2027-H2"),
        (("2027-H1", "2027-H2"), "2026-H2"),
    ],
)
def test_the_last_free_half_year_is_chosen(codes: tuple[str, str], free: str) -> None:
    assert free_half_year(*codes).code == free


def test_the_standard_dates_of_a_first_half_year() -> None:
    half = HalfYear("2027-H1", dt.date(2027, 1, 1), dt.date(2027, 6, 30))
    assert (half.opens_on, half.due_on, half.closes_on) == (
        dt.date(2027, 6, 15),
        dt.date(2027, 7, 15),
        dt.date(2027, 7, 31),
    )
    assert i18n.date(half.due_on, "en") == "15 Jul 2027"
    assert i18n.date(half.due_on, "fr") == "15 juil. 2027"


def test_the_half_year_of_the_tests_is_free_in_todays_demo() -> None:
    assert FREE_HALF_YEAR.code not in (CLOSED_CYCLE, OPEN_CYCLE)
    assert FREE_HALF_YEAR == free_half_year(CLOSED_CYCLE, OPEN_CYCLE)
