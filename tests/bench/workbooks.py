"""Workbook cases: a country workbook uploaded (plan, then apply) and workbooks exported.

Baselines: python-calamine (Rust) reading the same file into Python values, the fastest way
to get at a workbook's cells from Python; xlsxwriter writing the same cells with no styling,
the fastest pure-Python way to write them.
"""

import io
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
import xlsxwriter
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlmodel import col, select

from backend.app import create_app
from backend.catalog.models import Indicator, IndicatorKind, Organisation
from backend.database import transaction
from backend.deps import CSRF_COOKIE, CSRF_HEADER
from backend.plans.models import Participation
from backend.reporting.models import IndicatorValue, ReportingCycle
from backend.spreadsheets.country_workbook import DATA_SHEET, build_country_workbook
from backend.spreadsheets.metadata import read_metadata
from backend.spreadsheets.service import country_report
from seed.demo import DEMO_PASSWORD
from seed.stress import LARGEST_COUNTRY
from tests.bench.harness import Figure, measure, timed
from tests.spreadsheets.hostile import SHEET, dense_cells_without_references

OPEN_CYCLE = "2029-H1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cycle_id(code: str) -> int:
    with transaction(write=False) as session:
        found = session.exec(
            select(col(ReportingCycle.id)).where(col(ReportingCycle.code) == code)
        ).one()
        assert found is not None
        return found


def countries_by_rows(cycle: int) -> list[tuple[str, int]]:
    """(country, rows of its workbook), the largest first."""
    with transaction(write=False) as session:
        report_rows: dict[str, int] = {}
        for (country,) in session.execute(
            sa.select(col(Organisation.country_code))
            .join(Participation, col(Participation.organisation_id) == col(Organisation.id))
            .where(col(Organisation.country_code).is_not(None))
        ):
            report_rows[country] = report_rows.get(country, 0) + 1
    del cycle  # every stress action reports in both cycles
    return sorted(report_rows.items(), key=lambda item: (-item[1], item[0]))


def export(cycle: int, country: str) -> bytes:
    with transaction(write=False) as session:
        report = country_report(session, cycle_id=cycle, country=country)
        return build_country_workbook(report, generated_by="bench")


# ---- baselines ----------------------------------------------------------------------------


def calamine_read(data: bytes) -> int:
    """Every sheet's cells as Python values; the number of cells that hold something."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    filled = 0
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False):
            filled += sum(1 for value in row if value != "")
    workbook.close()
    return filled


def grid(data: bytes) -> list[tuple[str, list[list[Any]]]]:
    """Each sheet's name and cells, as calamine reads them ("" where empty)."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = [
        (name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in workbook.sheet_names
    ]
    workbook.close()
    return sheets


def xlsxwriter_write(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    """The same cells written by xlsxwriter, with no styling."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    for name, rows in sheets:
        sheet = workbook.add_worksheet(name[:31])
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                if value == "":
                    continue
                if isinstance(value, int | float):
                    sheet.write_number(row_number, column, value)
                else:
                    sheet.write_string(row_number, column, str(value))
    workbook.close()
    return buffer.getvalue()


# ---- the upload -------------------------------------------------------------------------


@dataclass
class FilledWorkbook:
    country: str
    rows: int
    data: bytes
    changed: int  # figure cells typed in


def fill_every_figure(data: bytes) -> FilledWorkbook:
    """The workbook as a coordinator returns it: every numeric figure of every row typed in
    anew (one more than before), narratives and states as they were."""
    workbook = load_workbook(io.BytesIO(data))
    metadata = read_metadata(workbook)
    sheet = workbook[DATA_SHEET]
    with transaction(write=False) as session:
        numeric = set(
            session.exec(
                select(col(Indicator.code)).where(col(Indicator.kind) != IndicatorKind.choice)
            ).all()
        )
    changed = 0
    for cell in metadata.cells:
        if cell.field in numeric:
            base = Decimal(cell.base) if cell.base else Decimal(0)
            typed = base + 1
            sheet[cell.cell] = int(typed) if typed == typed.to_integral_value() else float(typed)
            changed += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return FilledWorkbook(
        country=str(metadata.fields["country"]),
        rows=int(metadata.fields["rows"]),
        data=buffer.getvalue(),
        changed=changed,
    )


@contextmanager
def signed_in(username: str) -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        response = client.post(
            "/api/auth/login", json={"username": username, "password": DEMO_PASSWORD}
        )
        response.raise_for_status()
        client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]
        yield client


def _snapshot(cycle: int, country: str) -> list[dict[str, Any]]:
    with transaction(write=False) as session:
        query = (
            sa.select(
                col(IndicatorValue.id),
                col(IndicatorValue.value),
                col(IndicatorValue.text_value),
                col(IndicatorValue.source),
                col(IndicatorValue.source_ref),
                col(IndicatorValue.version),
            )
            .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
            .where(
                col(IndicatorValue.reporting_cycle_id) == cycle,
                col(Organisation.country_code) == country,
            )
        )
        return [dict(row._mapping) for row in session.execute(query)]


def _restore(snapshot: list[dict[str, Any]]) -> None:
    """Put the figures back as they were, so that the next run plans the same changes."""
    table: sa.Table = IndicatorValue.__table__  # type: ignore[attr-defined]
    statement = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values({name: sa.bindparam(f"old_{name}") for name in RESTORED})
    )
    rows = [
        {"row_id": row["id"], **{f"old_{name}": row[name] for name in RESTORED}} for row in snapshot
    ]
    with transaction() as session:
        session.connection().execute(statement, rows)


RESTORED = ("value", "text_value", "source", "source_ref", "version")


def upload_figures(
    database: str, filled: FilledWorkbook, cycle: int, repeats: int, label: str
) -> list[Figure]:
    username = f"stress-nec-{filled.country.lower()}"
    snapshot = _snapshot(cycle, filled.country)
    plan_seconds: list[float] = []
    apply_seconds: list[float] = []
    with signed_in(username) as client:

        def plan_and_apply() -> None:
            started = time.perf_counter()
            planned = client.post(
                "/api/uploads", files={"file": ("filled.xlsx", filled.data, XLSX)}
            )
            middle = time.perf_counter()
            if planned.status_code != 201 or planned.json()["status"] != "planned":
                raise RuntimeError(f"the upload was not planned: {planned.text[:500]}")
            counts = planned.json()["counts"]
            if counts["changed"] + counts["new"] != filled.changed:
                raise RuntimeError(f"planned {counts}, expected {filled.changed} changes")
            applied = client.post(f"/api/uploads/{planned.json()['id']}/apply", json={})
            if applied.status_code != 200:
                raise RuntimeError(f"the upload was not applied: {applied.text[:500]}")
            plan_seconds.append(middle - started)
            apply_seconds.append(time.perf_counter() - middle)

        sample = measure(plan_and_apply, repeats=repeats, after_each=lambda: _restore(snapshot))
    cells = calamine_read(filled.data)
    baseline = measure(lambda: calamine_read(filled.data), repeats=max(repeats, 3))
    median = sorted(sample.seconds)[len(sample.seconds) // 2]
    return [
        timed(
            sample,
            group="Import",
            name=f"{label} workbook ({filled.country}, {filled.rows:,} rows, "
            f"{filled.changed:,} figures typed in): plan + apply",
            database=database,
            baseline_name="python-calamine reads the same file",
            baseline=baseline,
            target="<= 3",
            extra={
                "plan_s": sorted(plan_seconds)[len(plan_seconds) // 2],
                "apply_s": sorted(apply_seconds)[len(apply_seconds) // 2],
                "cells_in_file": cells,
                "cells_per_s": cells / median,
                "bytes": len(filled.data),
            },
        )
    ]


# ---- exports ------------------------------------------------------------------------------


def export_figures(
    database: str,
    cycle: int,
    countries: list[str],
    largest: str,
    repeats: int,
    long_repeats: int,
    *,
    with_all: bool,
) -> list[Figure]:
    one = export(cycle, largest)
    one_grid = grid(one)
    cells = sum(1 for _, rows in one_grid for row in rows for value in row if value != "")
    sample = measure(lambda: export(cycle, largest), repeats=repeats)
    baseline = measure(lambda: xlsxwriter_write(one_grid), repeats=max(repeats, 3))
    figures = [
        timed(
            sample,
            group="Export",
            name=f"country workbook of {largest} ({cells:,} cells)",
            database=database,
            baseline_name="xlsxwriter writes the same cells, unstyled",
            baseline=baseline,
            target="<= 2",
            extra={"cells": cells, "cells_per_s": cells / sample.median, "bytes": len(one)},
        )
    ]
    if not with_all:
        return figures
    exported: list[bytes] = []

    def export_all() -> None:
        exported[:] = [export(cycle, country) for country in countries]

    sample = measure(export_all, repeats=long_repeats)
    # The baseline writes the cells of the files just made.
    grids = [grid(data) for data in exported]
    all_cells = sum(
        1 for sheets in grids for _, rows in sheets for row in rows for value in row if value != ""
    )

    def write_all() -> None:
        for sheets in grids:
            xlsxwriter_write(sheets)

    baseline = measure(write_all, repeats=long_repeats)
    figures.append(
        timed(
            sample,
            group="Export",
            name=f"all {len(countries)} country workbooks of the cycle ({all_cells:,} cells)",
            database=database,
            baseline_name="xlsxwriter writes the same cells, unstyled",
            baseline=baseline,
            target="<= 2",
            extra={"cells": all_cells, "cells_per_s": all_cells / sample.median},
        )
    )
    return figures


def workbook_figures(
    database: str, *, repeats: int, long_repeats: int, with_all: bool, dense_rows: int
) -> list[Figure]:
    cycle = cycle_id(OPEN_CYCLE)
    ranked = countries_by_rows(cycle)
    rows = dict(ranked)
    # The stress data set has coordinator accounts for its largest country, DE and FR: the
    # typical workbook is whichever of DE and FR is nearer the median size.
    largest = LARGEST_COUNTRY
    median = ranked[len(ranked) // 2][1]
    typical = min(("DE", "FR"), key=lambda country: abs(rows.get(country, 0) - median))
    figures = export_figures(
        database,
        cycle,
        [country for country, _ in ranked],
        largest,
        repeats,
        long_repeats,
        with_all=with_all,
    )
    for label, country in (("largest", largest), ("typical", typical)):
        filled = fill_every_figure(export(cycle, country))
        if filled.rows and filled.changed:
            figures += upload_figures(database, filled, cycle, repeats, label)
    figures += refusal_figures(database, repeats, dense_rows)
    return figures


# ---- a refusal ----------------------------------------------------------------------------


def refusal_figures(database: str, repeats: int, rows: int) -> list[Figure]:
    """A workbook within the size limits whose sheet is packed with cells that say nothing of
    where they are, uploaded: refused at the cell limit, counted as the sheet streams by.
    The baseline unpacks the sheet's XML, which reading its cells at all would need."""
    dense = dense_cells_without_references(rows=rows, columns=630)
    archive = zipfile.ZipFile(io.BytesIO(dense))
    unpacked = archive.getinfo(SHEET).file_size
    with signed_in(f"stress-nec-{LARGEST_COUNTRY.lower()}") as client:

        def refuse() -> None:
            answer = client.post("/api/uploads", files={"file": ("dense.xlsx", dense, XLSX)})
            if answer.status_code != 422 or "cells" not in answer.json()["detail"]:
                raise RuntimeError(f"the dense workbook was not refused: {answer.text[:500]}")

        sample = measure(refuse, repeats=repeats)
    baseline = measure(lambda: archive.read(SHEET), repeats=max(repeats, 3))
    return [
        timed(
            sample,
            group="Import",
            name=f"dense workbook refused ({len(dense) / 1e6:.1f} MB, {rows:,} rows of 630 cells "
            f"without references, {unpacked / 1e6:.0f} MB of XML)",
            database=database,
            baseline_name="zipfile unpacks the sheet",
            baseline=baseline,
            target="<= 1",
            extra={"bytes": len(dense), "unpacked_bytes": unpacked},
        )
    ]
