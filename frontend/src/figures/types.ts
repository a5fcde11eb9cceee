// The figures grid as GET /api/reporting-cycles/{id}/figures gives it.
import type { ReportState } from "../types";

export interface GridIndicator {
  id: number;
  code: string;
  name: string;
  unit: string;
  kind: "integer" | "decimal" | "amount_eur" | "mass_kg" | "choice";
  aggregation: "sum" | "max" | "none";
  choices: string[] | null;
  min_value: number | null;
  max_value: number | null;
  description: string;
}

export interface GridCell {
  value: string | null;
  version: number | null;
  previous: string | null;
}

export interface GridRow {
  participation_id: number;
  action_id: number;
  action: string;
  action_title: string;
  plan_id: number;
  plan: string;
  priority: string;
  organisation_id: number;
  organisation: string;
  country_code: string | null;
  own: boolean;
  contribution_id: number | null;
  contribution_state: ReportState;
  contribution_version: number | null;
  writable: boolean;
  read_only_reason: string;
  may_submit: boolean;
  may_review: boolean;
  indicator_ids: number[];
  cells: Record<string, GridCell>;
}

export interface FigureGrid {
  reporting_cycle_id: number;
  cycle_code: string;
  cycle_state: string;
  previous_cycle_code: string | null;
  indicators: GridIndicator[];
  rows: GridRow[];
  plans: { id: number; code: string; name: string }[];
}

export interface GridFilters {
  action?: number;
  plan?: number;
  country?: string;
}

export interface GridCellWrite {
  participation_id: number;
  indicator_id: number;
  value: string;
  version: number | null;
}

export interface GridSaved {
  created: number;
  updated: number;
  deleted: number;
}

/** How a cell is named in the grid and in the server's answers: "participation:indicator". */
export const cellKey = (participationId: number, indicatorId: number): string =>
  `${participationId}:${indicatorId}`;
