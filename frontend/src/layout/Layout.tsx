// The page frame: react-admin's layout with the app bar (title, language switch, user menu)
// and the role-aware menu; keeps <html lang> in step with the chosen language.
import { type ReactNode, useEffect } from "react";
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

// Whose language the screens took up, and the language last saved with that account. Kept
// outside the components: a change of language renders the layout anew.
let adoptedFor: unknown = null;
let savedLanguage: string | null = null;

/** One language per person: once signed in, the screens speak the account's language (chosen
 * earlier, maybe in another browser); choosing another one in the app bar saves it with the
 * account, for the mail and workbooks the tool writes to them. */
const AccountLanguage = () => {
  const [locale, setLocale] = useLocaleState();
  const { identity } = useGetIdentity();
  const notify = useNotify();
  const language: unknown = identity?.language;
  useEffect(() => {
    if (!identity || typeof language !== "string") {
      return;
    }
    if (adoptedFor !== identity.id) {
      adoptedFor = identity.id;
      savedLanguage = language;
      if (language !== locale) {
        setLocale(language);
      }
      return;
    }
    if (locale !== savedLanguage) {
      savedLanguage = locale;
      saveLanguage(locale).catch(() => notify("empact.errors.language_not_saved", { type: "warning" }));
    }
  }, [identity, language, locale, setLocale, notify]);
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
