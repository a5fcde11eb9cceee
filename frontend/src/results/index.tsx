// The results page's route and menu entry, for App.tsx. The page (and recharts with it) is
// loaded only when it is opened.
import BarChartIcon from "@mui/icons-material/BarChart";
import { lazy, Suspense } from "react";
import { Loading } from "react-admin";
import { Route } from "react-router-dom";

import { RoleGate } from "../components/RoleGate";
import type { ExtraMenuItem } from "../layout/Menu";
import type { Role } from "../types";

const RESULTS_ROLES: readonly Role[] = ["europol", "driver"];

const ResultsPage = lazy(() =>
  import("./ResultsPage").then((module) => ({ default: module.ResultsPage })),
);

export const resultsRoute = (
  <Route
    key="results"
    path="/results"
    element={
      <RoleGate roles={RESULTS_ROLES} title="empact.results.menu">
        <Suspense fallback={<Loading />}>
          <ResultsPage />
        </Suspense>
      </RoleGate>
    }
  />
);

export const resultsMenuItem: ExtraMenuItem = {
  to: "/results",
  label: "empact.results.menu",
  icon: <BarChartIcon />,
  roles: RESULTS_ROLES,
};
