// Which resource an id column points to, wherever the column appears (history, audit trail).
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
  reporting_cycle_id: "reporting-cycles",
  indicator_id: "indicators",
};

export const referenceOf = (field: string): string | undefined => REFERENCES[field];

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
