// The page frame: react-admin's layout with the app bar (title, language switch, user menu)
// and the role-aware menu; keeps <html lang> in step with the chosen language.
import { type ReactNode, useEffect, useRef } from "react";
import {
  AppBar,
  Layout as RaLayout,
  UserMenu,
  useGetIdentity,
  useLocaleState,
  useNotify,
  useTranslate,
} from "react-admin";

import { saveLanguage } from "../providers/authProvider";

import { type ExtraMenuItem, Menu } from "./Menu";

const DocumentLanguage = () => {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
};

/** One language per person: once signed in, the screens speak the account's language (chosen
 * earlier, maybe on another computer); choosing another one in the app bar saves it with the
 * account, for the mail and workbooks the tool writes to them. */
const AccountLanguage = () => {
  const [locale, setLocale] = useLocaleState();
  const { identity } = useGetIdentity();
  const notify = useNotify();
  const saved = useRef<string | null>(null);
  const language: unknown = identity?.language;
  useEffect(() => {
    if (typeof language !== "string") {
      return;
    }
    if (saved.current === null) {
      saved.current = language;
      if (language !== locale) {
        setLocale(language);
      }
      return;
    }
    if (locale !== saved.current) {
      saved.current = locale;
      saveLanguage(locale).catch(() => notify("empact.errors.language_not_saved", { type: "warning" }));
    }
  }, [language, locale, setLocale, notify]);
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
      <AccountLanguage />
      {children}
    </RaLayout>
  );
  return Layout;
};
