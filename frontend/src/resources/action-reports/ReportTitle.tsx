import { useGetOne, useRecordContext, useTranslate } from "react-admin";

import { actionName } from "../../references";

/** "Action report CCH · OA 3.1 · 2026-H2": the action and the cycle a report is for. */
export const ReportTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data: action } = useGetOne(
    "operational-actions",
    { id: record?.action_id },
    { enabled: record?.action_id != null },
  );
  const { data: cycle } = useGetOne(
    "reporting-cycles",
    { id: record?.reporting_cycle_id },
    { enabled: record?.reporting_cycle_id != null },
  );
  const name = translate("resources.action-reports.name", { smart_count: 1 });
  return <span>{[name, actionName(action), cycle?.code].filter(Boolean).join(" · ")}</span>;
};
