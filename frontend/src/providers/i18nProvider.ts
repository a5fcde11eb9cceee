// English and French: react-admin's own messages plus the application's (src/i18n); English
// by default. The chosen language is kept by react-admin's store (localStorage) across visits.
import type { TranslationMessages } from "react-admin";
import polyglotI18nProvider from "ra-i18n-polyglot";
import englishMessages from "ra-language-english";
import frenchMessages from "ra-language-french";

import en from "../i18n/en";
import fr from "../i18n/fr";

const messages: Record<string, TranslationMessages> = {
  en: { ...englishMessages, ...en },
  fr: { ...frenchMessages, ...fr },
};

export const LOCALES = [
  { locale: "en", name: "English" },
  { locale: "fr", name: "Français" },
];

export const i18nProvider = polyglotI18nProvider(
  (locale) => messages[locale] ?? messages.en,
  "en",
  LOCALES,
);

/** The locale for dates and numbers: European formats in both languages. */
export const formatLocale = (locale: string): string => (locale === "fr" ? "fr-FR" : "en-GB");
