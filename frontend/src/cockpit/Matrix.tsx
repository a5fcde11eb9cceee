// The actions x participants matrix: one row per action (its plan, code and title, then its
// report), one column per organisation, each cell the contribution's completeness as a colour
// and a letter, with "DE: submitted" as its title. Up to ~300 x ~60 cells: plain table cells,
// styled by class from one rule set, every string prepared once per column rather than per
// cell, and the whole table memoised on the data so that nothing else re-renders it.
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { memo, useMemo } from "react";
import { useTranslate } from "react-admin";
import { Link as RouterLink } from "react-router-dom";

import { useFormatters } from "../components/format";
import { enumLabel } from "../enums";
import type { CycleMatrix, MatrixRow } from "../types";
import { CELL_COLOURS, cellClass, cellStyles, type Phase, SHOWN, type Shown, shown } from "./states";

const ACTION_WIDTH = 320;
const REPORT_WIDTH = 112;
const CELL_SIZE = 28;

const matrixSx = {
  borderCollapse: "separate",
  borderSpacing: 0,
  fontSize: "0.8125rem",
  "& th, & td": {
    borderRight: "1px solid #ffffff",
    borderBottom: "1px solid #ffffff",
    padding: 0,
  },
  "& thead th": {
    position: "sticky",
    top: 0,
    zIndex: 2,
    backgroundColor: "#ffffff",
    borderBottom: "2px solid #9e9e9e",
    verticalAlign: "bottom",
    fontWeight: 600,
  },
  "& thead th.org": { width: CELL_SIZE, minWidth: CELL_SIZE, maxWidth: CELL_SIZE, pb: 0.5 },
  "& thead th.org span": {
    writingMode: "vertical-rl",
    transform: "rotate(180deg)",
    whiteSpace: "nowrap",
    display: "inline-block",
  },
  "& th.action": {
    position: "sticky",
    left: 0,
    zIndex: 1,
    width: ACTION_WIDTH,
    minWidth: ACTION_WIDTH,
    maxWidth: ACTION_WIDTH,
    backgroundColor: "#ffffff",
    textAlign: "left",
    fontWeight: 400,
    px: 1,
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
    borderBottom: "1px solid #e0e0e0",
  },
  "& td.report": {
    position: "sticky",
    left: ACTION_WIDTH,
    zIndex: 1,
    width: REPORT_WIDTH,
    minWidth: REPORT_WIDTH,
    px: 0.75,
    whiteSpace: "nowrap",
    fontWeight: 600,
    borderRight: "2px solid #ffffff",
  },
  "& thead th.action, & thead th.report": { zIndex: 3, left: 0, px: 1, textAlign: "left" },
  "& thead th.report": { left: ACTION_WIDTH, width: REPORT_WIDTH, minWidth: REPORT_WIDTH },
  "& td.cell": {
    width: CELL_SIZE,
    minWidth: CELL_SIZE,
    height: CELL_SIZE,
    textAlign: "center",
    fontWeight: 700,
  },
  "& td.none": { backgroundColor: "#f5f5f5" },
  "& th.action a": { fontWeight: 600, color: "primary.main", mr: 0.75 },
  ...cellStyles,
} as const;

interface Strings {
  letter: Record<Shown, string>;
  /** Per column, per state: "DE: submitted". */
  titles: Record<Shown, string>[];
  report: Record<Shown, string>;
  state: Record<Shown, string>;
  reportState: (state: string | null) => string;
}

const NOT_IN: ReadonlySet<Shown> = new Set(["not_started", "overdue", "missing"]);

const Row = memo(function Row({
  row,
  columnIds,
  strings,
  phase,
}: {
  row: MatrixRow;
  columnIds: readonly number[];
  strings: Strings;
  phase: Phase;
}) {
  const report = shown(row.report, phase, row.report_state);
  const cells = [];
  let next = 0;
  for (let index = 0; index < columnIds.length; index += 1) {
    const cell = row.cells[next];
    if (cell !== undefined && cell.organisation_id === columnIds[index]) {
      next += 1;
      const state = shown(cell.state, phase);
      cells.push(
        <td key={index} className={`cell ${cellClass(state)}`} title={strings.titles[index][state]}>
          {strings.letter[state]}
        </td>,
      );
    } else {
      cells.push(<td key={index} className="cell none" />);
    }
  }
  return (
    <tr>
      <th scope="row" className="action" title={`${row.plan_short_code} · ${row.action_code} ${row.action_title}`}>
        {row.report_id !== null ? (
          <RouterLink to={`/action-reports/${row.report_id}/show`}>
            {row.plan_short_code} · {row.action_code}
          </RouterLink>
        ) : (
          <strong>
            {row.plan_short_code} · {row.action_code}
          </strong>
        )}
        {row.action_title}
      </th>
      <td className={`report ${cellClass(report)}`} title={strings.report[report]}>
        {NOT_IN.has(report) && row.report_state !== "returned"
          ? strings.state[report]
          : strings.reportState(row.report_state)}
      </td>
      {cells}
    </tr>
  );
});

const MatrixTable = memo(function MatrixTable({
  matrix,
  strings,
  countryName,
  label,
  actionHeader,
  reportHeader,
  phase,
}: {
  matrix: CycleMatrix;
  strings: Strings;
  countryName: (code: string) => string;
  label: string;
  actionHeader: string;
  reportHeader: string;
  phase: Phase;
}) {
  const columnIds = useMemo(() => matrix.columns.map((c) => c.organisation_id), [matrix]);
  return (
    <Box component="table" aria-label={label} sx={matrixSx}>
      <thead>
        <tr>
          <th scope="col" className="action">
            {actionHeader}
          </th>
          <th scope="col" className="report">
            {reportHeader}
          </th>
          {matrix.columns.map((column) => (
            <th
              key={column.organisation_id}
              scope="col"
              className="org"
              title={column.country ? countryName(column.country) : column.code}
            >
              <span>{column.code}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.rows.map((row) => (
          <Row key={row.action_id} row={row} columnIds={columnIds} strings={strings} phase={phase} />
        ))}
      </tbody>
    </Box>
  );
});

/** The matrix in a box that scrolls both ways, its header row and action column sticky. */
export const Matrix = ({ matrix, phase }: { matrix: CycleMatrix; phase: Phase }) => {
  const translate = useTranslate();
  const format = useFormatters();
  const strings = useMemo<Strings>(() => {
    const label = (state: Shown) =>
      translate(`empact.cockpit.states.${state}`).toLocaleLowerCase();
    const perState = (make: (state: Shown) => string) =>
      Object.fromEntries(SHOWN.map((state) => [state, make(state)])) as Record<Shown, string>;
    return {
      state: perState((state) => translate(`empact.cockpit.states.${state}`)),
      letter: perState((state) => translate(`empact.cockpit.letters.${state}`)),
      titles: matrix.columns.map((column) =>
        perState((state) =>
          translate("empact.cockpit.cell", { organisation: column.code, state: label(state) }),
        ),
      ),
      report: perState((state) => translate("empact.cockpit.report_cell", { state: label(state) })),
      reportState: (state) =>
        state === null
          ? translate("empact.cockpit.no_report")
          : translate(enumLabel("report_state", state), { _: state }),
    };
  }, [translate, matrix]);
  if (matrix.rows.length === 0) {
    return <Typography variant="body1">{translate("empact.cockpit.no_rows")}</Typography>;
  }
  return (
    <Box
      role="region"
      aria-label={translate("empact.cockpit.matrix_region")}
      tabIndex={0}
      sx={{
        overflow: "auto",
        maxHeight: "70vh",
        // No width of its own to push the page wider (the layout grows to fit its content):
        // it takes the width there is and scrolls.
        width: 0,
        minWidth: "100%",
        border: "1px solid",
        borderColor: "divider",
        "&:focus-visible": { outline: "3px solid", outlineColor: "secondary.main" },
      }}
    >
      <MatrixTable
        matrix={matrix}
        strings={strings}
        countryName={format.country}
        label={translate("empact.cockpit.matrix")}
        actionHeader={translate("empact.cockpit.action")}
        reportHeader={translate("empact.cockpit.report")}
        phase={phase}
      />
    </Box>
  );
};

type Counts = Record<Shown | "total", number>;

const noCounts = (): Counts =>
  Object.fromEntries([...SHOWN, "total"].map((state) => [state, 0])) as Counts;

/** Cells and reports per state as shown, counted from the rows themselves (so the legend
 * always adds up to what the matrix shows). */
const countShown = (matrix: CycleMatrix, phase: Phase) => {
  const cells = noCounts();
  const reports = noCounts();
  for (const row of matrix.rows) {
    reports[shown(row.report, phase, row.report_state)] += 1;
    reports.total += 1;
    for (const cell of row.cells) {
      cells[shown(cell.state, phase)] += 1;
      cells.total += 1;
    }
  }
  return { cells, reports };
};

/** The legend (each state's colour, letter and name) with the cycle's totals per state:
 * every state the matrix can show, even at zero. */
export const Legend = ({ matrix, phase }: { matrix: CycleMatrix; phase: Phase }) => {
  const translate = useTranslate();
  const format = useFormatters();
  const { cells, reports } = useMemo(() => countShown(matrix, phase), [matrix, phase]);
  // Before the due date nothing is overdue or missing, and after it nothing is "not started"
  // any more: only the states this phase can show are listed.
  const states = SHOWN.filter(
    (state) =>
      (state !== "not_started" || phase === "before_due") &&
      (state !== "overdue" || phase === "after_due") &&
      (state !== "missing" || phase === "closed"),
  );
  const swatch = (state: Shown) => ({
    display: "inline-block",
    minWidth: 24,
    textAlign: "center",
    fontWeight: 700,
    mr: 1,
    borderRadius: 0.5,
    backgroundColor: CELL_COLOURS[state].fill,
    color: CELL_COLOURS[state].text,
  });
  return (
    <Table size="small" aria-label={translate("empact.cockpit.legend")} sx={{ maxWidth: 560 }}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {translate("empact.cockpit.legend")}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {translate("empact.cockpit.contributions")}
          </TableCell>
          <TableCell component="th" scope="col" align="right">
            {translate("empact.cockpit.reports")}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {states.map((state) => (
          <TableRow key={state}>
            <TableCell component="th" scope="row">
              <Box component="span" sx={swatch(state)}>
                {translate(`empact.cockpit.letters.${state}`)}
              </Box>
              {translate(`empact.cockpit.states.${state}`)}
            </TableCell>
            <TableCell align="right">{format.number(cells[state])}</TableCell>
            <TableCell align="right">{format.number(reports[state])}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
            {translate("empact.cockpit.total")}
          </TableCell>
          <TableCell align="right" sx={{ fontWeight: 600 }}>
            {format.number(cells.total)}
          </TableCell>
          <TableCell align="right" sx={{ fontWeight: 600 }}>
            {format.number(reports.total)}
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
};
