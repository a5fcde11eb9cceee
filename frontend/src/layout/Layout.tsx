// The page frame: react-admin's layout with the app bar (title, language switch, user menu)
// and the role-aware menu; keeps <html lang> in step with the chosen language.
import { type ReactNode, useEffect } from "react";
import {
  AppBar,
  Layout as RaLayout,
  UserMenu,
  useGetIdentity,
  useLocaleState,
  useTranslate,
} from "react-admin";

import { type ExtraMenuItem, Menu } from "./Menu";

const DocumentLanguage = () => {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
};

/** The user menu button says whose it is and what it is: its accessible name holds the visible
 * name (WCAG 2.5.3, label in name). */
const AppUserMenu = () => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const menu = translate("ra.auth.user_menu");
  return <UserMenu label={identity?.fullName ? `${identity.fullName} (${menu})` : menu} />;
};

const AppAppBar = () => <AppBar userMenu={<AppUserMenu />} />;

export const makeLayout = (extraMenuItems: readonly ExtraMenuItem[]) => {
  const AppMenu = () => <Menu extra={extraMenuItems} />;
  const Layout = ({ children }: { children: ReactNode }) => (
    <RaLayout menu={AppMenu} appBar={AppAppBar}>
      <DocumentLanguage />
      {children}
    </RaLayout>
  );
  return Layout;
};
