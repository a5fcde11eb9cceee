"""`empact export` and `empact import`: the same round trip from the command line."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from backend.cli import app
from backend.spreadsheets.country_workbook import DATA_SHEET
from backend.spreadsheets.metadata import read_metadata
from tests.demo_cycles import OPEN_CYCLE


def empact(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.mark.usefixtures("database_file")
def test_export_fill_import_apply_and_import_again(tmp_path: Path) -> None:
    assert empact("db", "upgrade").exit_code == 0
    assert empact("seed", "--demo").exit_code == 0
    workbook_file = tmp_path / "de.xlsx"
    exported = empact(
        "export", "country", "--cycle", OPEN_CYCLE, "--country", "de", "-o", str(workbook_file)
    )
    assert exported.exit_code == 0, exported.output
    workbook = load_workbook(workbook_file)
    figures = [c for c in read_metadata(workbook).cells if c.field == "arrests"][:2]
    workbook[DATA_SHEET][figures[0].cell] = 41
    workbook[DATA_SHEET][figures[1].cell] = "many"
    workbook.save(workbook_file)

    rejected = empact("import", str(workbook_file), "--user", "nec-de", "--apply")
    assert rejected.exit_code == 1
    assert f"{DATA_SHEET}!{figures[1].cell} arrests: rejected" in rejected.output
    assert "“many” is not a number" in rejected.output

    workbook[DATA_SHEET][figures[1].cell] = 42
    workbook.save(workbook_file)
    planned = empact("import", str(workbook_file), "--user", "nec-de")
    assert planned.exit_code == 0, planned.output
    assert "Nothing written" in planned.output
    applied = empact("import", str(workbook_file), "--user", "nec-de", "--apply")
    assert applied.exit_code == 0, applied.output
    assert "applied" in applied.output
    again = empact("import", str(workbook_file), "--user", "nec-de")
    assert "Nothing to write" in again.output

    foreign = empact("import", str(workbook_file), "--user", "nec-fr")
    assert foreign.exit_code == 2
    assert "figures of DE, which you may not write" in foreign.output


@pytest.mark.usefixtures("database_file")
def test_export_of_an_unknown_cycle_says_so() -> None:
    assert empact("db", "upgrade").exit_code == 0
    result = empact("export", "country", "--cycle", "1999-H1", "--country", "DE")
    assert result.exit_code == 2
    assert "no reporting cycle '1999-H1'" in result.output


@pytest.mark.usefixtures("database_file")
def test_every_workbook_can_be_exported(tmp_path: Path) -> None:
    assert empact("db", "upgrade").exit_code == 0
    assert empact("seed", "--demo").exit_code == 0
    commands = {
        "action.xlsx": ["action", "--cycle", OPEN_CYCLE, "--plan", "CYBER", "--action", "OA 1.1"],
        "consolidated.xlsx": ["consolidated", "--cycle", OPEN_CYCLE],
        "plan.xlsx": ["plan", "--plan", "CYBER"],
        "template.xlsx": ["plan-template"],
    }
    sheets = {}
    for name, command in commands.items():
        result = empact("export", *command, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        sheets[name] = load_workbook(tmp_path / name, read_only=True).sheetnames
    assert "Contributions" in sheets["action.xlsx"]
    assert "Completeness" in sheets["consolidated.xlsx"]
    assert "Actions" in sheets["plan.xlsx"] and "Actions" in sheets["template.xlsx"]
    unknown = empact("export", "action", "--cycle", OPEN_CYCLE, "--plan", "CYBER", "--action", "9")
    assert unknown.exit_code == 2 and "no action '9' in CYBER" in unknown.output
