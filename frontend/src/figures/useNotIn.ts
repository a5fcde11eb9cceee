// The contributions of an action that are not in yet (not submitted, not accepted), named by
// their organisations, for the warning shown before a report is submitted.
import { useQuery } from "@tanstack/react-query";
import { type Identifier, useDataProvider, useTranslate } from "react-admin";

import type { EmpactDataProvider } from "../providers/dataProvider";
import { enumLabel } from "../enums";

export const useContributionsNotIn = (
  cycleId: Identifier | undefined,
  actionId: Identifier | undefined,
): string[] => {
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const translate = useTranslate();
  const filters = { action: Number(actionId) };
  const { data } = useQuery({
    queryKey: ["figure-grid", String(cycleId), filters],
    queryFn: () => dataProvider.figureGrid(cycleId as Identifier, filters),
    enabled: cycleId != null && actionId != null,
  });
  return (data?.rows ?? [])
    .filter((row) => !["submitted", "accepted"].includes(row.contribution_state))
    .map(
      (row) =>
        `${row.organisation} (${translate(enumLabel("report_state", row.contribution_state))})`,
    );
};
