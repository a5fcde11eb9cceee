// The results page's route and menu entry, for App.tsx. The page (and recharts with it) is
// loaded only when it is opened.
import BarChartIcon from "@mui/icons-material/BarChart";
import { lazy, Suspense } from "react";
import { Loading } from "react-admin";
import { Route } from "react-router-dom";

import type { ExtraMenuItem } from "../layout/Menu";

const ResultsPage = lazy(() =>
  import("./ResultsPage").then((module) => ({ default: module.ResultsPage })),
);

export const resultsRoute = (
  <Route
    key="results"
    path="/results"
    element={
      <Suspense fallback={<Loading />}>
        <ResultsPage />
      </Suspense>
    }
  />
);

export const resultsMenuItem: ExtraMenuItem = {
  to: "/results",
  label: "empact.results.menu",
  icon: <BarChartIcon />,
  roles: ["europol", "driver"],
};
