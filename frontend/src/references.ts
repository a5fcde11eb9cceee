// Which resource an id column points to, wherever the column appears (history, audit trail),
// and the short names that say which record is meant (an action with its plan: "CCH · OA 2.1").
const REFERENCES: Record<string, string> = {
  policy_cycle_id: "policy-cycles",
  priority_id: "priorities",
  sub_priority_id: "sub-priorities",
  strategic_goal_id: "strategic-goals",
  organisation_id: "organisations",
  driver_id: "organisations",
  leader_id: "organisations",
  action_plan_id: "action-plans",
  action_id: "operational-actions",
  participation_id: "participations",
  reporting_cycle_id: "reporting-cycles",
  indicator_id: "indicators",
  upload_id: "uploads",
  user_id: "users",
  submitted_by_id: "users",
  reviewed_by_id: "users",
  granted_by_id: "users",
  uploaded_by_id: "users",
  applied_by_id: "users",
  reverted_by_id: "users",
  created_by_id: "users",
};

export const referenceOf = (field: string): string | undefined =>
  REFERENCES[field] ?? (field.endsWith("_by_id") ? "users" : undefined);

/** The enumeration a column of a resource holds, for translated values. */
const ENUM_COLUMNS: Record<string, Record<string, string>> = {
  organisations: { kind: "organisation_kind" },
  indicators: { kind: "indicator_kind", aggregation: "aggregation" },
  "operational-actions": { state: "action_state" },
  participations: { role: "participation_role" },
  "reporting-cycles": { state: "cycle_state" },
  "action-reports": { state: "report_state", rag_status: "rag_status" },
  contributions: { state: "report_state" },
  "indicator-values": { source: "value_source" },
  uploads: { status: "upload_status" },
  "role-grants": { role: "role" },
};

export const enumOf = (resource: string, field: string): string | undefined =>
  ENUM_COLUMNS[resource]?.[field];

/** Columns a history never shows: the record's own id and its version counter. */
export const HIDDEN_COLUMNS = new Set(["id", "version", "password_hash", "hash", "previous_hash"]);

export interface ActionLike {
  code?: string;
  plan_short_code?: string;
}

/** "CCH · OA 2.1": every plan has its own OA 2.1, so an action is named with its plan. */
export const actionName = (action: ActionLike | undefined | null): string =>
  action ? [action.plan_short_code, action.code].filter(Boolean).join(" · ") : "";
