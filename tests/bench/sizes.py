"""How big and how long: `full` is what `make bench` measures, `smoke` what `make test` runs to
keep the benchmarks working."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    scale: float  # of the stress data set: 10 is ten times EMPACT's real size
    repeats: int  # runs of each case, for its median, min and max
    long_repeats: int  # runs of the longest cases: every country workbook, consolidation
    api_seconds: float  # of load per endpoint and user, and for each baseline
    clients: int  # concurrent API clients
    dense_rows: int  # of the dense workbook that an upload refuses, 630 cells each


SIZES = {
    "full": Size(scale=10, repeats=3, long_repeats=1, api_seconds=20, clients=8, dense_rows=19_999),
    "smoke": Size(scale=0.2, repeats=1, long_repeats=1, api_seconds=1, clients=2, dense_rows=2_100),
}
