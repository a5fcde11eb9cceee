import { useGetOne, useRecordContext, useTranslate } from "react-admin";

import { actionName } from "../../references";

/** "Contribution CCH · OA 3.2 · DE · 2026-H2": the action, the organisation and the cycle. */
export const ContributionTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data: participation } = useGetOne(
    "participations",
    { id: record?.participation_id },
    { enabled: record?.participation_id != null },
  );
  const { data: action } = useGetOne(
    "operational-actions",
    { id: participation?.action_id },
    { enabled: participation?.action_id != null },
  );
  const { data: organisation } = useGetOne(
    "organisations",
    { id: participation?.organisation_id },
    { enabled: participation?.organisation_id != null },
  );
  const { data: cycle } = useGetOne(
    "reporting-cycles",
    { id: record?.reporting_cycle_id },
    { enabled: record?.reporting_cycle_id != null },
  );
  const name = translate("resources.contributions.name", { smart_count: 1 });
  return (
    <span>
      {[name, actionName(action), organisation?.code, cycle?.code].filter(Boolean).join(" · ")}
    </span>
  );
};
