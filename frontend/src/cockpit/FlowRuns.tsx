// The cycle's flow runs, newest first, refreshed every 2 seconds while one is scheduled or
// running; when the last one ends, the cycle and its matrix are read again.
import {
  Alert,
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { type Identifier, Loading, useDataProvider, useTranslate } from "react-admin";

import { answeredList } from "../components/answered";
import { useFormatters } from "../components/format";
import { useFirstRows } from "../mywork/parts";
import type { EmpactDataProvider } from "../providers/dataProvider";
import type { CycleRun } from "../types";
import { FINAL_RUN_STATES, runColour } from "./states";

const POLL_MS = 2000;

const inProgress = (runs: readonly CycleRun[] | undefined) =>
  (runs ?? []).some((run) => !FINAL_RUN_STATES.includes(run.state));

export const runsKey = (cycleId: Identifier) => ["cycle-runs", String(cycleId)];

export const FlowRuns = ({
  cycleId,
  onSettled,
}: {
  cycleId: Identifier;
  /** Called when the last run in progress has ended. */
  onSettled: () => void;
}) => {
  const translate = useTranslate();
  const format = useFormatters();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const { data, isPending, error } = useQuery({
    queryKey: runsKey(cycleId),
    queryFn: async () => answeredList(await dataProvider.cycleRuns(cycleId)),
    refetchInterval: (query) => (inProgress(query.state.data) ? POLL_MS : false),
  });
  const running = inProgress(data);
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) {
      onSettled();
    }
    wasRunning.current = running;
  }, [running, onSettled]);
  const { shown, toggle } = useFirstRows(data ?? []);

  if (isPending) {
    return <Loading />;
  }
  if (error) {
    return (
      <Alert severity="error">
        {translate("empact.cockpit.runs.load_error")} {error.message}
      </Alert>
    );
  }
  if (data.length === 0) {
    return <Typography variant="body2">{translate("empact.cockpit.runs.none")}</Typography>;
  }
  return (
    <Box>
      {running ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate("empact.cockpit.runs.polling")}
        </Typography>
      ) : null}
      <Box sx={{ overflowX: "auto", width: 0, minWidth: "100%" }}>
        <Table size="small" aria-label={translate("empact.cockpit.runs.title")}>
          <TableHead>
            <TableRow>
              {(["flow", "state", "requested_by", "created_at", "finished_at", "message"] as const).map(
                (column) => (
                  <TableCell key={column} component="th" scope="col">
                    {translate(`empact.cockpit.runs.${column}`)}
                  </TableCell>
                ),
              )}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((run) => (
              <TableRow key={run.id}>
                <TableCell component="th" scope="row">
                  {translate(`empact.cockpit.flows.${run.flow}`, { _: run.flow })}
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={runColour(run.state)}
                    label={translate(`empact.cockpit.run_states.${run.state}`, { _: run.state })}
                  />
                </TableCell>
                <TableCell>{run.requested_by}</TableCell>
                <TableCell sx={{ whiteSpace: "nowrap" }}>{format.dateTime(run.created_at)}</TableCell>
                <TableCell sx={{ whiteSpace: "nowrap" }}>
                  {run.finished_at ? format.dateTime(run.finished_at) : "–"}
                </TableCell>
                <TableCell sx={{ whiteSpace: "pre-wrap", minWidth: 200 }}>{run.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      {toggle}
    </Box>
  );
};
