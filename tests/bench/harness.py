"""Measuring: repeated runs of one case, their median, min and max, and the peak memory.

Every speed is compared with a baseline measured in the same run on the same machine, so
that a figure keeps its meaning on a shared machine whose speed varies from hour to hour.
"""

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def _status(pid: int | str, key: str) -> int:
    """A field of /proc/<pid>/status in kB (0 where the kernel does not say)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def reset_peak(pid: int | str = "self") -> None:
    """Start a new high-water mark of resident memory (Linux clear_refs, value 5)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mb(pid: int | str = "self") -> float:
    """Resident memory's high-water mark since the last reset, in MB."""
    return _status(pid, "VmHWM") / 1024


@dataclass
class Sample:
    """Several runs of one case: seconds per run, and the peak RSS over them."""

    seconds: list[float]
    peak_rss_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure(
    run: Callable[[], Any],
    *,
    repeats: int,
    before_each: Callable[[], Any] | None = None,
    after_each: Callable[[], Any] | None = None,
) -> Sample:
    """Time `run` `repeats` times; what `before_each`/`after_each` do is not timed."""
    seconds = []
    gc.collect()
    reset_peak()
    for _ in range(repeats):
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
        if after_each is not None:
            after_each()
    return Sample(seconds, peak_mb())


@dataclass
class Figure:
    """One line of the table: a measured case, and its baseline from the same run.

    `unit` is "s" (less is better) or "req/s" (more is better); `ratio` is how many times the
    baseline's time the case takes ("s"), or what share of the baseline's throughput it
    reaches ("req/s"). `target` says what the ratio should be, as "<= 3" or ">= 0.5".
    """

    group: str
    name: str
    database: str
    unit: str
    runs: list[float]
    baseline_name: str = ""
    baseline_runs: list[float] = field(default_factory=list)
    target: str = ""
    peak_rss_mb: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_runs) if self.baseline_runs else None

    @property
    def ratio(self) -> float | None:
        baseline = self.baseline_median
        if not baseline:
            return None
        return self.median / baseline

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        if ratio is None or not self.target:
            return None
        sign, _, bound = self.target.partition(" ")
        return ratio <= float(bound) if sign == "<=" else ratio >= float(bound)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            median=self.median,
            min=min(self.runs),
            max=max(self.runs),
            baseline_median=self.baseline_median,
            ratio=self.ratio,
            met=self.met,
        )
        return data


def timed(sample: Sample, **figure: Any) -> Figure:
    """A figure in seconds from a measured case and its measured baseline."""
    baseline: Sample | None = figure.pop("baseline", None)
    return Figure(
        unit="s",
        runs=sample.seconds,
        baseline_runs=baseline.seconds if baseline else [],
        peak_rss_mb=sample.peak_rss_mb,
        **figure,
    )


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))
