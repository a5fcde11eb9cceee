// Shapes of the API's answers that the screens and the custom data provider methods use.
import type { RaRecord } from "react-admin";

export type Role = "admin" | "europol" | "driver" | "leader" | "nec" | "participant";

export interface Grant {
  role: Role;
  action_plan_id: number | null;
  country_code: string | null;
  organisation_id: number | null;
}

/** GET /api/auth/me */
export interface Me {
  id: number;
  username: string;
  full_name: string;
  organisation_id: number;
  organisation_code: string;
  organisation_name: string;
  grants: Grant[];
}

/** One event of a record's history (the backend's AuditEventPublic). */
export interface AuditEvent extends RaRecord<number> {
  occurred_at: string;
  user_id: number | null;
  username: string;
  organisation_id: number | null;
  roles: string;
  source: "web" | "upload" | "flow" | "cli";
  source_ref: string;
  client_address: string;
  action: string;
  resource: string;
  record_id: number | null;
  changes: Record<string, [unknown, unknown]>;
  detail: string;
  hash: string;
}

export type CycleStep = "open" | "remind" | "close" | "consolidate";

/** The answer to POST /api/reporting-cycles/{id}/{step} (202). */
export interface CycleRunStarted {
  id: number;
  flow: string;
  flow_run_id: string;
  state: string;
}

/** GET /api/reporting-cycles/{id}/runs, newest first. */
export interface CycleRun extends CycleRunStarted {
  reporting_cycle_id: number;
  requested_by: string;
  created_at: string;
  finished_at: string | null;
  message: string;
}

export type ReportMove = "submit" | "return" | "accept";

export type CellOutcome = "new" | "changed" | "unchanged" | "conflict" | "rejected";

export interface UploadCell {
  id: number;
  sheet: string;
  cell: string;
  participation_id: number;
  field: string;
  base: string;
  stored: string;
  proposed: string;
  outcome: CellOutcome;
  message: string;
  written: boolean;
}

export interface UploadProblem {
  sheet: string;
  row: number | null;
  column: string | null;
  cell: string | null;
  field: string | null;
  severity: "error" | "warning";
  message: string;
}

export interface Upload extends RaRecord<number> {
  version: number;
  filename: string;
  sha256: string;
  template: string;
  reporting_cycle_id: number;
  country: string;
  status: "planned" | "rejected" | "applied" | "reverted";
  created_at: string;
  counts: Record<string, number>;
  problems: UploadProblem[];
}

/** An upload with the cells its plan would change, reject or ask about. */
export interface UploadDetail extends Upload {
  cells: UploadCell[];
}

/** Per conflicting cell (e.g. "J5"): keep the file's value or the stored one. */
export type UploadChoices = Record<string, "file" | "stored">;
