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
  /** The language the tool writes to this person in: screens, mail, workbooks. */
  language: "en" | "fr";
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
  /** The English text, sealed in the trail. */
  detail: string;
  /** The same in the reader's language. */
  description: string;
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

/** How many reports or contributions are in each workflow state. */
export interface StateCounts {
  not_started: number;
  draft: number;
  submitted: number;
  returned: number;
  accepted: number;
  missing: number;
  total: number;
}

export type ReportState = "not_started" | "draft" | "submitted" | "returned" | "accepted" | "missing";

/** A cycle the signed-in user can act in (GET /api/my-work). */
export interface MyCycle {
  id: number;
  code: string;
  state: "planned" | "open" | "closed" | "consolidated";
  period_start: string;
  period_end: string;
  due_on: string;
  closes_on: string;
  reopened_until: string | null;
  /** Until the due date (or the end of the reopening); negative once it has passed. */
  days_left: number;
}

interface WorkItem {
  reporting_cycle_id: number;
  action_id: number;
  action_code: string;
  action_title: string;
  plan_id: number;
  plan_short_code: string;
  state: ReportState;
  /** Not handed in yet. */
  owed: boolean;
  due_on: string;
  submitted_at: string | null;
}

export interface ReportItem extends WorkItem {
  report_id: number;
}

export interface ContributionItem extends WorkItem {
  contribution_id: number;
  organisation_id: number;
  organisation_code: string;
}

export interface CountryWork {
  reporting_cycle_id: number;
  country: string;
  /** The country workbook's path, under /api. */
  country_workbook: string;
  owed: number;
  counts: StateCounts;
  contributions: ContributionItem[];
}

/** GET /api/my-work: what the signed-in user owes or reviews, one list per role. */
export interface MyWork {
  user_id: number;
  username: string;
  roles: Role[];
  cycles: MyCycle[];
  led_reports: ReportItem[];
  countries: CountryWork[];
  organisation_contributions: ContributionItem[];
  reports_to_review: ReportItem[];
  cycle_counts: { reporting_cycle_id: number; reports: StateCounts; contributions: StateCounts }[];
  /** What went missing when the last cycle closed (leaders, coordinators, participants). */
  missing?: MissingWork[];
}

export interface MissingWork {
  cycle: MyCycle;
  reports: ReportItem[];
  contributions: ContributionItem[];
}

/** Where a report or contribution stands in the cockpit's matrix. */
export type Completeness = "submitted" | "late" | "draft" | "missing";

export interface CompletenessCounts extends Record<Completeness, number> {
  total: number;
}

export interface MatrixColumn {
  organisation_id: number;
  code: string;
  country: string | null;
}

export interface MatrixRow {
  action_id: number;
  action_code: string;
  action_title: string;
  plan_id: number;
  plan_short_code: string;
  priority_id: number;
  report_id: number | null;
  report_state: ReportState | null;
  report: Completeness;
  /** Only the organisations taking part in the action, in the order of the columns. */
  cells: { organisation_id: number; contribution_id: number | null; state: Completeness }[];
}

/** GET /api/reporting-cycles/{id}/matrix */
export interface CycleMatrix {
  reporting_cycle_id: number;
  code: string;
  /** The first late moment. */
  deadline: string;
  columns: MatrixColumn[];
  rows: MatrixRow[];
  totals: CompletenessCounts;
  report_totals: CompletenessCounts;
}

export interface MatrixFilters {
  priority?: number;
  country?: string;
  plan?: number;
}
