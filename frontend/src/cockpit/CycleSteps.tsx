// Europol moves the cycle on: Open (a planned cycle), Send reminders and Close (an open one),
// Consolidate (a closed one). Each starts a flow run and answers at once; each asks first,
// saying what it will do (who gets mail, what becomes missing). A refusal (503 when no orchestrator runs
// the flows) stays on screen with the server's message.
import CloseIcon from "@mui/icons-material/Lock";
import OpenIcon from "@mui/icons-material/PlayArrow";
import RemindIcon from "@mui/icons-material/Campaign";
import ConsolidateIcon from "@mui/icons-material/Functions";
import { Alert, Button, Stack, Typography } from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { type ReactElement, useState } from "react";
import { Confirm, type Identifier, useDataProvider, useNotify, useTranslate } from "react-admin";

import { answered } from "../components/answered";
import type { EmpactDataProvider } from "../providers/dataProvider";
import { errorMessage } from "../resources/action-reports/ReportActions";
import type { CycleStep } from "../types";

/** Each step, the cycle state it starts from, and its icon. */
const STEPS: readonly { step: CycleStep; from: string; icon: ReactElement }[] = [
  { step: "open", from: "planned", icon: <OpenIcon /> },
  { step: "remind", from: "open", icon: <RemindIcon /> },
  { step: "close", from: "open", icon: <CloseIcon /> },
  { step: "consolidate", from: "closed", icon: <ConsolidateIcon /> },
];

export const CycleSteps = ({
  cycle,
  onStarted,
}: {
  cycle: { id: Identifier; code: string; state: string };
  onStarted: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<CycleStep | null>(null);
  const start = useMutation({
    mutationFn: async (step: CycleStep) =>
      answered(await dataProvider.cycleStep(cycle.id, step), "flow_run_id"),
    onMutate: () => setRefusal(null),
    onSuccess: (run) => {
      if (!run) {
        return;
      }
      notify("empact.cockpit.started", { type: "info" });
      onStarted();
    },
    onError: (error) => setRefusal(errorMessage(error)),
  });
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
        {STEPS.map(({ step, from, icon }) => (
          <Button
            key={step}
            variant={cycle.state === from ? "contained" : "outlined"}
            startIcon={icon}
            disabled={cycle.state !== from || start.isPending}
            onClick={() => setConfirming(step)}
          >
            {translate(`empact.cockpit.steps.${step}`)}
          </Button>
        ))}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {translate("empact.cockpit.steps_help")}
      </Typography>
      {refusal ? (
        <Alert severity="error" role="alert">
          <span data-server-message>{refusal}</span>
        </Alert>
      ) : null}
      <Confirm
        isOpen={confirming !== null}
        title={`empact.cockpit.${confirming ?? "close"}_title`}
        titleTranslateOptions={{ code: cycle.code }}
        content={`empact.cockpit.${confirming ?? "close"}_content`}
        translateOptions={{ code: cycle.code }}
        confirm={`empact.cockpit.steps.${confirming ?? "close"}`}
        confirmColor={confirming === "close" ? "warning" : "primary"}
        onConfirm={() => {
          if (confirming) {
            start.mutate(confirming);
          }
          setConfirming(null);
        }}
        onClose={() => setConfirming(null)}
      />
    </Stack>
  );
};
