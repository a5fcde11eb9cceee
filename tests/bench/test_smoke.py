"""`make bench` at its smoke size, so that the benchmarks keep working between full runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.api import WRK
from tests.bench.harness import Figure

# The bench measures SQLite and PostgreSQL itself, on databases of its own.
pytestmark = pytest.mark.own_database

ROOT = Path(__file__).resolve().parents[2]
# The PostgreSQL pass of the suite measures PostgreSQL too, in a database of its own.
DATABASES = ["sqlite", "postgresql"] if os.environ.get("EMPACT_TEST_DATABASE_URL") else ["sqlite"]
CASES = [
    ("Seed", "empact seed --stress"),
    ("Export", "country workbook of IT"),
    ("Import", "largest workbook (IT"),
    ("Import", "typical workbook ("),
    ("Import", "dense workbook refused"),
    ("API", "GET /api/operational-actions (page of 25, filter, sort) as europol"),
    ("API", "GET /api/operational-actions (page of 25, filter, sort) as nec-de"),
    ("API", "GET /api/indicator-values"),
    ("API", "GET /api/operational-actions/{id} as europol"),
    ("API", "GET /api/operational-actions/{id} as nec-de"),
    ("Flows", "open a cycle"),
    ("Flows", "consolidate a cycle"),
]
# Every country's workbook and the consolidated workbook are measured on SQLite only.
SQLITE_CASES = [("Export", "all 31 country workbooks"), ("Export", "consolidated workbook")]


def test_the_smoke_size_measures_every_case_against_its_baseline(tmp_path: Path) -> None:
    if not WRK.is_file():
        pytest.fail(f"{WRK} is missing: `make test` and `make bench` install wrk (Makefile).")
    output = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMPACT_")}
    env["EMPACT_BENCH_POSTGRES_URL"] = "postgresql+psycopg://postgres@127.0.0.1:5432/empact_bench"
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--size", "smoke",
         "--databases", ",".join(DATABASES), "--output", str(output),
         "--consolidated-workbook"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]

    # The table is printed, a line per figure, and the JSON holds the same figures.
    assert "| Case | DB | Unit | Median |" in completed.stdout
    result = json.loads(output.read_text())
    figures = result["figures"]
    assert result["size"] == "smoke"
    for database in DATABASES:
        mine = [figure for figure in figures if figure["database"] == database]
        for group, name in CASES + (SQLITE_CASES if database == "sqlite" else []):
            found = [f for f in mine if f["group"] == group and name in f["name"]]
            assert found, f"{database}: no figure for {group}: {name}"
        for figure in mine:
            assert f"| {figure['group']}: {figure['name']} | {database} |" in completed.stdout
            assert figure["median"] > 0 and figure["min"] <= figure["median"] <= figure["max"]
            assert figure["peak_rss_mb"] > 0, figure["name"]
            if figure["group"] == "Seed":
                continue
            assert figure["baseline_median"] > 0, figure["name"]
            assert figure["ratio"] == pytest.approx(figure["median"] / figure["baseline_median"])
            assert figure["met"] in (True, False)


def test_a_ratio_is_measured_against_its_target() -> None:
    slower = Figure("Export", "x", "sqlite", "s", [3.0, 1.0, 2.0], "b", [1.0], "<= 2")
    assert (slower.median, slower.ratio, slower.met) == (2.0, 2.0, True)
    slower.runs = [2.5]
    assert slower.met is False
    throughput = Figure("API", "y", "sqlite", "req/s", [40.0], "b", [100.0], ">= 0.5")
    assert (throughput.ratio, throughput.met) == (0.4, False)
    assert Figure("Seed", "z", "sqlite", "s", [1.0]).met is None
