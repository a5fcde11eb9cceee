// Names for the cells of a plan: each row's operational action and organisation (from its
// participation), and each indicator field's name in the cycle's policy cycle. One request
// per kind of record, whatever the number of cells.
import { useMemo } from "react";
import { type Identifier, type RaRecord, useGetList, useGetMany, useGetOne } from "react-admin";

import type { UploadCell, UploadProblem } from "../types";
import { isIndicatorField } from "./format";

interface Participation extends RaRecord<number> {
  action_id: number;
  organisation_id: number;
}

interface Action extends RaRecord<number> {
  code: string;
  title: string;
}

interface Organisation extends RaRecord<number> {
  code: string;
  name: string;
}

interface Indicator extends RaRecord<number> {
  code: string;
  name: string;
  unit: string;
}

interface Cycle extends RaRecord<number> {
  code: string;
  policy_cycle_id: number;
}

export interface RowNames {
  actionId?: number;
  actionCode?: string;
  actionTitle?: string;
  organisationCode?: string;
  organisationName?: string;
}

export interface PlanNames {
  cycleCode?: string;
  /** The row of a participation: its action and organisation, once loaded. */
  row: (participationId: number) => RowNames;
  /** An indicator's name (and unit) for its code; "Narrative" or "State" for those fields. */
  indicator: (code: string) => Indicator | undefined;
}

const unique = <T extends Identifier>(values: T[]): T[] => [...new Set(values)];

const byId = <T extends RaRecord>(records: T[] | undefined): Map<Identifier, T> =>
  new Map((records ?? []).map((record) => [record.id, record]));

export const usePlanNames = (
  cycleId: number | undefined,
  cells: readonly UploadCell[],
  problems: readonly UploadProblem[],
): PlanNames => {
  const participationIds = useMemo(() => unique(cells.map((cell) => cell.participation_id)), [cells]);
  const { data: participations } = useGetMany<Participation>(
    "participations",
    { ids: participationIds },
    { enabled: participationIds.length > 0 },
  );
  const actionIds = useMemo(
    () => unique((participations ?? []).filter(Boolean).map((p) => p.action_id)),
    [participations],
  );
  const organisationIds = useMemo(
    () => unique((participations ?? []).filter(Boolean).map((p) => p.organisation_id)),
    [participations],
  );
  const { data: actions } = useGetMany<Action>(
    "operational-actions",
    { ids: actionIds },
    { enabled: actionIds.length > 0 },
  );
  const { data: organisations } = useGetMany<Organisation>(
    "organisations",
    { ids: organisationIds },
    { enabled: organisationIds.length > 0 },
  );
  const { data: cycle } = useGetOne<Cycle>(
    "reporting-cycles",
    { id: cycleId ?? 0 },
    { enabled: cycleId !== undefined },
  );
  const codes = useMemo(
    () =>
      unique(
        [...cells.map((cell) => cell.field), ...problems.map((problem) => problem.field)].filter(
          isIndicatorField,
        ),
      ).sort(),
    [cells, problems],
  );
  const { data: indicators } = useGetList<Indicator>(
    "indicators",
    {
      filter: { policy_cycle_id: cycle?.policy_cycle_id, code: codes },
      pagination: { page: 1, perPage: 500 },
      sort: { field: "position", order: "ASC" },
    },
    { enabled: cycle !== undefined && codes.length > 0 },
  );

  return useMemo(() => {
    const participationMap = byId(participations?.filter(Boolean));
    const actionMap = byId(actions?.filter(Boolean));
    const organisationMap = byId(organisations?.filter(Boolean));
    const indicatorMap = new Map((indicators ?? []).map((indicator) => [indicator.code, indicator]));
    return {
      cycleCode: cycle?.code,
      row: (participationId: number) => {
        const participation = participationMap.get(participationId);
        const action = participation ? actionMap.get(participation.action_id) : undefined;
        const organisation = participation
          ? organisationMap.get(participation.organisation_id)
          : undefined;
        return {
          actionId: participation?.action_id,
          actionCode: action?.code,
          actionTitle: action?.title,
          organisationCode: organisation?.code,
          organisationName: organisation?.name,
        };
      },
      indicator: (code: string) => indicatorMap.get(code),
    };
  }, [participations, actions, organisations, indicators, cycle]);
};
