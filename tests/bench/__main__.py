"""`make bench`: every case on SQLite and on PostgreSQL, printed as a table and written as JSON.

    python -m tests.bench [--size full|smoke] [--databases sqlite,postgresql] [--output FILE]

Each database is measured in a process of its own, on a fresh database loaded with the
stress data set: SQLite in a file under the bench folder, PostgreSQL in the database named
by EMPACT_BENCH_POSTGRES_URL (created, or dropped and created again: it must be one for
benchmarks only).
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from tests.bench.harness import cpu_count
from tests.bench.sizes import SIZES

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get(
    "EMPACT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/empact_bench"
)
# The stress accounts' passwords are hashed cheaply, as in the tests: hashing them as in
# production would only add seconds to the seed, and no case measures signing in.
SECRET_KEY = "benchmark-server-key-not-for-production"


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark database (never the one the tests or the tool use)."""
    parsed = make_url(url)
    name = parsed.database
    if not name or name in ("postgres", "test", "template0", "template1"):
        raise SystemExit(f"{url}: name a database for benchmarks only, e.g. empact_bench")
    admin = parsed.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_database(
    database: str, size: str, folder: Path, *, consolidated_workbook: bool
) -> list[dict[str, Any]]:
    data_dir = folder / database
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    if database == "sqlite":
        url = f"sqlite:///{(data_dir / 'empact.db').as_posix()}"
    else:
        fresh_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMPACT_", "PREFECT_"))}
    env.update(
        EMPACT_DATABASE_URL=url,
        EMPACT_DATA_DIR=str(data_dir),
        EMPACT_SECRET_KEY=SECRET_KEY,
        EMPACT_ARGON2_TIME_COST="1",
        EMPACT_ARGON2_MEMORY_KIB="1024",
        EMPACT_ARGON2_PARALLELISM="1",
        EMPACT_PREFECT_API_URL="http://127.0.0.1:9/api",
        EMPACT_BENCH_BARE_LOADS=str(folder / "bare-loads.json"),
    )
    output = data_dir / "figures.json"
    subprocess.run(
        [sys.executable, "-m", "tests.bench.run", "--database", database, "--size", size,
         "--output", str(output),
         *(["--consolidated-workbook"] if consolidated_workbook else [])],
        cwd=ROOT,
        env=env,
        check=True,
    )  # fmt: skip
    figures: list[dict[str, Any]] = json.loads(output.read_text())
    return figures


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "req/s":
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _notes(figure: dict[str, Any]) -> str:
    extra = figure["extra"]
    notes = []
    if "p95_ms" in extra:
        notes.append(
            f"p50/p95/p99 {extra['p50_ms']:.1f}/{extra['p95_ms']:.1f}/{extra['p99_ms']:.1f} ms"
        )
        if "p95_target_ms" in extra:
            met = "met" if extra["p95_ms"] < extra["p95_target_ms"] else "MISSED"
            notes.append(f"p95 < {extra['p95_target_ms']} ms {met}")
    if "cells_per_s" in extra:
        notes.append(f"{extra['cells_per_s']:,.0f} cells/s")
    if "plan_s" in extra:
        notes.append(f"plan {extra['plan_s']:.2f} s, apply {extra['apply_s']:.2f} s")
    return "; ".join(notes)


def table(figures: list[dict[str, Any]]) -> str:
    head = [
        "Case", "DB", "Unit", "Median", "Min", "Max", "Baseline", "Ratio", "Target", "",
        "Peak RSS MB", "Notes",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for figure in figures:
        unit = figure["unit"]
        ratio = figure["ratio"]
        met = {True: "met", False: "MISSED", None: ""}[figure["met"]]
        cells = [
            f"{figure['group']}: {figure['name']}",
            figure["database"],
            unit,
            _number(figure["median"], unit),
            _number(figure["min"], unit),
            _number(figure["max"], unit),
            _number(figure["baseline_median"], unit),
            f"{ratio:.2f}x" if ratio is not None else "–",
            f"{figure['target']}x" if figure["target"] else "",
            met,
            f"{figure['peak_rss_mb']:.0f}" if figure["peak_rss_mb"] else "–",
            _notes(figure),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="full", choices=sorted(SIZES))
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "bench" / "results.json")
    parser.add_argument(
        "--consolidated-workbook",
        action="store_true",
        help="also render the consolidated workbook (SQLite only; minutes at the full size)",
    )
    arguments = parser.parse_args()
    databases = [name.strip() for name in arguments.databases.split(",") if name.strip()]
    unknown = set(databases) - {"sqlite", "postgresql"}
    if unknown:
        raise SystemExit(f"--databases: unknown {', '.join(sorted(unknown))}")
    folder = arguments.output.parent
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    (folder / "bare-loads.json").unlink(missing_ok=True)
    figures: list[dict[str, Any]] = []
    for database in databases:
        figures += run_database(
            database, arguments.size, folder, consolidated_workbook=arguments.consolidated_workbook
        )
    elapsed = time.perf_counter() - started
    result = {
        "size": arguments.size,
        "settings": vars(SIZES[arguments.size]),
        "machine": {
            "cpus": cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "seconds": elapsed,
        "figures": figures,
    }
    arguments.output.write_text(json.dumps(result, indent=1))
    print()
    print(table(figures))
    print()
    print(f"{len(figures)} figures in {elapsed / 60:.1f} min; JSON in {arguments.output}")


if __name__ == "__main__":
    main()
