"""`empact export ...` and `empact import FILE`: the workbooks from the command line, through
the same services as the API."""

import re
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer
from sqlmodel import Session, col, select

from backend.access.models import User
from backend.access.policy import Principal
from backend.access.service import principal_of
from backend.audit import service as audit
from backend.audit.models import AuditSource
from backend.database import transaction
from backend.errors import EmpactError
from backend.plans.models import ActionPlan, OperationalAction
from backend.reporting.models import ReportingCycle

export_app = typer.Typer(
    help="Write a workbook to a file. The command line has the server's full access: every "
    "workbook of every country."
)

Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write; the tool's file name when omitted"),
]
CycleCode = Annotated[str, typer.Option("--cycle", help="Reporting cycle code, e.g. 2026-H2")]


def _cycle(session: Session, code: str) -> ReportingCycle:
    cycle = session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == code)).first()
    if cycle is None:
        raise typer.BadParameter(f"no reporting cycle {code!r}", param_hint="--cycle")
    return cycle


def _save(data: bytes, output: Path | None, filename: str) -> None:
    target = output or Path(filename)
    target.write_bytes(data)
    typer.echo(f"Wrote {target} ({len(data) / 1024:.0f} KB).")


def _fail(error: EmpactError) -> typer.Exit:
    typer.echo(f"Refused: {error.detail}", err=True)
    return typer.Exit(2)


@export_app.command("country")
def export_country(
    cycle: CycleCode,
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 code, e.g. DE")],
    output: Output = None,
) -> None:
    """The country workbook a national coordinator fills."""
    from backend.spreadsheets.country_workbook import build_country_workbook
    from backend.spreadsheets.service import country_report

    if not re.fullmatch(r"[A-Za-z]{2}", country):
        raise typer.BadParameter("give a two-letter country code", param_hint="--country")
    try:
        with transaction(write=False) as session:
            report = country_report(
                session, cycle_id=_cycle(session, cycle).id or 0, country=country
            )
            data = build_country_workbook(report, generated_by="system:cli")
    except EmpactError as error:
        raise _fail(error) from None
    _save(data, output, f"empact-{cycle}-{country.upper()}-country-workbook.xlsx")


PlanCode = Annotated[str, typer.Option("--plan", help="Action plan code or short code")]


def _plan(session: Session, code: str) -> ActionPlan:
    plan = session.exec(
        select(ActionPlan).where(
            sa.or_(col(ActionPlan.code) == code, col(ActionPlan.short_code) == code)
        )
    ).first()
    if plan is None:
        raise typer.BadParameter(f"no action plan {code!r}", param_hint="--plan")
    return plan


@export_app.command("action")
def export_action(
    cycle: CycleCode,
    plan: PlanCode,
    action: Annotated[str, typer.Option(help='Operational action code, e.g. "OA 1.2"')],
    output: Output = None,
) -> None:
    """An action's report and every participant's figures, as its leader downloads them."""
    from backend.spreadsheets.action_service import action_cycle_report
    from backend.spreadsheets.action_workbook import (
        action_workbook_filename,
        build_action_workbook,
    )

    try:
        with transaction(write=False) as session:
            found = session.exec(
                select(OperationalAction).where(
                    col(OperationalAction.action_plan_id) == _plan(session, plan).id,
                    col(OperationalAction.code) == action,
                )
            ).first()
            if found is None:
                raise typer.BadParameter(f"no action {action!r} in {plan}", param_hint="--action")
            report = action_cycle_report(
                session, cycle_id=_cycle(session, cycle).id or 0, action=found
            )
            data = build_action_workbook(report, generated_by="system:cli")
            filename = action_workbook_filename(report)
    except EmpactError as error:
        raise _fail(error) from None
    _save(data, output, filename)


@export_app.command("consolidated")
def export_consolidated(cycle: CycleCode, output: Output = None) -> None:
    """A cycle's totals per priority and per country, completeness, narratives and sources."""
    from backend.spreadsheets.consolidated_service import consolidated_report, source_lines
    from backend.spreadsheets.consolidated_workbook import (
        build_consolidated_workbook,
        consolidated_workbook_filename,
    )

    try:
        with transaction(write=False) as session:
            report = consolidated_report(session, cycle_id=_cycle(session, cycle).id or 0)
            data = build_consolidated_workbook(
                report, source_lines(session, report=report), generated_by="system:cli"
            )
            filename = consolidated_workbook_filename(report)
    except EmpactError as error:
        raise _fail(error) from None
    _save(data, output, filename)


@export_app.command("plan")
def export_plan(plan: PlanCode, output: Output = None) -> None:
    """An action plan, its actions and who takes part, in the layout a new plan is written in."""
    from backend.spreadsheets.plan_router import plan_filename
    from backend.spreadsheets.plan_workbook import build_plan_workbook, code_lists, plan_content

    with transaction(write=False) as session:
        content = plan_content(session, plan_id=_plan(session, plan).id or 0, scope=sa.true())
        assert content is not None  # found just above, and every plan is in scope
        data = build_plan_workbook(content, code_lists(session), generated_by="system:cli")
    _save(data, output, plan_filename(str(content.values["short_code"])))


@export_app.command("plan-template")
def export_plan_template(output: Output = None) -> None:
    """The empty plan workbook, to write a new action plan in."""
    from backend.spreadsheets.plan_router import TEMPLATE_FILENAME
    from backend.spreadsheets.plan_workbook import build_plan_workbook, code_lists

    with transaction(write=False) as session:
        data = build_plan_workbook(None, code_lists(session), generated_by="system:cli")
    _save(data, output, TEMPLATE_FILENAME)


def _user(session: Session, username: str) -> tuple[Principal, audit.Actor]:
    user_id = session.exec(select(col(User.id)).where(col(User.username) == username)).first()
    principal = principal_of(session, user_id=user_id) if user_id is not None else None
    if principal is None:
        raise typer.BadParameter(f"no active user {username!r}", param_hint="--user")
    actor = audit.Actor(
        source=AuditSource.cli,
        user_id=principal.user_id,
        username=principal.username,
        organisation_id=principal.organisation_id,
        roles=principal.roles,
    )
    return principal, actor


def _choices(keep_file: list[str], keep_stored: list[str]) -> dict[str, str]:
    choices = dict.fromkeys((c.upper() for c in keep_file), "file")
    both = sorted(choices.keys() & {c.upper() for c in keep_stored})
    if both:
        raise typer.BadParameter(f"{', '.join(both)}: keep either the file's or the stored value")
    return choices | dict.fromkeys((c.upper() for c in keep_stored), "stored")


def import_workbook(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    user: Annotated[str, typer.Option(help="The account the figures are written for, e.g. nec-de")],
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the plan when it has no errors")
    ] = False,
    keep_file: Annotated[
        list[str] | None, typer.Option(help="A conflicting cell whose file value wins")
    ] = None,
    keep_stored: Annotated[
        list[str] | None, typer.Option(help="A conflicting cell whose stored value stays")
    ] = None,
) -> None:
    """Plan a filled country workbook as USER would upload it, and with --apply write it.

    Prints what would change cell by cell; exits 1 when the plan is rejected or has
    undecided conflicts, 2 when the file is refused."""
    from backend.spreadsheets.imports import apply_upload, plan_cells, plan_upload
    from backend.spreadsheets.models import UploadStatus

    choices = _choices(keep_file or [], keep_stored or [])
    data = file.read_bytes()
    try:
        with transaction() as session:
            principal, actor = _user(session, user)
            upload = plan_upload(
                session, data=data, filename=file.name, principal=principal, actor=actor
            )
            cells = plan_cells(session, upload.id or 0)
            upload_id, status = upload.id or 0, upload.status
            counts = ", ".join(f"{n} {outcome}" for outcome, n in upload.counts.items())
            warnings = [p["message"] for p in upload.problems if p.get("severity") == "warning"]
            lines = [
                f"  {cell.sheet}!{cell.cell} {cell.field}: {cell.outcome}"
                f" {cell.stored or '(empty)'!r} -> {cell.proposed or '(empty)'!r}"
                + (f" [{cell.message}]" if cell.message else "")
                for cell in cells
            ]
    except EmpactError as error:
        raise _fail(error) from None
    typer.echo(f"Upload {upload_id} of {file.name}: {status} ({counts}).")
    for line in lines:
        typer.echo(line)
    for warning in warnings:
        typer.echo(f"  warning: {warning}")
    if status == UploadStatus.rejected:
        typer.echo("Rejected: correct the cells above and import the file again.", err=True)
        raise typer.Exit(1)
    if not lines:
        typer.echo("Nothing to write: the file holds what is stored.")
        return
    if not apply:
        typer.echo("Nothing written: run again with --apply to write this plan.")
        return
    try:
        with transaction() as session:
            principal, actor = _user(session, user)
            applied = apply_upload(
                session, upload_id=upload_id, principal=principal, actor=actor, choices=choices
            )
            status = applied.status
    except EmpactError as error:
        typer.echo(f"Not applied: {error.detail}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Upload {upload_id} {status}.")
