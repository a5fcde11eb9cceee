"""Reference data: both policy cycles, their priorities and goals, organisations, indicators."""

import csv
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from backend.catalog.models import (
    Indicator,
    Organisation,
    PolicyCycle,
    Priority,
    StrategicGoal,
    SubPriority,
)
from seed.store import ensure


@dataclass
class SeedReport:
    """How many rows of each table a seed run inserted."""

    inserted: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.inserted[table] = self.inserted.get(table, 0) + count

    @property
    def total(self) -> int:
        return sum(self.inserted.values())


def _data(name: str) -> str:
    return resources.files("seed").joinpath("data", name).read_text(encoding="utf-8")


def policy_cycles_data() -> dict[str, Any]:
    return tomllib.loads(_data("policy_cycles.toml"))


def organisations_data() -> list[dict[str, Any]]:
    rows = list(csv.DictReader(_data("organisations.csv").splitlines()))
    for row in rows:
        row["country_code"] = row["country_code"] or None
    return rows


def indicators_data() -> list[dict[str, Any]]:
    rows = []
    for row in csv.DictReader(_data("indicators.csv").splitlines()):
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "unit": row["unit"],
                "name_fr": row["name_fr"] or None,
                "unit_fr": row["unit_fr"] or None,
                "kind": row["kind"],
                "aggregation": row["aggregation"],
                "choices": row["choices"].split("|") if row["choices"] else None,
                "min_value": None if row["kind"] == "choice" else Decimal(0),
                "position": int(row["position"]),
                "description": row["description"],
            }
        )
    return rows


def load_reference(session: Session, report: SeedReport | None = None) -> SeedReport:
    """Load what every installation needs; running it again inserts nothing."""
    report = report or SeedReport()
    data = policy_cycles_data()
    cycles = data["policy_cycle"]
    cycle_ids, count = ensure(
        session,
        PolicyCycle,
        ["code"],
        ({k: cycle[k] for k in ("code", "name", "start_year", "end_year")} for cycle in cycles),
    )
    report.add("policy_cycles", count)

    priority_rows, goal_rows, indicator_rows = [], [], []
    for cycle in cycles:
        cycle_id = cycle_ids[(cycle["code"],)]
        for priority in cycle["priority"]:
            priority_rows.append(
                {
                    "policy_cycle_id": cycle_id,
                    "code": priority["code"],
                    "name": priority["name"],
                    "name_fr": priority.get("name_fr"),
                    "description": priority.get("description", ""),
                }
            )
        for goal in data["horizontal_goal"]:
            goal_rows.append({"policy_cycle_id": cycle_id, "horizontal": True, **goal})
        for indicator in indicators_data():
            indicator_rows.append({"policy_cycle_id": cycle_id, **indicator})

    priority_ids, count = ensure(session, Priority, ["policy_cycle_id", "code"], priority_rows)
    report.add("priorities", count)
    sub_rows = [
        {
            "priority_id": priority_ids[(cycle_ids[(cycle["code"],)], priority["code"])],
            "code": code,
            "name": name,
        }
        for cycle in cycles
        for priority in cycle["priority"]
        for code, name in priority.get("sub_priorities", [])
    ]
    _, count = ensure(session, SubPriority, ["priority_id", "code"], sub_rows)
    report.add("sub_priorities", count)
    _, count = ensure(session, StrategicGoal, ["policy_cycle_id", "code"], goal_rows)
    report.add("strategic_goals", count)
    _, count = ensure(session, Organisation, ["code"], organisations_data())
    report.add("organisations", count)
    _, count = ensure(session, Indicator, ["policy_cycle_id", "code"], indicator_rows)
    report.add("indicators", count)
    _translate(session, Priority, ["policy_cycle_id", "code"], priority_rows, ["name_fr"])
    _translate(
        session, Indicator, ["policy_cycle_id", "code"], indicator_rows, ["name_fr", "unit_fr"]
    )
    session.flush()
    return report


def _translate(
    session: Session,
    model: Any,
    key: list[str],
    rows: list[dict[str, Any]],
    names: list[str],
) -> None:
    """Give rows stored before their translations existed the French names of the reference
    data; a translation someone has typed since is kept."""
    table = model.__table__
    for name in names:
        for row in rows:
            if row.get(name) is None:
                continue
            session.execute(
                sa.update(table)
                .where(*(table.c[part] == row[part] for part in key), table.c[name].is_(None))
                .values({name: row[name]})
            )
