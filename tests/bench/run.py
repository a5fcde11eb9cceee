"""One database's part of `make bench`, in a process of its own: the database configured by the
environment is migrated, loaded with the stress data set, and every case is measured on it.

    python -m tests.bench.run --database sqlite --size full --output part.json
"""

import argparse
import json
import os
import time
from pathlib import Path

from tests.bench.harness import Figure, peak_mb, reset_peak
from tests.bench.sizes import SIZES, Size


def seed(database: str, size: Size) -> Figure:
    from backend import migrations
    from backend.database import get_engine, transaction
    from seed.stress import load_stress

    migrations.upgrade(get_engine())
    reset_peak()
    started = time.perf_counter()
    with transaction() as session:
        report = load_stress(session, scale=size.scale)
    seconds = time.perf_counter() - started
    return Figure(
        group="Seed",
        name=f"empact seed --stress --scale {size.scale:g} "
        f"({report.inserted.get('indicator_values', 0):,} figures)",
        database=database,
        unit="s",
        runs=[seconds],
        peak_rss_mb=peak_mb(),
        extra={"inserted": dict(report.inserted)},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True, choices=["sqlite", "postgresql"])
    parser.add_argument("--size", default="full", choices=sorted(SIZES))
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--consolidated-workbook", action="store_true")
    arguments = parser.parse_args()
    size = SIZES[arguments.size]
    database = arguments.database
    data_dir = Path(os.environ["EMPACT_DATA_DIR"])

    from tests.bench.api import api_figures
    from tests.bench.flows import consolidation_figures, opening_figures
    from tests.bench.workbooks import workbook_figures

    started = time.perf_counter()

    def done(what: str) -> None:
        print(f"[{database}] {what} ({time.perf_counter() - started:.0f} s)", flush=True)

    figures = [seed(database, size)]
    done("seeded")
    # Building workbooks hardly depends on the database (the query is a few per cent of it):
    # every country's workbook, the longest export, is measured on SQLite only.
    figures += workbook_figures(
        database,
        repeats=size.repeats,
        long_repeats=size.long_repeats,
        with_all=database == "sqlite",
        dense_rows=size.dense_rows,
    )
    done("workbooks measured")
    figures += api_figures(
        database_url=os.environ["EMPACT_DATABASE_URL"],
        database=database,
        data_dir=data_dir,
        seconds=size.api_seconds,
        clients=size.clients,
    )
    done("API measured")
    figures += opening_figures(database, data_dir, size.repeats)
    # The consolidated workbook takes minutes at this scale: measured when asked for.
    figures += consolidation_figures(
        database,
        size.repeats,
        size.long_repeats,
        with_workbook=arguments.consolidated_workbook and database == "sqlite",
    )
    done("flows measured")
    arguments.output.write_text(json.dumps([figure.as_json() for figure in figures], indent=1))


if __name__ == "__main__":
    main()
