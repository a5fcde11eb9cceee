// The cycle cockpit's route and menu entry, for App.tsx.
import CockpitIcon from "@mui/icons-material/GridOn";
import { Route } from "react-router-dom";

import type { ExtraMenuItem } from "../layout/Menu";
import { COCKPIT_ROLES, Cockpit } from "./Cockpit";

/** /cockpit for the open cycle, /cockpit/<id> for another; ?priority=&country= filter it. */
export const cockpitRoute = <Route key="cockpit" path="/cockpit/:cycleId?" element={<Cockpit />} />;

export const cockpitMenuItem: ExtraMenuItem = {
  to: "/cockpit",
  label: "empact.cockpit.menu",
  icon: <CockpitIcon />,
  roles: COCKPIT_ROLES,
};
