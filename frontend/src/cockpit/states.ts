// The cockpit's completeness states as people read them: their order, and the fill and text
// colours of their cells (each text colour at least 4.5:1 on its fill, WCAG 2.1 AA; a letter in
// every cell and the legend keep colour from being the only cue).
//
// The server says "missing" for whatever is not handed in; what that means depends on the
// cycle: not started yet until the due date, overdue after it, missing only once the cycle is
// closed. An accepted report is told apart from one still waiting for review.
import type { Completeness, ReportState } from "../types";

export type Shown =
  | "accepted"
  | "submitted"
  | "late"
  | "draft"
  | "not_started"
  | "overdue"
  | "missing";

export const SHOWN: readonly Shown[] = [
  "accepted",
  "submitted",
  "late",
  "draft",
  "not_started",
  "overdue",
  "missing",
];

export const CELL_COLOURS: Record<Shown, { fill: string; text: string }> = {
  accepted: { fill: "#1b5e20", text: "#ffffff" }, // dark green, 9.0:1
  submitted: { fill: "#2e7d32", text: "#ffffff" }, // green, 5.1:1
  late: { fill: "#ef6c00", text: "#000000" }, // orange, 6.8:1
  draft: { fill: "#fdd835", text: "#000000" }, // amber, 15:1
  not_started: { fill: "#e0e0e0", text: "#000000" }, // light grey, 15:1
  overdue: { fill: "#ad1457", text: "#ffffff" }, // crimson, 6.1:1
  missing: { fill: "#c62828", text: "#ffffff" }, // red, 5.6:1
};

/** Where a cycle is: before its due date, after it, or closed (nothing more can come in). */
export type Phase = "before_due" | "after_due" | "closed";

export const phaseOf = (cycleState: string, deadline: string, now: number = Date.now()): Phase =>
  cycleState === "closed" || cycleState === "consolidated"
    ? "closed"
    : cycleState === "open" && now >= Date.parse(deadline)
      ? "after_due"
      : "before_due";

const UNSUBMITTED: Record<Phase, Shown> = {
  before_due: "not_started",
  after_due: "overdue",
  closed: "missing",
};

/** What a cell or a report shows, from the server's completeness and, for a report, its
 * workflow state. */
export const shown = (
  completeness: Completeness,
  phase: Phase,
  reportState?: ReportState | null,
): Shown =>
  reportState === "accepted"
    ? "accepted"
    : completeness === "missing"
      ? UNSUBMITTED[phase]
      : completeness;

/** Class names of the cells, styled once for the whole table rather than per cell. */
export const cellClass = (state: Shown) => `cell-${state}`;

export const cellStyles = Object.fromEntries(
  SHOWN.map((state) => [
    `& .${cellClass(state)}`,
    { backgroundColor: CELL_COLOURS[state].fill, color: CELL_COLOURS[state].text },
  ]),
);

/** Prefect's state types: the ones after which a run changes no more. */
export const FINAL_RUN_STATES = ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"];

export const runColour = (
  state: string,
): "default" | "success" | "error" | "info" | "warning" =>
  state === "COMPLETED"
    ? "success"
    : state === "FAILED" || state === "CRASHED"
      ? "error"
      : state === "RUNNING"
        ? "info"
        : "default";
