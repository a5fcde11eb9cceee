// "My work", the dashboard (App.tsx's <Admin dashboard>), and its menu entry.
import MyWorkIcon from "@mui/icons-material/Assignment";

import type { ExtraMenuItem } from "../layout/Menu";

export { MyWork } from "./MyWork";

/** Everyone who owes or reviews something; the dashboard sends an administrator on. */
export const myWorkMenuItem: ExtraMenuItem = {
  to: "/",
  label: "empact.mywork.menu",
  icon: <MyWorkIcon />,
  roles: ["europol", "driver", "leader", "nec", "participant"],
};
