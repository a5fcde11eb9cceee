// Results (/results): a reporting cycle's figures for one indicator, per priority and per
// country beside the previous cycle's, and the cycle's completeness per country. The choices
// are kept in the address (?cycle=&plan=&indicator=), so that a view can be shared.
import { Alert, Box, LinearProgress, MenuItem, Stack, TextField, Typography } from "@mui/material";
import { Loading, type RaRecord, Title, useGetList, useTranslate } from "react-admin";
import { useSearchParams } from "react-router-dom";

import { useCycleResults } from "./api";
import { CompletenessChart, CountryChart, PriorityChart } from "./charts";
import { useFormats } from "./format";

interface Cycle extends RaRecord<number> {
  code: string;
  state: "planned" | "open" | "closed" | "consolidated";
  policy_cycle_id: number;
}

interface Plan extends RaRecord<number> {
  code: string;
  name: string;
}

const ALL = "all";

const numberParam = (value: string | null): number | undefined =>
  value && /^\d+$/.test(value) ? Number(value) : undefined;

/** The open cycle (what is being reported now), else the latest closed or consolidated one
 * (newest first). */
const defaultCycle = (cycles: Cycle[]): Cycle | undefined =>
  cycles.find((cycle) => cycle.state === "open") ??
  cycles.find((cycle) => cycle.state === "consolidated" || cycle.state === "closed") ??
  cycles[0];

export const ResultsPage = () => {
  const translate = useTranslate();
  const formats = useFormats();
  const [params, setParams] = useSearchParams();

  const cycles = useGetList<Cycle>("reporting-cycles", {
    filter: { state: ["open", "closed", "consolidated"] },
    sort: { field: "period_start", order: "DESC" },
    pagination: { page: 1, perPage: 100 },
  });
  const cycleList = cycles.data ?? [];
  const cycle =
    cycleList.find((candidate) => candidate.id === numberParam(params.get("cycle"))) ??
    defaultCycle(cycleList);

  const plans = useGetList<Plan>(
    "action-plans",
    {
      filter: { policy_cycle_id: cycle?.policy_cycle_id },
      sort: { field: "code", order: "ASC" },
      pagination: { page: 1, perPage: 200 },
    },
    { enabled: cycle !== undefined },
  );
  const planList = plans.data ?? [];
  const plan = planList.find((candidate) => candidate.id === numberParam(params.get("plan")));

  const results = useCycleResults(cycle?.id, plan?.id);
  const indicators = results.data?.indicators ?? [];
  const indicator =
    indicators.find((candidate) => candidate.indicator_id === numberParam(params.get("indicator"))) ??
    indicators[0];

  const choose = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === ALL || value === "") {
      next.delete(name);
    } else {
      next.set(name, value);
    }
    if (name === "cycle") {
      // Another cycle may be of another policy cycle, with other plans.
      next.delete("plan");
    }
    setParams(next, { replace: true });
  };

  const title = translate("empact.results.title");
  if (cycles.isPending) {
    return <Loading />;
  }
  if (cycles.error) {
    return (
      <Alert severity="error" role="alert" sx={{ m: 2 }}>
        {cycles.error.message}
      </Alert>
    );
  }
  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, display: "flex", flexDirection: "column", gap: 2 }}>
      <Title title={title} />
      <Typography variant="h5" component="h1">
        {title}
      </Typography>
      {cycle === undefined ? (
        <Alert severity="info">{translate("empact.results.no_cycle")}</Alert>
      ) : (
        <>
          <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
            <TextField
              select
              label={translate("empact.results.cycle")}
              value={String(cycle.id)}
              onChange={(event) => choose("cycle", event.target.value)}
              sx={{ minWidth: 220 }}
            >
              {cycleList.map((candidate) => (
                <MenuItem key={candidate.id} value={String(candidate.id)}>
                  {`${candidate.code} (${translate(`empact.enums.cycle_state.${candidate.state}`)})`}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              label={translate("empact.results.plan")}
              value={plan ? String(plan.id) : ALL}
              onChange={(event) => choose("plan", event.target.value)}
              sx={{ minWidth: 260, maxWidth: { md: 420 } }}
            >
              <MenuItem value={ALL}>{translate("empact.results.all_plans")}</MenuItem>
              {planList.map((candidate) => (
                <MenuItem key={candidate.id} value={String(candidate.id)}>
                  {`${candidate.code}: ${candidate.name}`}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              label={translate("empact.results.indicator")}
              value={indicator ? String(indicator.indicator_id) : ""}
              onChange={(event) => choose("indicator", event.target.value)}
              disabled={indicators.length === 0}
              sx={{ minWidth: 280 }}
            >
              {indicators.map((candidate) => (
                <MenuItem key={candidate.indicator_id} value={String(candidate.indicator_id)}>
                  {`${candidate.name} (${candidate.unit})`}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          {results.isFetching && !results.isPending ? (
            <LinearProgress aria-label={translate("ra.page.loading")} />
          ) : null}
          {results.isPending ? (
            <Loading />
          ) : results.error ? (
            <Alert severity="error" role="alert">
              {results.error.message}
            </Alert>
          ) : (
            <>
              {indicator ? (
                <>
                  <Typography role="status">
                    {translate(
                      indicator.aggregation === "max"
                        ? "empact.results.total_max"
                        : "empact.results.total_sum",
                      {
                        indicator: indicator.name,
                        cycle: results.data.code,
                        total:
                          indicator.total === null
                            ? translate("empact.results.no_figure")
                            : `${formats.number(indicator.total)} ${indicator.unit}`,
                      },
                    )}{" "}
                    {results.data.previous_code
                      ? translate("empact.results.previous_total", {
                          cycle: results.data.previous_code,
                          total:
                            indicator.previous_total === null
                              ? translate("empact.results.no_figure")
                              : `${formats.number(indicator.previous_total)} ${indicator.unit}`,
                        })
                      : translate("empact.results.no_previous")}
                  </Typography>
                  <PriorityChart results={results.data} indicator={indicator} formats={formats} />
                  <CountryChart results={results.data} indicator={indicator} formats={formats} />
                </>
              ) : (
                <Alert severity="info">
                  {translate("empact.results.no_indicators", { cycle: results.data.code })}
                </Alert>
              )}
              <CompletenessChart results={results.data} formats={formats} />
            </>
          )}
        </>
      )}
    </Box>
  );
};
