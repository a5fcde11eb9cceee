// The cockpit's four completeness states: their order, and the fill and text colours of their
// cells (each text colour at least 4.5:1 on its fill, WCAG 2.1 AA; a letter in every cell and
// the legend keep colour from being the only cue).
import type { Completeness } from "../types";

export const COMPLETENESS: readonly Completeness[] = ["submitted", "late", "draft", "missing"];

export const CELL_COLOURS: Record<Completeness, { fill: string; text: string }> = {
  submitted: { fill: "#2e7d32", text: "#ffffff" }, // green, 5.1:1
  late: { fill: "#ef6c00", text: "#000000" }, // orange, 6.8:1
  draft: { fill: "#fdd835", text: "#000000" }, // amber, 15:1
  missing: { fill: "#c62828", text: "#ffffff" }, // red, 5.6:1
};

/** Class names of the cells, styled once for the whole table rather than per cell. */
export const cellClass = (state: Completeness) => `cell-${state}`;

export const cellStyles = Object.fromEntries(
  COMPLETENESS.map((state) => [
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
