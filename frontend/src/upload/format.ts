// How the wizard writes sizes, figures and cell values in the chosen language.
import { useLocaleState } from "react-admin";

import { formatLocale } from "../providers/i18nProvider";

/** The intl locale of the chosen language (European formats in both). */
export const useFormatLocale = (): string => {
  const [locale] = useLocaleState();
  return formatLocale(locale);
};

/** A file size in bytes, kilobytes or megabytes, e.g. "124 kB" or "1.2 MB". */
export const formatFileSize = (bytes: number, locale: string): string => {
  const [value, unit] =
    bytes < 1024
      ? [bytes, "byte"]
      : bytes < 1024 * 1024
        ? [bytes / 1024, "kilobyte"]
        : [bytes / (1024 * 1024), "megabyte"];
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit,
    unitDisplay: unit === "byte" ? "long" : "short",
    maximumFractionDigits: unit === "megabyte" ? 1 : 0,
  }).format(value);
};

/** A figure as the backend stores it ("1234.5") in the locale ("1,234.5", "1 234,5"); any
 * other text (a choice) as it is. */
export const formatFigure = (value: string, locale: string): string => {
  const trimmed = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) {
    return value;
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(Number(trimmed));
};

/** The cell fields that are not indicators. */
export const TEXT_FIELDS = ["narrative", "state"] as const;

export const isIndicatorField = (field: string | null | undefined): field is string =>
  !!field && !(TEXT_FIELDS as readonly string[]).includes(field);
