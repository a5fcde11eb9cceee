// Figures in the chosen language: full, compact (axis ticks), percentages and changes.
import { useMemo } from "react";
import { useLocaleState } from "react-admin";

import { formatLocale } from "../providers/i18nProvider";

export interface Formats {
  number: (value: number) => string;
  compact: (value: number) => string;
  percent: (ratio: number) => string;
  /** A relative change, signed: "+12.5%", "−3%". */
  change: (ratio: number) => string;
}

export const useFormats = (): Formats => {
  const [locale] = useLocaleState();
  return useMemo(() => {
    const intl = formatLocale(locale);
    const number = new Intl.NumberFormat(intl, { maximumFractionDigits: 3 });
    const compact = new Intl.NumberFormat(intl, { notation: "compact", maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(intl, { style: "percent", maximumFractionDigits: 1 });
    const change = new Intl.NumberFormat(intl, {
      style: "percent",
      maximumFractionDigits: 1,
      signDisplay: "exceptZero",
    });
    return {
      number: (value) => number.format(value),
      compact: (value) => compact.format(value),
      percent: (ratio) => percent.format(ratio),
      change: (ratio) => change.format(ratio),
    };
  }, [locale]);
};
