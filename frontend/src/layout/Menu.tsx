// The side menu: only the screens the signed-in user's roles are for (see access.ts MENU),
// then the extra entries App.tsx declares for custom screens.
import type { ReactElement } from "react";
import { Menu as RaMenu, usePermissions, useTranslate } from "react-admin";

import { can } from "../providers/authProvider";
import { MENU } from "../providers/access";
import type { Role } from "../types";

/** A menu entry for a custom route: `label` is a translation key. */
export interface ExtraMenuItem {
  to: string;
  label: string;
  icon: ReactElement;
  roles: readonly Role[];
}

export const Menu = ({ extra = [] }: { extra?: readonly ExtraMenuItem[] }) => {
  const { permissions, isPending } = usePermissions();
  const translate = useTranslate();
  if (isPending) {
    return null;
  }
  return (
    <RaMenu>
      {extra
        .filter((item) => can(permissions, item.roles))
        .map((item) => (
          <RaMenu.Item
            key={item.to}
            to={item.to}
            primaryText={translate(item.label)}
            leftIcon={item.icon}
          />
        ))}
      {MENU.filter((item) => can(permissions, item.roles)).map((item) => (
        <RaMenu.ResourceItem key={item.resource} name={item.resource} />
      ))}
    </RaMenu>
  );
};
