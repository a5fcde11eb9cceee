// Dates, times and country names in the chosen language, for screens that show values outside
// a record context (the dashboard, the cockpit).
import { useMemo } from "react";
import { useLocaleState } from "react-admin";

import { formatLocale } from "../providers/i18nProvider";

export interface Formatters {
  /** A calendar date as the API gives it ("2027-01-15"), e.g. "15 Jan 2027". */
  date: (value: string | null | undefined) => string;
  /** A moment ("2027-01-15T12:00:00Z") with its time, in the browser's time zone. */
  dateTime: (value: string | null | undefined) => string;
  /** A country by its ISO code, e.g. "Germany" for "DE"; the code itself when unknown. */
  country: (code: string) => string;
  number: (value: number) => string;
}

export const useFormatters = (): Formatters => {
  const [locale] = useLocaleState();
  return useMemo(() => {
    const tag = formatLocale(locale);
    // Calendar dates carry no time zone: read and show them in UTC so the day never shifts.
    const dates = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
    const moments = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" });
    const numbers = new Intl.NumberFormat(tag);
    let regions: Intl.DisplayNames | null = null;
    try {
      regions = new Intl.DisplayNames([tag], { type: "region" });
    } catch {
      regions = null;
    }
    return {
      date: (value) => (value ? dates.format(new Date(`${value.slice(0, 10)}T00:00:00Z`)) : ""),
      dateTime: (value) => (value ? moments.format(new Date(value)) : ""),
      country: (code) => {
        try {
          return regions?.of(code.toUpperCase()) ?? code;
        } catch {
          return code;
        }
      },
      number: (value) => numbers.format(value),
    };
  }, [locale]);
};
