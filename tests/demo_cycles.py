"""The codes of the demo's two reporting cycles as the tests load it, relative to today
(seed/demo_cycles.py): the one closed and consolidated, and the one open now; and a half-year
the demo leaves free, for the tests' own cycles beside the demo's."""

import datetime as dt
from dataclasses import dataclass

from seed.demo_cycles import _period, cycle_specs

# The half-years whose cycles have demo actions that report (its action plans run 2026-2027).
REPORTING_HALF_YEARS = ((2026, 1), (2026, 2), (2027, 1), (2027, 2))


@dataclass(frozen=True)
class HalfYear:
    """A half-year to report on, with the standard dates of its cycle: open two weeks before
    the half-year ends, due two weeks after, closed a month after."""

    code: str
    start: dt.date
    end: dt.date

    @property
    def opens_on(self) -> dt.date:
        return self.end - dt.timedelta(days=15)

    @property
    def due_on(self) -> dt.date:
        return self.end + dt.timedelta(days=15)

    @property
    def closes_on(self) -> dt.date:
        return self.end + dt.timedelta(days=31)


def free_half_year(closed_code: str, open_code: str) -> HalfYear:
    """The last half-year of 2026-2027 that is neither of the demo's two cycles."""
    for year, number in reversed(REPORTING_HALF_YEARS):
        code = f"{year}-H{number}"
        if code not in (closed_code, open_code):
            start, end = _period((year, number))
            return HalfYear(code, start, end)
    raise AssertionError(f"no free half-year beside {closed_code} and {open_code}")


_closed, _open = cycle_specs(dt.datetime.now(dt.UTC).date())
CLOSED_CYCLE: str = _closed.code
OPEN_CYCLE: str = _open.code
# The half-year of the tests' own cycles: its code is free in the demo, and demo actions report.
FREE_HALF_YEAR: HalfYear = free_half_year(CLOSED_CYCLE, OPEN_CYCLE)
