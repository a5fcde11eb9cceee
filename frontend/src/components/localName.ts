// Reference data named in the reader's language: an indicator's or a priority's French name
// and unit where the reference data has them, the English ones otherwise.
import { i18nProvider } from "../providers/i18nProvider";

interface Named {
  name: string;
  name_fr?: string | null;
}

interface Measured extends Named {
  unit?: string;
  unit_fr?: string | null;
}

const french = (locale: string) => locale === "fr";

export const localName = (record: Named, locale: string = i18nProvider.getLocale()): string =>
  (french(locale) && record.name_fr) || record.name;

export const localUnit = (record: Measured, locale: string = i18nProvider.getLocale()): string =>
  (french(locale) && record.unit_fr) || record.unit || "";

/** "Arrests (persons)", "Arrestations (personnes)". */
export const indicatorLabel = (record: Measured, locale: string = i18nProvider.getLocale()): string => {
  const unit = localUnit(record, locale);
  return unit ? `${localName(record, locale)} (${unit})` : localName(record, locale);
};
