// A custom screen only for some roles: to anyone else it says so at once, in words, and asks
// the server nothing (a refused request would only be retried and audited as a refusal).
import { Alert, Box } from "@mui/material";
import type { ReactNode } from "react";
import { Loading, Title, usePermissions, useTranslate } from "react-admin";

import { can } from "../providers/authProvider";
import type { Role } from "../types";

export const RoleGate = ({
  roles,
  title,
  children,
}: {
  roles: readonly Role[];
  /** Translation key of the screen's name. */
  title: string;
  children: ReactNode;
}) => {
  const { permissions, isPending } = usePermissions();
  const translate = useTranslate();
  if (isPending) {
    return <Loading />;
  }
  if (can(permissions, roles)) {
    return <>{children}</>;
  }
  return (
    <Box sx={{ p: 2 }}>
      <Title title={translate(title)} />
      <Alert severity="info">
        {translate("empact.not_for_you", { screen: translate(title) })}
      </Alert>
    </Box>
  );
};
