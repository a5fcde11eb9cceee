// The start page of an account that owes and reviews nothing (an administrator), in place of
// the "My work" dashboard: straight to the first screen of its menu, or a word on why there
// is none.
import { Alert, Box } from "@mui/material";
import { Navigate } from "react-router-dom";
import { Loading, usePermissions, useTranslate } from "react-admin";

import { MENU } from "../providers/access";
import { can } from "../providers/authProvider";

export const Home = () => {
  const { permissions, isPending } = usePermissions();
  const translate = useTranslate();
  if (isPending) {
    return <Loading />;
  }
  const first = MENU.find((item) => can(permissions, item.roles));
  if (first) {
    return <Navigate to={`/${first.resource}`} replace />;
  }
  return (
    <Box sx={{ p: 2 }}>
      <Alert severity="info">{translate("empact.home.no_roles")}</Alert>
    </Box>
  );
};
