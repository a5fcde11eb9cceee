// The three charts of the results page: an indicator's totals per priority and per country
// (this cycle beside the previous one), and the cycle's completeness per country.
import { useTranslate } from "react-admin";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import type { CountryCompleteness, CycleResults, IndicatorResult } from "./api";
import { ChartSection, type Column, FiguresTable, NoFigure } from "./ChartSection";
import type { Formats } from "./format";

/** Colours with at least 3:1 against white (WCAG 1.4.11), told apart by hue and legend. */
const CURRENT = "#1F3864";
const PREVIOUS = "#C55A11";
const DONE = "#2E7D32";

const TOP_COUNTRIES = 15;
const TEXT = "rgba(0, 0, 0, 0.87)";
const AXIS_TICK = { fontSize: 12, fill: TEXT };

/** The legend's words in the text colour (recharts writes them in the series colour). */
const legendText = (value: string) => <span style={{ color: TEXT }}>{value}</span>;

interface Pair {
  key: string;
  /** On the axis. */
  short: string;
  /** In the table and the tooltip. */
  long: string;
  value: number | null;
  previous: number | null;
}

const figure = (formats: Formats, value: number | null) =>
  value === null ? <NoFigure /> : formats.number(value);

const change = (formats: Formats, row: Pair) =>
  row.value === null || row.previous === null || row.previous === 0 ? (
    <NoFigure />
  ) : (
    formats.change((row.value - row.previous) / row.previous)
  );

/** This cycle's and the previous cycle's bars for each pair, with the table of both. */
const PairChart = ({
  title,
  caption,
  categoryLabel,
  results,
  indicator,
  rows,
  formats,
}: {
  title: string;
  caption: string;
  categoryLabel: string;
  results: CycleResults;
  indicator: IndicatorResult;
  rows: Pair[];
  formats: Formats;
}) => {
  const translate = useTranslate();
  const previous = results.previous_code;
  const columns: Column<Pair>[] = [
    { header: categoryLabel, cell: (row) => row.long },
    ...(previous
      ? [{ header: previous, cell: (row: Pair) => figure(formats, row.previous), numeric: true }]
      : []),
    { header: results.code, cell: (row) => figure(formats, row.value), numeric: true },
    ...(previous
      ? [
          {
            header: translate("empact.results.change"),
            cell: (row: Pair) => change(formats, row),
            numeric: true,
          },
        ]
      : []),
  ];
  const long = new Map(rows.map((row) => [row.short, row.long]));
  return (
    <ChartSection
      title={title}
      empty={
        rows.length === 0
          ? translate("empact.results.no_figures", { cycle: results.code })
          : undefined
      }
      chart={
        <BarChart
          data={rows}
          responsive
          accessibilityLayer={false}
          style={{ width: "100%", height: 360 }}
          margin={{ top: 8, right: 16, bottom: 28, left: 16 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="short"
            tick={AXIS_TICK}
            interval={0}
            label={{ value: categoryLabel, position: "insideBottom", offset: -16, fill: AXIS_TICK.fill }}
          />
          <YAxis
            width={72}
            tick={AXIS_TICK}
            tickFormatter={(value: number) => formats.compact(value)}
            label={{
              value: indicator.unit,
              angle: -90,
              position: "insideLeft",
              offset: -4,
              fill: AXIS_TICK.fill,
              style: { textAnchor: "middle" },
            }}
          />
          <Tooltip
            itemStyle={{ color: TEXT }}
            formatter={(value) => formats.number(Number(value))}
            labelFormatter={(label) => long.get(String(label)) ?? String(label)}
          />
          {/* In the order of time: the previous cycle, then this one. */}
          <Legend verticalAlign="top" height={32} itemSorter={null} formatter={legendText} />
          {previous ? (
            <Bar dataKey="previous" name={previous} fill={PREVIOUS} maxBarSize={56} />
          ) : null}
          <Bar dataKey="value" name={results.code} fill={CURRENT} maxBarSize={56} />
        </BarChart>
      }
      table={
        <FiguresTable caption={caption} columns={columns} rows={rows} rowKey={(row) => row.key} />
      }
    />
  );
};

export const PriorityChart = ({
  results,
  indicator,
  formats,
}: {
  results: CycleResults;
  indicator: IndicatorResult;
  formats: Formats;
}) => {
  const translate = useTranslate();
  const rows: Pair[] = indicator.by_priority.map((priority) => ({
    key: String(priority.priority_id),
    short: priority.code,
    long: `${priority.code}. ${priority.name}`,
    value: priority.value,
    previous: priority.previous,
  }));
  const options = { indicator: indicator.name, unit: indicator.unit };
  return (
    <PairChart
      title={translate("empact.results.by_priority", options)}
      caption={translate("empact.results.by_priority_caption", {
        ...options,
        cycles: [results.previous_code, results.code].filter(Boolean).join(", "),
      })}
      categoryLabel={translate("empact.results.priority")}
      results={results}
      indicator={indicator}
      rows={rows}
      formats={formats}
    />
  );
};

/** The 15 countries with the largest figures this cycle, then the others together (summed,
 * or their largest figure for an indicator aggregated by maximum). */
const topCountries = (indicator: IndicatorResult, other: (count: number) => string): Pair[] => {
  const sorted = [...indicator.by_country].sort(
    (a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.country.localeCompare(b.country),
  );
  const rows: Pair[] = sorted.slice(0, TOP_COUNTRIES).map((country) => ({
    key: country.country,
    short: country.country,
    long: country.country,
    value: country.value,
    previous: country.previous,
  }));
  const rest = sorted.slice(TOP_COUNTRIES);
  if (rest.length > 0) {
    const combine = (values: (number | null)[]): number | null => {
      const present = values.filter((value): value is number => value !== null);
      if (present.length === 0) {
        return null;
      }
      return indicator.aggregation === "max"
        ? Math.max(...present)
        : // Three decimals at most, as the server's figures: no binary-fraction tail.
          Math.round(present.reduce((sum, value) => sum + value, 0) * 1000) / 1000;
    };
    rows.push({
      key: "__other__",
      short: other(0),
      long: other(rest.length),
      value: combine(rest.map((country) => country.value)),
      previous: combine(rest.map((country) => country.previous)),
    });
  }
  return rows;
};

export const CountryChart = ({
  results,
  indicator,
  formats,
}: {
  results: CycleResults;
  indicator: IndicatorResult;
  formats: Formats;
}) => {
  const translate = useTranslate();
  // On the axis "Other"; in the table and tooltip "Other (17 countries)".
  const rows = topCountries(indicator, (count) =>
    count === 0
      ? translate("empact.results.other_short")
      : translate("empact.results.other", { smart_count: count }),
  );
  const options = { indicator: indicator.name, unit: indicator.unit };
  return (
    <PairChart
      title={translate("empact.results.by_country", options)}
      caption={translate("empact.results.by_country_caption", {
        ...options,
        cycles: [results.previous_code, results.code].filter(Boolean).join(", "),
      })}
      categoryLabel={translate("empact.results.country")}
      results={results}
      indicator={indicator}
      rows={rows}
      formats={formats}
    />
  );
};

interface Completeness extends CountryCompleteness {
  percent: number;
}

export const CompletenessChart = ({ results, formats }: { results: CycleResults; formats: Formats }) => {
  const translate = useTranslate();
  const rows: Completeness[] = results.completeness.map((country) => ({
    ...country,
    percent: country.total === 0 ? 0 : Math.round((country.submitted / country.total) * 1000) / 10,
  }));
  const series = translate("empact.results.submitted_percent");
  const columns: Column<Completeness>[] = [
    { header: translate("empact.results.country"), cell: (row) => row.country },
    { header: translate("empact.results.submitted"), cell: (row) => formats.number(row.submitted), numeric: true },
    { header: translate("empact.results.expected"), cell: (row) => formats.number(row.total), numeric: true },
    { header: series, cell: (row) => formats.percent(row.percent / 100), numeric: true },
  ];
  return (
    <ChartSection
      title={translate("empact.results.completeness", { cycle: results.code })}
      empty={
        rows.length === 0
          ? translate("empact.results.no_contributions", { cycle: results.code })
          : undefined
      }
      chart={
        <BarChart
          data={rows}
          layout="vertical"
          responsive
          accessibilityLayer={false}
          style={{ width: "100%", height: Math.max(160, rows.length * 22 + 90) }}
          margin={{ top: 8, right: 24, bottom: 28, left: 16 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tick={AXIS_TICK}
            tickFormatter={(value: number) => formats.percent(value / 100)}
            label={{ value: series, position: "insideBottom", offset: -16, fill: AXIS_TICK.fill }}
          />
          <YAxis
            type="category"
            dataKey="country"
            width={88}
            interval={0}
            tick={AXIS_TICK}
            label={{
              value: translate("empact.results.country"),
              angle: -90,
              position: "insideLeft",
              fill: AXIS_TICK.fill,
              style: { textAnchor: "middle" },
            }}
          />
          <Tooltip
            itemStyle={{ color: TEXT }}
            formatter={(value) => formats.percent(Number(value) / 100)}
          />
          <Legend verticalAlign="top" height={32} formatter={legendText} />
          <Bar dataKey="percent" name={series} fill={DONE} maxBarSize={18} />
        </BarChart>
      }
      table={
        <FiguresTable
          caption={translate("empact.results.completeness_caption", { cycle: results.code })}
          columns={columns}
          rows={rows}
          rowKey={(row) => row.country}
        />
      }
    />
  );
};
