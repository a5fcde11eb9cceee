// The country figures page's route and menu entry, for App.tsx.
import GridOnIcon from "@mui/icons-material/GridOn";
import { Route } from "react-router-dom";

import { RoleGate } from "../components/RoleGate";
import type { ExtraMenuItem } from "../layout/Menu";
import type { Role } from "../types";
import { CountryFigures } from "./CountryFigures";

const FIGURE_ROLES: readonly Role[] = ["nec", "participant"];

export const figuresRoute = (
  <Route
    key="figures"
    path="/figures"
    element={
      <RoleGate roles={FIGURE_ROLES} title="empact.figures.menu">
        <CountryFigures />
      </RoleGate>
    }
  />
);

export const figuresMenuItem: ExtraMenuItem = {
  to: "/figures",
  label: "empact.figures.menu",
  icon: <GridOnIcon />,
  roles: FIGURE_ROLES,
};
