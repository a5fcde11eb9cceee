// The cycle cockpit (/cockpit, /cockpit/:cycleId), for Europol and the drivers: choose the
// cycle (the open one by default) and filter by priority and country (kept in the address,
// ?priority=&country=), then the actions x participants matrix with its legend and totals.
// Europol also moves the cycle on from here and follows the flow runs.
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useId } from "react";
import {
  Link,
  Loading,
  type RaRecord,
  Title,
  useDataProvider,
  useGetList,
  usePermissions,
  useTranslate,
} from "react-admin";
import { useNavigate, useParams, useSearchParams } from "react-router-dom";

import { answered } from "../components/answered";
import { useFormatters } from "../components/format";
import { enumColour, enumLabel } from "../enums";
import { visuallyHidden } from "../mywork/parts";
import { can } from "../providers/authProvider";
import type { EmpactDataProvider } from "../providers/dataProvider";
import type { Role } from "../types";
import { CycleSteps } from "./CycleSteps";
import { FlowRuns, runsKey } from "./FlowRuns";
import { Legend, Matrix } from "./Matrix";
import { phaseOf } from "./states";

export const COCKPIT_ROLES: readonly Role[] = ["europol", "driver"];

interface Cycle extends RaRecord {
  code: string;
  state: string;
  policy_cycle_id: number;
  due_on: string;
}

interface Priority extends RaRecord {
  code: string;
  name: string;
}

interface Organisation extends RaRecord {
  country_code: string | null;
}

const COUNTRY_KINDS = ["member_state", "schengen_associated", "third_country"];

/** A native select: fast, and usable from the keyboard and by screen readers as it is. */
const Select = ({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) => (
  <TextField
    select
    size="small"
    margin="none"
    fullWidth={false}
    label={label}
    value={value}
    onChange={(event) => onChange(event.target.value)}
    slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
    sx={{ minWidth: 220, maxWidth: 420 }}
  >
    {children}
  </TextField>
);

const Panel = ({
  title,
  chip,
  children,
}: {
  title: string;
  chip?: ReactNode;
  children: ReactNode;
}) => {
  const headingId = useId();
  return (
    <Card component="section" aria-labelledby={headingId} variant="outlined">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", mb: 1 }}>
          <Typography variant="h6" component="h2" id={headingId}>
            {title}
          </Typography>
          {chip}
        </Stack>
        {children}
      </CardContent>
    </Card>
  );
};

const CockpitPage = () => {
  const translate = useTranslate();
  const format = useFormatters();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const { permissions } = usePermissions();
  const { cycleId } = useParams();
  const [search, setSearch] = useSearchParams();
  const priority = search.get("priority") ?? "";
  const country = search.get("country") ?? "";

  const cycles = useGetList<Cycle>("reporting-cycles", {
    pagination: { page: 1, perPage: 500 },
    sort: { field: "period_start", order: "DESC" },
  });
  const cycle =
    cycleId !== undefined
      ? cycles.data?.find((item) => String(item.id) === cycleId)
      : (cycles.data?.find((item) => item.state === "open") ?? cycles.data?.[0]);
  const priorities = useGetList<Priority>(
    "priorities",
    {
      filter: { policy_cycle_id: cycle?.policy_cycle_id },
      pagination: { page: 1, perPage: 100 },
      sort: { field: "code", order: "ASC" },
    },
    { enabled: cycle !== undefined },
  );
  const organisations = useGetList<Organisation>("organisations", {
    filter: { kind: COUNTRY_KINDS },
    pagination: { page: 1, perPage: 500 },
    sort: { field: "code", order: "ASC" },
  });
  const countries = [
    ...new Set(
      (organisations.data ?? []).flatMap((o) => (o.country_code ? [o.country_code] : [])),
    ),
  ]
    .map((code) => ({ code, name: format.country(code) }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const matrix = useQuery({
    queryKey: ["cycle-matrix", String(cycle?.id), priority, country],
    queryFn: async () =>
      answered(
        await dataProvider.cycleMatrix(cycle?.id as number, {
          priority: priority ? Number(priority) : undefined,
          country: country || undefined,
        }),
        "rows",
      ),
    enabled: cycle !== undefined,
    placeholderData: keepPreviousData,
  });

  const refreshCycle = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ["reporting-cycles"] });
    void queryClient.invalidateQueries({ queryKey: ["cycle-matrix"] });
  }, [queryClient]);
  const followRun = () => {
    if (cycle) {
      void queryClient.invalidateQueries({ queryKey: runsKey(cycle.id) });
    }
  };

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setSearch(next, { replace: true });
  };

  if (cycles.isPending) {
    return <Loading />;
  }
  if (cycles.error) {
    return <Alert severity="error">{cycles.error.message}</Alert>;
  }
  if (!cycle) {
    return cycleId !== undefined ? (
      <Alert severity="warning" sx={{ mt: 2 }}>
        {translate("ra.page.not_found")}. <Link to="/cockpit">{translate("empact.cockpit.title")}</Link>
      </Alert>
    ) : (
      <Alert severity="info" sx={{ mt: 2 }}>
        {translate("empact.cockpit.no_cycle")}
      </Alert>
    );
  }
  const chooseCycle = (value: string) => {
    // A priority belongs to one policy cycle: it no longer applies to another one's cycle.
    const next = new URLSearchParams(search);
    const chosen = cycles.data?.find((item) => String(item.id) === value);
    if (chosen?.policy_cycle_id !== cycle.policy_cycle_id) {
      next.delete("priority");
    }
    navigate({ pathname: `/cockpit/${value}`, search: next.toString() });
  };
  const europol = can(permissions, "europol");
  const phase = phaseOf(cycle.state, matrix.data?.deadline ?? `${cycle.due_on}T23:59:59Z`);

  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
        <Select
          label={translate("empact.cockpit.cycle")}
          value={String(cycle.id)}
          onChange={chooseCycle}
        >
          {(cycles.data ?? []).map((item) => (
            <option key={item.id} value={String(item.id)}>
              {item.code} · {translate(enumLabel("cycle_state", item.state))}
            </option>
          ))}
        </Select>
        <Select
          label={translate("empact.cockpit.priority")}
          value={priority}
          onChange={(value) => setFilter("priority", value)}
        >
          <option value="">{translate("empact.cockpit.all_priorities")}</option>
          {(priorities.data ?? []).map((item) => (
            <option key={item.id} value={String(item.id)}>
              {item.code}. {item.name}
            </option>
          ))}
        </Select>
        <Select
          label={translate("empact.cockpit.country")}
          value={country}
          onChange={(value) => setFilter("country", value)}
        >
          <option value="">{translate("empact.cockpit.all_countries")}</option>
          {countries.map((item) => (
            <option key={item.code} value={item.code}>
              {item.name} ({item.code})
            </option>
          ))}
        </Select>
      </Stack>

      <Panel
        title={translate("empact.mywork.cycle", { code: cycle.code })}
        chip={
          <Chip
            size="small"
            label={translate(enumLabel("cycle_state", cycle.state))}
            color={enumColour("cycle_state", cycle.state)}
          />
        }
      >
        <Stack spacing={2}>
          {europol ? <CycleSteps key={cycle.id} cycle={cycle} onStarted={followRun} /> : null}
          <Typography variant="subtitle1" component="h3">
            {translate("empact.cockpit.runs.title")}
          </Typography>
          <FlowRuns cycleId={cycle.id} onSettled={refreshCycle} />
        </Stack>
      </Panel>

      <Panel title={translate("empact.cockpit.matrix")}>
        {matrix.error ? (
          <Alert severity="error">
            {translate("empact.cockpit.load_error")} {matrix.error.message}
          </Alert>
        ) : !matrix.data ? (
          <Loading />
        ) : (
          <Stack spacing={2}>
            <Typography variant="body2">
              {translate("empact.cockpit.late_after", { date: format.date(cycle.due_on) })}
            </Typography>
            <Legend matrix={matrix.data} phase={phase} />
            <Box sx={{ minHeight: 4 }}>
              {matrix.isFetching ? <LinearProgress aria-label={translate("ra.page.loading")} /> : null}
            </Box>
            <Matrix matrix={matrix.data} phase={phase} />
          </Stack>
        )}
      </Panel>
    </Stack>
  );
};

export const Cockpit = () => {
  const translate = useTranslate();
  const { permissions, isPending } = usePermissions();
  if (isPending) {
    return <Loading />;
  }
  return (
    <Box>
      <Title title="empact.cockpit.title" />
      <Typography component="h1" sx={visuallyHidden}>
        {translate("empact.cockpit.title")}
      </Typography>
      {can(permissions, COCKPIT_ROLES) ? (
        <CockpitPage />
      ) : (
        <Alert severity="info" sx={{ mt: 2 }}>
          {translate("empact.cockpit.not_allowed")}
        </Alert>
      )}
    </Box>
  );
};
