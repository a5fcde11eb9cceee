// GET /api/reporting-cycles/{id}/results: per numeric indicator, the totals of a cycle per
// priority and per country beside the previous cycle's, and completeness per country.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useLogoutIfAccessDenied } from "react-admin";

import { API_URL, httpClient } from "../providers/dataProvider";

export interface PriorityTotal {
  priority_id: number;
  code: string;
  name: string;
  value: number | null;
  previous: number | null;
}

export interface CountryTotal {
  country: string;
  value: number | null;
  previous: number | null;
}

export interface IndicatorResult {
  indicator_id: number;
  code: string;
  name: string;
  unit: string;
  aggregation: "sum" | "max";
  total: number | null;
  previous_total: number | null;
  by_priority: PriorityTotal[];
  by_country: CountryTotal[];
}

export interface CountryCompleteness {
  country: string;
  submitted: number;
  total: number;
}

export interface CycleResults {
  reporting_cycle_id: number;
  code: string;
  previous_cycle_id: number | null;
  previous_code: string | null;
  indicators: IndicatorResult[];
  completeness: CountryCompleteness[];
}

/** The results of a cycle, of one action plan or of every plan the caller may read. */
export const useCycleResults = (cycleId: number | undefined, planId: number | undefined) => {
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  return useQuery({
    queryKey: ["reporting-cycles", "results", cycleId, planId ?? null],
    enabled: cycleId !== undefined,
    // The charts stay (and the choices usable) while another cycle or plan loads.
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<CycleResults> => {
      const query = planId === undefined ? "" : `?plan=${planId}`;
      try {
        const { json } = await httpClient(`${API_URL}/reporting-cycles/${cycleId}/results${query}`);
        return json as CycleResults;
      } catch (error) {
        // A session that ended sends the user back to sign in, as react-admin's own calls do.
        await logoutIfAccessDenied(error);
        throw error;
      }
    },
  });
};
